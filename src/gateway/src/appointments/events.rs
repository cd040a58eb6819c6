//! The steps of appointments and home visits the citizen reads: in each one's timeline and in
//! the inbox (即时知). A message never holds the address or phone.

use super::new_id;
use crate::{
    sealing::{registry::aad, Sealer},
    store::Store,
    AppError,
};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// One step to record for `owner` on appointment or home visit `ref_id`.
pub struct Step<'a> {
    pub owner: &'a str,
    pub ref_id: &'a str,
    pub status: &'a str,
    pub note: Option<&'a str>,
    pub message: String,
}

pub async fn record(store: &Store, step: Step<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    let id = new_id();
    // A clerk's note is sealed like every note (`sealing::registry`).
    let note = match step.note {
        Some(n) => Some(
            store
                .sealer()?
                .seal_text(&aad::appointment_note(&id, None), n),
        ),
        None => None,
    };
    sqlx::query(
        "INSERT INTO appointment_events (id, owner, ref_id, seq, status, note, message, at) \
         SELECT $1, $2, $3, COALESCE(MAX(seq), 0) + 1, $4, $5, $6, $7 \
         FROM appointment_events WHERE ref_id = $3",
    )
    .bind(&id)
    .bind(step.owner)
    .bind(step.ref_id)
    .bind(step.status)
    .bind(note)
    .bind(&step.message)
    .bind(now.timestamp_millis())
    .execute(store.pool())
    .await?;
    Ok(())
}

/// A recorded step.
pub struct Recorded {
    pub ref_id: String,
    pub status: String,
    pub note: Option<String>,
    pub message: String,
    pub at: i64,
}

fn read(sealer: &Sealer, r: &sqlx::any::AnyRow) -> Result<Recorded, AppError> {
    let id: String = r.try_get("id")?;
    Ok(Recorded {
        ref_id: r.try_get("ref_id")?,
        status: r.try_get("status")?,
        note: r
            .try_get::<Option<String>, _>("note")?
            .map(|n| sealer.open_text(&aad::appointment_note(&id, None), &n))
            .transpose()?,
        message: r.try_get("message")?,
        at: r.try_get("at")?,
    })
}

/// The newest `limit` steps of `owner`, newest first.
pub async fn of_owner(store: &Store, owner: &str, limit: i64) -> Result<Vec<Recorded>, AppError> {
    sqlx::query(
        "SELECT id, ref_id, status, note, message, at FROM appointment_events \
         WHERE owner = $1 ORDER BY at DESC LIMIT $2",
    )
    .bind(owner)
    .bind(limit)
    .fetch_all(store.pool())
    .await?
    .iter()
    .map(|r| read(store.sealer()?, r))
    .collect()
}

/// The steps of `ref_id`, oldest first.
pub async fn of_ref(store: &Store, ref_id: &str) -> Result<Vec<Recorded>, AppError> {
    sqlx::query(
        "SELECT id, ref_id, status, note, message, at FROM appointment_events \
         WHERE ref_id = $1 ORDER BY seq",
    )
    .bind(ref_id)
    .fetch_all(store.pool())
    .await?
    .iter()
    .map(|r| read(store.sealer()?, r))
    .collect()
}
