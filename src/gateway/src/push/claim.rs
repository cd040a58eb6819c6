//! The outbox's claims. A copy takes due events under its name for a lease: on PostgreSQL
//! `FOR UPDATE SKIP LOCKED` lets copies claiming at once take different rows without waiting on
//! each other; on SQLite the one `UPDATE … RETURNING` runs under the database's single write
//! lock, so it is one claimer at a time. An event is due when it is undelivered, its backoff
//! (`next_at`) has passed and no live lease holds it: a lease whose copy died mid-delivery
//! expires and the event is due again for any copy (at least once).

use crate::{
    store::{Engine, Store},
    AppError,
};
use sqlx::Row;

/// An event claimed for delivery.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub event_id: String,
    pub payload: String,
    pub attempts: i64,
}

/// Claims at most `limit` due events at `now` (Unix ms) for `holder` until `lease_until`.
pub async fn claim(
    store: &Store,
    holder: &str,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<Claimed>, AppError> {
    let lock = match store.engine() {
        Engine::Postgres => "FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let rows = sqlx::query(&format!(
        "UPDATE outbox SET claimed_by = $1, lease_until = $2 WHERE event_id IN ( \
           SELECT event_id FROM outbox WHERE delivered_at IS NULL AND next_at <= $3 \
           AND (lease_until IS NULL OR lease_until <= $3) ORDER BY next_at LIMIT $4 {lock}) \
         RETURNING event_id, payload, attempts"
    ))
    .bind(holder)
    .bind(lease_until)
    .bind(now)
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Claimed {
                event_id: r.try_get("event_id")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect()
}

/// A delivery succeeded: the event is done, whoever holds it now.
pub async fn delivered(store: &Store, event: &Claimed, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE outbox SET delivered_at = $1, attempts = $2, claimed_by = NULL, \
         lease_until = NULL WHERE event_id = $3",
    )
    .bind(at)
    .bind(event.attempts + 1)
    .bind(&event.event_id)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// A delivery failed: due again at `next_at`, for any copy; unless it was delivered meanwhile
/// (by a copy that took it over after this one's lease expired).
pub async fn failed(
    store: &Store,
    event: &Claimed,
    next_at: i64,
    reason: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE outbox SET attempts = $1, next_at = $2, last_error = $3, claimed_by = NULL, \
         lease_until = NULL WHERE event_id = $4 AND delivered_at IS NULL",
    )
    .bind(event.attempts + 1)
    .bind(next_at)
    .bind(reason)
    .bind(&event.event_id)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// The undelivered events and the age in ms of the oldest at `now` (events older than the
/// `created_at` column count from their first due time), for `/metrics`.
pub async fn backlog(store: &Store, now: i64) -> Result<(i64, i64), AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(COALESCE(created_at, next_at)) AS oldest FROM outbox \
         WHERE delivered_at IS NULL",
    )
    .fetch_one(store.pool())
    .await?;
    let n: i64 = row.try_get("n")?;
    let oldest: Option<i64> = row.try_get("oldest")?;
    Ok((n, oldest.map_or(0, |o| (now - o).max(0))))
}
