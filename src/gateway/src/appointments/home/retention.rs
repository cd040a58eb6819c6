//! Retention of home visits: the sealed address and phone are forgotten once finished long
//! enough ago; the request itself stays for the statistics.

use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};

/// Retention: forgets the address and phone of requests finished before `before`. Answers how
/// many were purged (at most `limit`).
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
    let mut n = 0;
    for id in ids {
        n += sqlx::query(
            "UPDATE home_visits SET address = NULL, phone = NULL, purged_at = $1 WHERE id = $2",
        )
        .bind(now.timestamp_millis())
        .bind(&id)
        .execute(store.pool())
        .await?
        .rows_affected();
    }
    Ok(n)
}
