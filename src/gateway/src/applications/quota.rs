//! Upload quota: one citizen may hold at most 20 uploads, or 50 MB, not yet attached to an
//! application and made in the last 24 hours; past that `429 upload_quota`. Uploads never
//! attached are deleted after a day (`retention`), so the quota frees itself.

use crate::{store::Store, AppError};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

pub const MAX_LOOSE_UPLOADS: i64 = 20;
pub const MAX_LOOSE_BYTES: i64 = 50 * 1024 * 1024;

/// Refuses when `owner` uploading `size` more bytes at `now` would pass the quota.
pub async fn check(
    store: &Store,
    owner: &str,
    size: usize,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(size), 0) AS BIGINT) AS bytes, \
         MIN(created_at) AS oldest FROM attachments \
         WHERE owner = $1 AND receipt_no IS NULL AND created_at >= $2",
    )
    .bind(owner)
    .bind((now - Duration::hours(24)).timestamp_millis())
    .fetch_one(store.pool())
    .await?;
    let count: i64 = row.try_get("n")?;
    let bytes: i64 = row.try_get("bytes")?;
    let oldest: Option<i64> = row.try_get("oldest")?;
    if count >= MAX_LOOSE_UPLOADS || bytes + size as i64 > MAX_LOOSE_BYTES {
        // The oldest loose upload leaves the day's count then.
        let frees_at =
            oldest.unwrap_or(now.timestamp_millis()) + Duration::hours(24).num_milliseconds();
        let retry_after_secs = ((frees_at - now.timestamp_millis()) / 1000).max(1) as u64;
        return Err(AppError::RateLimited {
            code: "upload_quota",
            message: format!(
                "at most {MAX_LOOSE_UPLOADS} files or {} MB not yet attached to an application per day; submit or wait",
                MAX_LOOSE_BYTES / 1024 / 1024
            ),
            retry_after_secs,
        });
    }
    Ok(())
}
