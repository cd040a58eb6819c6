//! `GET /applications/{receipt_no}`: the timeline a person reads at a glance. Without the
//! right verifier the answer is the same 404 as for a receipt that does not exist.

use super::receipt::verifier_hash;
use crate::{store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::Row;
use tongban_rules::lifecycle::Status;

#[derive(Debug, Serialize)]
pub struct Event {
    pub status: &'static str,
    pub label: &'static str,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Progress {
    pub receipt_no: String,
    pub region: String,
    pub item: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub submitted_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
    pub timeline: Vec<Event>,
}

pub fn not_found() -> AppError {
    AppError::NotFound {
        code: "not_found",
        message: "no application matches this receipt number and verifier".into(),
    }
}

/// A stored status code; an unknown one (never written by this version) reads as submitted.
pub fn status(code: &str) -> Status {
    Status::from_code(code).unwrap_or(Status::Submitted)
}

pub async fn progress(
    store: &Store,
    receipt_no: &str,
    verifier: &str,
) -> Result<Progress, AppError> {
    let row = sqlx::query(
        "SELECT region, item_id, verifier_hash, status, submitted_at, due_date FROM applications WHERE receipt_no = $1",
    )
    .bind(receipt_no)
    .fetch_optional(store.pool())
    .await?
    .ok_or_else(not_found)?;
    if row.try_get::<String, _>("verifier_hash")? != verifier_hash(receipt_no, verifier)
        || verifier.trim().len() != 6
    {
        return Err(not_found());
    }
    let events = sqlx::query(
        "SELECT status, note, at FROM application_events WHERE receipt_no = $1 ORDER BY seq",
    )
    .bind(receipt_no)
    .fetch_all(store.pool())
    .await?;
    let timeline = events
        .iter()
        .map(|e| {
            let s = status(&e.try_get::<String, _>("status")?);
            Ok(Event {
                status: s.code(),
                label: s.label(),
                at: DateTime::from_timestamp_millis(e.try_get("at")?).unwrap_or_default(),
                note: e.try_get("note")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let s = status(&row.try_get::<String, _>("status")?);
    let due: Option<String> = row.try_get("due_date")?;
    Ok(Progress {
        receipt_no: receipt_no.to_owned(),
        region: row.try_get("region")?,
        item: row.try_get("item_id")?,
        status: s.code(),
        status_label: s.label(),
        submitted_at: DateTime::from_timestamp_millis(row.try_get("submitted_at")?)
            .unwrap_or_default(),
        due_date: due.as_deref().and_then(|d| d.parse().ok()),
        timeline,
    })
}
