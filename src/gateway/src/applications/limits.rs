//! Lookups by receipt number + verifier, and family invitation codes, are limited per target
//! (the receipt; the person typing codes) and per caller (a real-name person, a session, or for
//! callers without a session a client address), each purpose in its own buckets, in the
//! database (so every copy of the gateway shares the count).
//!
//! Each lookup is counted *before* its verifier is compared, by one upsert that returns the new
//! count, so concurrent guesses cannot slip past the limit between a read and a write; a lookup
//! that then succeeds gives its count back. Past [`MAX_FAILURES`] in a window the answer is 429
//! whether or not the guess would be right. A receipt's verifier path is then locked for
//! [`FIRST_LOCK_MS`], and for [`REPEAT_LOCK_MS`] when it was locked in the day before. The
//! owner's own session never passes through here, so a stranger who knows a receipt number
//! cannot lock its owner out.

use super::receipt::sha256_hex;
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};

/// Failures allowed per bucket and window: a receipt, a person or a session.
pub const MAX_FAILURES: i64 = 10;
/// Failures allowed per client address and window, for callers with no session: carriers put
/// thousands of phones behind one address, so it only stops a flood, not one neighbour.
pub const ADDRESS_FAILURES: i64 = 200;
pub const WINDOW_MS: i64 = 10 * 60 * 1000;
pub const FIRST_LOCK_MS: i64 = 60 * 60 * 1000;
pub const REPEAT_LOCK_MS: i64 = 24 * 60 * 60 * 1000;

/// Who is guessing, as precisely as the request says.
pub enum Guesser<'a> {
    /// A session with a real-name identity: counted per person, in every shell.
    Person(&'a str),
    /// A session without one: counted per session.
    Session(&'a str),
    /// No session: counted per client address, sized for carrier NAT.
    Address(std::net::IpAddr),
}

/// What a lookup is counted against, per purpose: receipt lookups and family-code guesses
/// never share a bucket, so ten wrong codes do not refuse anyone's receipt lookup.
pub struct Buckets {
    /// What is guessed at: past [`MAX_FAILURES`] it is locked (a receipt; a person's codes).
    pub target: String,
    /// Who guesses, and how many failures they may have in a window.
    pub caller: String,
    pub caller_max: i64,
}

impl Buckets {
    fn caller(purpose: &str, who: &Guesser<'_>) -> (String, i64) {
        let hash = |kind: &str, v: &[u8]| format!("{purpose}:{kind}:{}", sha256_hex(&[v]));
        match who {
            Guesser::Person(idh) => (hash("person", idh.as_bytes()), MAX_FAILURES),
            Guesser::Session(id) => (hash("session", id.as_bytes()), MAX_FAILURES),
            Guesser::Address(ip) => (hash("ip", ip.to_string().as_bytes()), ADDRESS_FAILURES),
        }
    }

    /// A progress lookup of `receipt_no` with a verifier.
    pub fn receipt(receipt_no: &str, who: &Guesser<'_>) -> Self {
        let (caller, caller_max) = Self::caller("lookup", who);
        Self {
            target: format!("receipt:{}", sha256_hex(&[receipt_no.as_bytes()])),
            caller,
            caller_max,
        }
    }

    /// A family invitation code typed by the real-name person `idh` in session `session`.
    pub fn family_code(idh: &str, session: &str) -> Self {
        let (caller, caller_max) = Self::caller("code", &Guesser::Session(session));
        Self {
            target: format!("code:person:{}", sha256_hex(&[idh.as_bytes()])),
            caller,
            caller_max,
        }
    }
}

fn window(now: i64) -> i64 {
    now / WINDOW_MS * WINDOW_MS
}

fn limited(code: &'static str, wait_ms: i64) -> AppError {
    let secs = (wait_ms.max(1000) + 999) / 1000;
    AppError::RateLimited {
        code,
        message: format!("too many failed lookups; try again in {secs} seconds"),
        retry_after_secs: secs as u64,
    }
}

/// Counts one lookup in `bucket`'s window and returns the count.
async fn count(store: &Store, bucket: &str, now: i64) -> Result<i64, AppError> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO lookup_failures (bucket, window_start, failures) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET failures = lookup_failures.failures + 1 \
         RETURNING failures",
    )
    .bind(bucket)
    .bind(window(now))
    .fetch_one(store.pool())
    .await?;
    Ok(n)
}

async fn locked_until(store: &Store, bucket: &str) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT locked_until FROM lookup_locks WHERE bucket = $1")
            .bind(bucket)
            .fetch_optional(store.pool())
            .await?,
    )
}

/// Locks the receipt: 1 hour, or 24 hours when its last lock ended less than a day ago.
async fn lock(store: &Store, bucket: &str, now: i64) -> Result<i64, AppError> {
    let until: i64 = sqlx::query_scalar(
        "INSERT INTO lookup_locks (bucket, locked_until, lockouts) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
         lockouts = CASE WHEN lookup_locks.locked_until < $3 THEN 1 ELSE lookup_locks.lockouts + 1 END, \
         locked_until = CASE WHEN lookup_locks.locked_until < $3 THEN $2 ELSE $4 END \
         RETURNING locked_until",
    )
    .bind(bucket)
    .bind(now + FIRST_LOCK_MS)
    .bind(now - REPEAT_LOCK_MS)
    .bind(now + REPEAT_LOCK_MS)
    .fetch_one(store.pool())
    .await?;
    Ok(until)
}

/// Admits one lookup or refuses it with the time to wait. An admitted lookup is counted as a
/// failure until [`succeeded`] gives it back.
pub async fn admit(store: &Store, b: &Buckets, now: DateTime<Utc>) -> Result<(), AppError> {
    let now = now.timestamp_millis();
    if let Some(until) = locked_until(store, &b.target).await?.filter(|&u| u > now) {
        return Err(limited("lookup_locked", until - now));
    }
    let on_receipt = count(store, &b.target, now).await?;
    if on_receipt > MAX_FAILURES {
        // Exactly one lookup sees the count pass the limit: it sets (or escalates) the lock.
        let until = if on_receipt == MAX_FAILURES + 1 {
            lock(store, &b.target, now).await?
        } else {
            locked_until(store, &b.target).await?.unwrap_or(now)
        };
        return Err(limited(
            "lookup_locked",
            until.max(window(now) + WINDOW_MS) - now,
        ));
    }
    if count(store, &b.caller, now).await? > b.caller_max {
        give_back(store, &b.target, now).await?;
        return Err(limited(
            "too_many_failed_lookups",
            window(now) + WINDOW_MS - now,
        ));
    }
    Ok(())
}

/// The lookup found its application: it was no failure.
pub async fn succeeded(store: &Store, b: &Buckets, now: DateTime<Utc>) -> Result<(), AppError> {
    let now = now.timestamp_millis();
    give_back(store, &b.target, now).await?;
    give_back(store, &b.caller, now).await
}

async fn give_back(store: &Store, bucket: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE lookup_failures SET failures = failures - 1 \
         WHERE bucket = $1 AND window_start = $2 AND failures > 0",
    )
    .bind(bucket)
    .bind(window(now))
    .execute(store.pool())
    .await?;
    Ok(())
}
