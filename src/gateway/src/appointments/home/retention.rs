//! Retention of home visits: the sealed address and phone, and the clerks' notes on its steps
//! (`Class::HomeVisit` of the registry of sealed data), are forgotten once the visit is finished
//! long enough ago, or left without a move long enough in any state (then it is cancelled);
//! the request itself stays for the statistics.

use crate::{
    sealing::registry::{clear_sql, Class},
    store::Store,
    AppError,
};
use chrono::{DateTime, Utc};

/// Forgets what the ids' visits hold; answers how many were purged.
async fn forget(
    store: &Store,
    ids: &[String],
    now: DateTime<Utc>,
    cancel: bool,
) -> Result<u64, AppError> {
    let status = if cancel {
        ", status = 'cancelled', finished_at = $1, updated_at = $1"
    } else {
        ""
    };
    let visits = format!(
        "UPDATE home_visits SET {}, purged_at = $1{status} WHERE id = $2 AND purged_at IS NULL",
        clear_sql("home_visits", Class::HomeVisit)
    );
    let notes = format!(
        "UPDATE appointment_events SET {} WHERE ref_id = $1",
        clear_sql("appointment_events", Class::HomeVisit)
    );
    let mut n = 0;
    for id in ids {
        let mut tx = store.pool().begin().await?;
        n += sqlx::query(&visits)
            .bind(now.timestamp_millis())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(&notes).bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
    }
    Ok(n)
}

/// Retention: forgets the address, phone and notes of requests finished before `before`.
/// Answers how many were purged (at most `limit`).
pub async fn purge(
    store: &Store,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<u64, AppError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM home_visits WHERE finished_at < $1 AND purged_at IS NULL LIMIT $2",
    )
    .bind(before.timestamp_millis())
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    forget(store, &ids, now, false).await
}

/// Retention: cancels the requests still open with no move since `before`, and forgets their
/// address, phone and notes.
pub async fn purge_idle(
    store: &Store,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<u64, AppError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM home_visits WHERE purged_at IS NULL AND finished_at IS NULL \
         AND updated_at < $1 LIMIT $2",
    )
    .bind(before.timestamp_millis())
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    forget(store, &ids, now, true).await
}
