//! `GET /applications/{receipt_no}`: the timeline a person reads at a glance, what is asked of
//! them, and what they may do next. Reachable by the owner's session, or by anyone holding the
//! receipt number and the verifier; every other answer is the same 404.

use super::{
    attachments::{self, Attached},
    mask,
    receipt::{verifier_hash, VERIFIER_CHARS},
    record::Record,
};
use crate::{store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::Row;
use tongban_rules::{
    catalogue::Item,
    lifecycle::{may_rate, next, Actor, Move, Status},
    validate::identifier,
};

#[derive(Debug, Serialize)]
pub struct Event {
    pub status: &'static str,
    pub label: &'static str,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Applicant {
    pub name: String,
    pub id_number: String,
    pub phone: String,
}

#[derive(Debug, Serialize)]
pub struct Asked {
    pub note: String,
    pub materials: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Rating {
    pub grade: i64,
    pub reason: Option<String>,
    pub follow_up: Option<String>,
}

/// What the viewer may do now (only an owner with a session may act).
#[derive(Debug, Serialize, Default)]
pub struct Actions {
    pub revoke: bool,
    pub resubmit: bool,
    pub rate: bool,
}

#[derive(Debug, Serialize)]
pub struct Progress {
    pub receipt_no: String,
    pub region: String,
    pub item: String,
    pub item_name: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub submitted_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
    pub applicant: Applicant,
    pub timeline: Vec<Event>,
    pub asked: Option<Asked>,
    /// The materials uploaded with the application and its corrections (owner and operators;
    /// never a receipt-and-verifier lookup).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attached>,
    pub rating: Option<Rating>,
    pub actions: Actions,
}

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
pub fn verifier_matches(record: &Record, verifier: &str) -> bool {
    identifier::id_number(verifier).chars().count() == VERIFIER_CHARS
        && record.verifier_hash == verifier_hash(&record.receipt_no, verifier)
}

async fn events(store: &Store, receipt_no: &str) -> Result<Vec<Event>, AppError> {
    let rows = sqlx::query(
        "SELECT status, note, at FROM application_events WHERE receipt_no = $1 ORDER BY seq",
    )
    .bind(receipt_no)
    .fetch_all(store.pool())
    .await?;
    let events = rows
        .iter()
        .map(|e| {
            let s = super::record::status(&e.try_get::<String, _>("status")?);
            Ok(Event {
                status: s.code(),
                label: s.label(),
                at: super::record::millis(e.try_get("at")?),
                note: e.try_get("note")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(events)
}

async fn rating(store: &Store, receipt_no: &str) -> Result<Option<Rating>, AppError> {
    let row = sqlx::query("SELECT grade, reason, follow_up FROM ratings WHERE receipt_no = $1")
        .bind(receipt_no)
        .fetch_optional(store.pool())
        .await?;
    Ok(row
        .map(|r| {
            Ok::<_, sqlx::Error>(Rating {
                grade: r.try_get::<i64, _>("grade")?,
                reason: r.try_get("reason")?,
                follow_up: r.try_get("follow_up")?,
            })
        })
        .transpose()?)
}

/// The progress of `record` as `viewer` sees it.
pub async fn progress(
    store: &Store,
    record: &Record,
    item: Option<&Item>,
    viewer: Viewer,
) -> Result<Progress, AppError> {
    let rating = rating(store, &record.receipt_no).await?;
    let s = record.status;
    let actions = match item {
        Some(item) if viewer == Viewer::Owner => Actions {
            revoke: next(item, s, Move::Revoke, Actor::Applicant).is_ok(),
            resubmit: s == Status::Returned,
            rate: may_rate(s) && rating.is_none(),
        },
        _ => Actions::default(),
    };
    let asked = (s == Status::Returned).then(|| Asked {
        note: record.asked_note.clone().unwrap_or_default(),
        materials: record.asked_materials.clone(),
    });
    Ok(Progress {
        receipt_no: record.receipt_no.clone(),
        region: record.region.clone(),
        item: record.item.clone(),
        item_name: item.map_or_else(|| record.item.clone(), |i| i.name.clone()),
        status: s.code(),
        status_label: s.label(),
        submitted_at: record.submitted_at,
        due_date: record.due_date,
        applicant: Applicant {
            name: mask::name(record.field("applicant.name")),
            id_number: mask::id_number(record.field("applicant.id_number")),
            phone: mask::phone(record.field("applicant.phone")),
        },
        timeline: events(store, &record.receipt_no).await?,
        asked,
        attachments: if viewer != Viewer::Holder {
            attachments::of(store.pool(), &record.receipt_no).await?
        } else {
            Vec::new()
        },
        rating,
        actions,
    })
}
