//! Moving an application along its life cycle (the table is `tongban_rules::lifecycle::next`).
//! The update is conditional on the status read, so two operators acting at once cannot both
//! win; the event, the push, the notification and an operator's audit row are written in the
//! same transaction.

use super::{
    attachments,
    events::{self, Change},
    record::Record,
};
use crate::{audit, sealing::registry::aad, store::Store, AppError};
use chrono::{DateTime, Utc};
use tongban_rules::{
    api::china_today,
    calendar::Calendar,
    catalogue::Item,
    form::Parsed,
    lifecycle::{next, Actor, Move, Refused, Status},
};

/// One requested move and what comes with it.
pub struct Request<'a> {
    pub mv: Move,
    pub actor: Actor,
    /// The named operator making an operator's move (stored with the event, never shown to
    /// citizens).
    pub operator: Option<&'a str>,
    /// The operator's reason (required to refuse or return) or the applicant's remark.
    pub note: Option<&'a str>,
    /// 退回补正: the materials the applicant must provide.
    pub materials: &'a [String],
    /// A resubmission's corrected form (already validated by the rules).
    pub form: Option<&'a Parsed>,
    /// A resubmission's uploads (`POST /attachments` ids): linked in the move's transaction,
    /// and they must cover every material the office asked for.
    pub attachments: &'a [String],
    /// An operator's move is audited in its own transaction: the move and its audit row commit
    /// together, and a move whose audit row cannot be written does not happen.
    pub audit: Option<audit::Entry<'a>>,
}

fn refused(r: Refused, mv: Move, from: Status) -> AppError {
    match r {
        Refused::NotYours => AppError::Unauthorized {
            code: "not_your_move",
            message: format!("`{}` is not a move this caller may make", mv.code()),
        },
        Refused::NotNow => AppError::Conflict {
            code: "move_not_allowed",
            message: format!(
                "`{}` is not allowed while the application is `{}`",
                mv.code(),
                from.code()
            ),
        },
    }
}

/// Applies `req` to `record` of `item`; the caller re-reads the record to answer.
pub async fn apply(
    store: &Store,
    record: &Record,
    item: &Item,
    calendar: &Calendar,
    req: &Request<'_>,
    now: DateTime<Utc>,
) -> Result<Status, AppError> {
    let to = next(item, record.status, req.mv, req.actor)
        .map_err(|r| refused(r, req.mv, record.status))?;
    let note = req.note.map(str::trim).filter(|n| !n.is_empty());
    if req.mv.needs_note() && note.is_none() {
        return Err(AppError::BadRequest {
            code: "note_required",
            message: format!("`{}` needs a note telling the applicant why", req.mv.code()),
            field: Some("note"),
        });
    }
    let at = now.timestamp_millis();
    let mut due = record.due_date;
    let mut accepted_at = record.accepted_at.map(|t| t.timestamp_millis());
    if to == Status::Accepted {
        // The due date is fixed at acceptance: the promised working days (or, with no promise,
        // the statutory limit) count from the day of acceptance in China, the day not counted.
        let today = china_today(now.timestamp_millis());
        due = item.limit().map(|l| calendar.deadline(today, l.days).due);
        accepted_at = Some(at);
    }
    let finished = to.is_final();
    let sealer = store.sealer()?;
    let (asked_note, asked_materials) = if to == Status::Returned {
        (
            note.map(|n| sealer.seal_text(&aad::asked_note(&record.receipt_no, None), n)),
            Some(serde_json::to_string(req.materials).unwrap_or_default()),
        )
    } else {
        (None, None)
    };
    let form_json = req.form.map(|f| {
        sealer.seal_text(
            &record.receipt_no,
            &serde_json::to_string(f).unwrap_or_default(),
        )
    });

    let mut tx = store.pool().begin().await?;
    let updated = sqlx::query(
        "UPDATE applications SET status = $1, updated_at = $2, due_date = $3, accepted_at = $4, \
         finished_at = $5, asked_note = $6, asked_materials = $7, \
         form_json = COALESCE($8, form_json) WHERE receipt_no = $9 AND status = $10",
    )
    .bind(to.code())
    .bind(at)
    .bind(due.map(|d| d.to_string()))
    .bind(accepted_at)
    .bind(finished.then_some(at))
    .bind(asked_note)
    .bind(asked_materials)
    .bind(form_json)
    .bind(&record.receipt_no)
    .bind(record.status.code())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(AppError::Conflict {
            code: "status_changed",
            message: "the application changed meanwhile; reload and try again".into(),
        });
    }
    if req.mv == Move::Resubmit || !req.attachments.is_empty() {
        let sent =
            attachments::link(&mut tx, &record.receipt_no, &record.owner, req.attachments).await?;
        if req.mv == Move::Resubmit {
            attachments::covers(&record.asked_materials, &sent)?;
        }
    }
    let seq: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM application_events WHERE receipt_no = $1",
    )
    .bind(&record.receipt_no)
    .fetch_one(&mut *tx)
    .await?;
    let sealed_note =
        note.map(|n| sealer.seal_text(&aad::event_note(&record.receipt_no, Some(seq)), n));
    let change = Change {
        receipt_no: &record.receipt_no,
        region: &record.region,
        item: &record.item,
        owner: &record.owner,
        seq,
        status: to,
        actor: req.actor,
        operator: req.operator,
        note: sealed_note.as_deref(),
        at: now,
    };
    events::record(&mut tx, &change).await?;
    if let Some(entry) = &req.audit {
        audit::record_in(&mut tx, entry, now).await?;
    }
    tx.commit().await?;
    tracing::info!(receipt_no = %record.receipt_no, from = record.status.code(), to = to.code(),
        actor = req.actor.code(), "application moved");
    Ok(to)
}
