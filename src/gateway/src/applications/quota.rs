//! Upload quota: one citizen may upload at most 20 files, or 50 MB, in any 24 hours, whether
//! or not the uploads were attached to an application since; past that `429 upload_quota`.
//! Attaching does not give the quota back: were only loose uploads counted, upload-and-attach
//! in a loop (an application carries its files until retention) would fill the disk. An upload
//! leaves the count 24 hours after it was made.

use crate::{store::Store, AppError};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

pub const MAX_DAILY_UPLOADS: i64 = 20;
pub const MAX_DAILY_BYTES: i64 = 50 * 1024 * 1024;

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
         WHERE owner = $1 AND created_at >= $2",
    )
    .bind(owner)
    .bind((now - Duration::hours(24)).timestamp_millis())
    .fetch_one(store.pool())
    .await?;
    let count: i64 = row.try_get("n")?;
    let bytes: i64 = row.try_get("bytes")?;
    let oldest: Option<i64> = row.try_get("oldest")?;
    if count >= MAX_DAILY_UPLOADS || bytes + size as i64 > MAX_DAILY_BYTES {
        // The oldest upload of the day leaves the count then.
        let frees_at =
            oldest.unwrap_or(now.timestamp_millis()) + Duration::hours(24).num_milliseconds();
        let retry_after_secs = ((frees_at - now.timestamp_millis()) / 1000).max(1) as u64;
        return Err(AppError::RateLimited {
            code: "upload_quota",
            message: format!(
                "at most {MAX_DAILY_UPLOADS} files or {} MB uploaded in 24 hours, attached or not; wait",
                MAX_DAILY_BYTES / 1024 / 1024
            ),
            retry_after_secs,
        });
    }
    Ok(())
}
