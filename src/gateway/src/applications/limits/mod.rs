//! Lookups by receipt number + verifier, and family invitation codes, are limited per target
//! (the receipt; the person typing codes) and per caller (a real-name person, a session, or for
//! callers without a session a client address), each purpose in its own buckets, in the
//! database (so every copy of the gateway shares the count).
//!
//! Only a failure writes. A lookup first reads whether its target is locked or at the limit and
//! whether its caller is at its limit ([`admit`]: one query, no write; a receipt lookup reads
//! them in the application's own statement, [`admit_reading`]), then compares; a lookup
//! that succeeds has written nothing. A failed compare is counted ([`Admitted::failed`]) by an
//! upsert that returns the new count (atomic on SQLite and PostgreSQL); the failure that brings
//! a target to [`MAX_FAILURES`] in a window locks it for [`FIRST_LOCK_MS`], or [`REPEAT_LOCK_MS`]
//! when it was locked in the day before. From then on the answer is 429 whether or not the guess
//! would be right. The owner's own session never passes through here, so a stranger who knows a
//! receipt number cannot lock its owner out.
//!
//! Because the count is taken after the compare, a guess that read the count below the limit
//! could be answered after others in flight reached it. So each copy of the gateway lets at
//! most [`IN_FLIGHT`] lookups per bucket be between their read and their count ([`in_flight`]),
//! and lets one compare only when the failures counted plus the lookups seated before it on the
//! same bucket stay below the limit (the others wait, re-reading the count): were all of those
//! wrong, they and this one would still be within it. One copy therefore answers exactly
//! [`MAX_FAILURES`] wrong guesses per target and window, however many arrive at once; copies
//! do not see each other's seats, so with several a target answers at most
//! `MAX_FAILURES + (copies − 1) × IN_FLIGHT`, a caller `caller_max + (copies − 1) × IN_FLIGHT`.
//! (Windows are fixed, so the two sides of a window's end each allow their own count.)

use super::receipt::sha256_hex;
use crate::{
    store::{Columns, Next, Row, Script, Store, Work},
    AppError,
};
use chrono::{DateTime, Utc};
use std::future::Future;
use tokio::time::{sleep, Duration, Instant};

mod in_flight;
pub use in_flight::{InFlight, Seat, IN_FLIGHT, WAIT, WAITING};

/// Failures allowed per bucket and window: a receipt, a person or a session.
pub const MAX_FAILURES: i64 = 10;
/// Failures allowed per client address and window, for callers with no session: carriers put
/// thousands of phones behind one address, so it only stops a flood, not one neighbour.
pub const ADDRESS_FAILURES: i64 = 200;
pub const WINDOW_MS: i64 = 10 * 60 * 1000;
pub const FIRST_LOCK_MS: i64 = 60 * 60 * 1000;
pub const REPEAT_LOCK_MS: i64 = 24 * 60 * 60 * 1000;
/// How often a lookup waiting for room behind the lookups ahead of it reads the count again.
const RECHECK: Duration = Duration::from_millis(2);

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

/// Counts one lookup in `bucket`'s window; the statement returns the count (`failures`).
fn count(script: &mut Script, bucket: &str, now: i64) {
    script
        .push(
            "INSERT INTO lookup_failures (bucket, window_start, failures) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET failures = lookup_failures.failures + 1 \
             RETURNING failures",
        )
        .bind(bucket)
        .bind(window(now));
}

/// Locks the target: 1 hour, or 24 hours when its last lock ended less than a day ago.
fn lock(script: &mut Script, bucket: &str, now: i64) {
    script
        .push(
            "INSERT INTO lookup_locks (bucket, locked_until, lockouts) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
             lockouts = CASE WHEN lookup_locks.locked_until < $3 THEN 1 ELSE lookup_locks.lockouts + 1 END, \
             locked_until = CASE WHEN lookup_locks.locked_until < $3 THEN $2 ELSE $4 END",
        )
        .bind(bucket)
        .bind(now + FIRST_LOCK_MS)
        .bind(now - REPEAT_LOCK_MS)
        .bind(now + REPEAT_LOCK_MS);
}

/// One failed lookup, counted on its target (locking it when that count reaches the limit) and
/// on its caller, as a write of the hot path.
struct Failure {
    target: String,
    caller: String,
    now: i64,
    target_counted: bool,
}

impl Work for Failure {
    type Output = ();

    fn step(&mut self, rows: Option<Vec<Vec<Row>>>) -> Result<Next<()>, AppError> {
        let mut script = Script::new();
        match rows {
            None => count(&mut script, &self.target, self.now),
            Some(rows) if !self.target_counted => {
                self.target_counted = true;
                let row = rows.first().and_then(|r| r.first());
                let n: i64 = row.map_or(Ok(0), |r| r.get("failures"))?;
                // Exactly one failure sees the count reach the limit: it sets (or escalates)
                // the lock.
                if n == MAX_FAILURES {
                    lock(&mut script, &self.target, self.now);
                }
                count(&mut script, &self.caller, self.now);
            }
            Some(_) => return Ok(Next::Done(())),
        }
        Ok(Next::Run(script))
    }
}

/// The failures counted in the current window, on a target and on a caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub on_target: i64,
    pub on_caller: i64,
}

/// What the limits' read answers before it is judged: the target's lock and the failures counted
/// in the current window on the target and on the caller (`None`: no row).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    locked_until: Option<i64>,
    on_target: Option<i64>,
    on_caller: Option<i64>,
}

/// The limits' read as three columns (`locked_until`, `on_target`, `on_caller`), for a statement
/// that reads them with something else (`view`); `target`, `caller` and `window` are the
/// placeholders bound to [`Buckets::target`], [`Buckets::caller`] and [`window_start`].
pub fn columns(target: &str, caller: &str, window: &str) -> String {
    format!(
        "(SELECT locked_until FROM lookup_locks WHERE bucket = {target}) AS locked_until, \
         (SELECT failures FROM lookup_failures WHERE bucket = {target} AND window_start = {window}) AS on_target, \
         (SELECT failures FROM lookup_failures WHERE bucket = {caller} AND window_start = {window}) AS on_caller"
    )
}

/// The window a read at `now` counts in: bind it for [`columns`]' `window`.
pub fn window_start(now: DateTime<Utc>) -> i64 {
    window(now.timestamp_millis())
}

impl Limits {
    /// The limits in `row`, read by [`columns`].
    pub fn from_row(row: &impl crate::store::Columns) -> Result<Self, AppError> {
        Ok(Self {
            locked_until: row.get("locked_until")?,
            on_target: row.get("on_target")?,
            on_caller: row.get("on_caller")?,
        })
    }

    /// Refuses with the time to wait when `b`'s target is locked or at its limit, or its caller
    /// at theirs; else answers the counts.
    fn judge(self, b: &Buckets, now: DateTime<Utc>) -> Result<Counted, AppError> {
        let now = now.timestamp_millis();
        let window_end = window(now) + WINDOW_MS;
        if let Some(until) = self.locked_until.filter(|&u| u > now) {
            return Err(limited("lookup_locked", until - now));
        }
        // At the limit but not yet locked: the failure that reached it is writing the lock.
        if self.on_target.unwrap_or(0) >= MAX_FAILURES {
            return Err(limited(
                "lookup_locked",
                FIRST_LOCK_MS.max(window_end - now),
            ));
        }
        if self.on_caller.unwrap_or(0) >= b.caller_max {
            return Err(limited("too_many_failed_lookups", window_end - now));
        }
        Ok(Counted {
            on_target: self.on_target.unwrap_or(0),
            on_caller: self.on_caller.unwrap_or(0),
        })
    }
}

/// Reads, without writing, whether `b`'s target is locked or at its limit and whether its caller
/// is at theirs, and refuses with the time to wait; else answers the counts.
pub async fn check(store: &Store, b: &Buckets, now: DateTime<Utc>) -> Result<Counted, AppError> {
    read(store, b, now).await?.judge(b, now)
}

async fn read(store: &Store, b: &Buckets, now: DateTime<Utc>) -> Result<Limits, AppError> {
    let row = sqlx::query(&format!("SELECT {}", columns("$1", "$2", "$3")))
        .bind(&b.target)
        .bind(&b.caller)
        .bind(window_start(now))
        .fetch_one(store.pool())
        .await?;
    Limits::from_row(&row)
}

/// Counts one failed lookup against `b`, and locks the target when it reaches the limit, in
/// one write of the hot path (`Store::write`: on SQLite it shares its commit with others).
pub async fn failed(store: &Store, b: &Buckets, now: DateTime<Utc>) -> Result<(), AppError> {
    let failure = Failure {
        target: b.target.clone(),
        caller: b.caller.clone(),
        now: now.timestamp_millis(),
        target_counted: false,
    };
    store.write(failure).await
}

/// A lookup admitted past the limits, holding its seats in flight until it is dropped or its
/// failure is counted.
#[must_use = "the seats are held until the lookup's compare is done"]
pub struct Admitted {
    _target: Seat,
    _caller: Seat,
}

impl Admitted {
    /// The compare failed: counts it ([`failed`]), then gives the seats back.
    pub async fn failed(
        self,
        store: &Store,
        b: &Buckets,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        failed(store, b, now).await
    }
}

fn busy(code: &'static str) -> AppError {
    AppError::RateLimited {
        code,
        message: "too many lookups at once; try again in a second".into(),
        retry_after_secs: 1,
    }
}

/// Takes a seat in flight on `b`'s target and caller ([`InFlight`]), then [`check`]s, and waits
/// (up to [`WAIT`]) until the failures counted plus the seats taken before its own leave room
/// for it: a lookup that is refused has written nothing. Hold the answer across the compare; on
/// a failed compare call [`Admitted::failed`], on success drop it.
pub async fn admit(
    store: &Store,
    in_flight: &InFlight,
    b: &Buckets,
    now: DateTime<Utc>,
) -> Result<Admitted, AppError> {
    let limits_only = move || async move { Ok(((), read(store, b, now).await?)) };
    Ok(admit_reading(in_flight, b, now, limits_only).await?.0)
}

/// [`admit`], with the limits read by `read` together with what the lookup compares (`view`:
/// the application and the limits in one statement), after the seats are taken. `read` runs
/// again while the lookups ahead leave no room; the answer is what its last run read.
pub async fn admit_reading<T, F, Fut>(
    in_flight: &InFlight,
    b: &Buckets,
    now: DateTime<Utc>,
    mut read: F,
) -> Result<(Admitted, T), AppError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(T, Limits), AppError>>,
{
    let target = in_flight
        .seat(&b.target)
        .await
        .ok_or_else(|| busy("lookup_locked"))?;
    let caller = in_flight
        .seat(&b.caller)
        .await
        .ok_or_else(|| busy("too_many_failed_lookups"))?;
    let deadline = Instant::now() + WAIT;
    loop {
        // The seats ahead first, then the count. A lookup ahead counts its failure (committed)
        // before it gives its seat back, so whichever of the two reads sees it, one does: read
        // the other way round, a failure committed between them would be seen by neither.
        let (target_ahead, caller_ahead) = (target.ahead() as i64, caller.ahead() as i64);
        let (value, limits) = read().await?;
        let counted = limits.judge(b, now)?;
        let on_target = counted.on_target + target_ahead < MAX_FAILURES;
        if on_target && counted.on_caller + caller_ahead < b.caller_max {
            let admitted = Admitted {
                _target: target,
                _caller: caller,
            };
            return Ok((admitted, value));
        }
        if Instant::now() >= deadline {
            return Err(busy(if on_target {
                "too_many_failed_lookups"
            } else {
                "lookup_locked"
            }));
        }
        // The lookups ahead are comparing now: their answers come within milliseconds.
        sleep(RECHECK).await;
    }
}
