//! `GET /applications/{receipt_no}`: the timeline a person reads at a glance, what is asked of
//! them, and what they may do next. Reachable by the owner's session, or by anyone holding the
//! receipt number and the verifier; every other answer is the same 404.

use super::{attachments, record::Record};
use crate::{ratings, sealing::registry::aad, store::Store, AppError};
use tongban_rules::{
    api::{self, mask, Actions, Applicant, Asked, Event, Progress},
    catalogue::Item,
    lifecycle::{may_rate, next, Actor, Move, Status},
};

/// Who is looking: what they see and may do depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The applicant, by session: may act, sees the materials on file.
    Owner,
    /// An operator (token): sees the materials on file, acts through the operator routes.
    Operator,
    /// Anyone holding the receipt number and the verifier: reads the progress only.
    Holder,
}

pub fn not_found() -> AppError {
    AppError::NotFound {
        code: "not_found",
        message: "no application matches this receipt number and verifier".into(),
    }
}

/// Whether a lookup without the owner's session presented the right verifier.
pub fn verifier_matches(
    keys: &crate::sealing::verifier::Verifier,
    record: &Record,
    verifier: &str,
) -> bool {
    keys.matches(&record.verifier_hash, &record.receipt_no, verifier)
}

/// The columns [`event_from_row`] reads, of `application_events` as `e` (also under a LEFT JOIN:
/// `view` reads the timeline with the record).
pub const EVENT_COLUMNS: &str = "CAST(e.seq AS BIGINT) AS e_seq, e.status AS e_status, \
     e.note AS e_note, e.at AS e_at, e.operator AS e_operator";

/// The event in `row` ([`EVENT_COLUMNS`]), its note opened, with the operator who made it (only
/// an operator is shown that: [`build`]); `None` when the row has none (a LEFT JOIN's NULLs).
pub fn event_from_row(
    e: &impl crate::store::Columns,
    receipt_no: &str,
    sealer: &crate::sealing::Sealer,
) -> Result<Option<Event>, AppError> {
    let Some(seq) = e.get::<Option<i64>>("e_seq")? else {
        return Ok(None);
    };
    let note = e
        .get::<Option<String>>("e_note")?
        .map(|n| sealer.open_text(&aad::event_note(receipt_no, Some(seq)), &n))
        .transpose()?;
    let s = super::record::status(&e.get::<String>("e_status")?, "application_events.status")?;
    Ok(Some(Event {
        status: s,
        label: s.label().to_owned(),
        at: api::instant(super::record::millis(
            e.get("e_at")?,
            "application_events.at",
        )?),
        note,
        by: e.get("e_operator")?,
    }))
}

async fn events(store: &Store, receipt_no: &str) -> Result<Vec<Event>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {EVENT_COLUMNS} FROM application_events e WHERE e.receipt_no = $1 ORDER BY e.seq"
    ))
    .bind(receipt_no)
    .fetch_all(store.pool())
    .await?;
    let sealer = store.sealer()?;
    rows.iter()
        .filter_map(|e| event_from_row(e, receipt_no, sealer).transpose())
        .collect()
}

/// What the progress view shows besides the record: the timeline, the rating, and the
/// materials on file (read for the owner and operators only).
#[derive(Debug, Default)]
pub struct Read {
    pub timeline: Vec<Event>,
    pub rating: Option<api::Rating>,
    pub attachments: Vec<api::Attached>,
}

/// Reads what the progress of `record` shows besides it, as `viewer` sees it.
pub async fn read(store: &Store, record: &Record, viewer: Viewer) -> Result<Read, AppError> {
    // The three reads at once (each on its own connection).
    let no = &record.receipt_no;
    let attachments = async {
        if viewer == Viewer::Holder {
            Ok(Vec::new())
        } else {
            attachments::of(store.pool(), no).await
        }
    };
    let (rating, timeline, attachments) =
        tokio::try_join!(ratings::of(store, no), events(store, no), attachments)?;
    Ok(Read {
        timeline,
        rating,
        attachments,
    })
}

/// The progress of `record` as `viewer` sees it.
pub async fn progress(
    store: &Store,
    record: &Record,
    item: Option<&Item>,
    viewer: Viewer,
) -> Result<Progress, AppError> {
    let read = read(store, record, viewer).await?;
    Ok(build(record, item, viewer, read))
}

/// The progress of `record` as `viewer` sees it, from what was read with it: only an operator
/// sees who made each move, only the owner and operators the materials on file.
pub fn build(record: &Record, item: Option<&Item>, viewer: Viewer, read: Read) -> Progress {
    let Read {
        mut timeline,
        rating,
        mut attachments,
    } = read;
    if viewer != Viewer::Operator {
        timeline.iter_mut().for_each(|e| e.by = None);
    }
    if viewer == Viewer::Holder {
        attachments.clear();
    }
    let s = record.status;
    let actions = match item {
        Some(item) if viewer == Viewer::Owner => Actions {
            revoke: next(item, s, Move::Revoke, Actor::Applicant).is_ok(),
            resubmit: s == Status::Returned,
            rate: may_rate(s) && rating.is_none(),
            // Set by the route for an application an agent filed (`family::acting::may_object`).
            object: false,
        },
        _ => Actions::default(),
    };
    let asked = (s == Status::Returned).then(|| Asked {
        note: record.asked_note.clone().unwrap_or_default(),
        materials: record.asked_materials.clone(),
    });
    Progress {
        receipt_no: record.receipt_no.clone(),
        region: record.region.clone(),
        region_name: tongban_rules::division::region_name(&record.region),
        item: record.item.clone(),
        item_name: item.map_or_else(|| record.item.clone(), |i| i.name.clone()),
        status: s,
        status_label: s.label().to_owned(),
        submitted_at: api::instant(record.submitted_at),
        due_date: record.due_date.map(|d| d.to_string()),
        applicant: Applicant {
            name: mask::name(record.field("applicant.name")),
            id_number: mask::id_number(record.field("applicant.id_number")),
            phone: mask::phone(record.field("applicant.phone")),
        },
        acting: record.acting(),
        timeline,
        asked,
        attachments,
        rating,
        actions,
        list_version: record.list_version,
    }
}
