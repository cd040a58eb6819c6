//! Failed progress lookups are counted per client and per receipt number in fixed windows, in
//! the database (so every copy of the gateway shares the count). Past the limit the answer is
//! 429 whether or not the next guess would be right: guessing a verifier is not worth trying.

use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};

/// Failures allowed per bucket and window.
pub const MAX_FAILURES: i64 = 10;
pub const WINDOW_MS: i64 = 10 * 60 * 1000;

fn window(now: DateTime<Utc>) -> i64 {
    now.timestamp_millis() / WINDOW_MS * WINDOW_MS
}

fn limited() -> AppError {
    AppError::RateLimited {
        code: "too_many_failed_lookups",
        message: "too many failed lookups; try again in 10 minutes".into(),
    }
}

/// Refuses at once when any of `buckets` is over its limit.
pub async fn check(store: &Store, buckets: &[String], now: DateTime<Utc>) -> Result<(), AppError> {
    for bucket in buckets {
        let failures: Option<i64> = sqlx::query_scalar(
            "SELECT failures FROM lookup_failures WHERE bucket = $1 AND window_start = $2",
        )
        .bind(bucket)
        .bind(window(now))
        .fetch_optional(store.pool())
        .await?;
        if failures.unwrap_or(0) >= MAX_FAILURES {
            return Err(limited());
        }
    }
    Ok(())
}

/// Counts one failure in every bucket.
pub async fn fail(store: &Store, buckets: &[String], now: DateTime<Utc>) -> Result<(), AppError> {
    for bucket in buckets {
        sqlx::query(
            "INSERT INTO lookup_failures (bucket, window_start, failures) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET failures = lookup_failures.failures + 1",
        )
        .bind(bucket)
        .bind(window(now))
        .execute(store.pool())
        .await?;
    }
    Ok(())
}
