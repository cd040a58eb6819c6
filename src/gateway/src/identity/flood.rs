//! Made-up operator tokens are refused 401 and each refusal is an audit row (`refused.401`, by the
//! token's fingerprint). Without a bound, anyone could write rows as fast as they can send
//! requests and fill the audit table. Per client address, this copy records the first
//! [`RECORDED_PER_MINUTE`] such refusals of a minute one by one; the one after them is recorded
//! with a note that the rest of the minute is answered 429 `too_many_refusals` without a row each,
//! and the first row of the next minute says how many were answered so. The counts also show in
//! `/metrics` (`http_requests_total` by status).

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

/// Unknown-token refusals recorded row by row per client address and minute, in one copy.
pub const RECORDED_PER_MINUTE: u32 = 30;
/// Addresses kept before windows that have ended are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Window {
    started: DateTime<Utc>,
    recorded: u32,
    unrecorded: u32,
}

/// What to do with one more unknown-token refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Record it; `unrecorded` refusals of this address's last full minute had no row each.
    Record { unrecorded: u32 },
    /// Record it, and say the rest of this minute is answered 429 without a row each.
    RecordLast,
    /// Answer 429 `too_many_refusals` until the minute ends (`retry_after_secs`), without a row.
    Quiet { retry_after_secs: u64 },
}

/// The minute windows of the addresses that sent unknown tokens, in this copy.
#[derive(Debug, Default)]
pub struct UnknownTokens {
    windows: Mutex<HashMap<String, Window>>,
}

impl UnknownTokens {
    pub fn admit(&self, client: &str, now: DateTime<Utc>) -> Verdict {
        // Plain counts: a map a panic left half-updated is still a map of counts.
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, w| now - w.started < Duration::minutes(1));
        }
        let fresh = Window {
            started: now,
            recorded: 1,
            unrecorded: 0,
        };
        let w = windows.entry(client.to_owned()).or_insert(Window {
            recorded: 0,
            ..fresh
        });
        if now - w.started >= Duration::minutes(1) {
            let unrecorded = w.unrecorded;
            *w = fresh;
            return Verdict::Record { unrecorded };
        }
        match w.recorded {
            n if n < RECORDED_PER_MINUTE => {
                w.recorded += 1;
                Verdict::Record { unrecorded: 0 }
            }
            n if n == RECORDED_PER_MINUTE => {
                w.recorded += 1;
                Verdict::RecordLast
            }
            _ => {
                w.unrecorded += 1;
                let left = Duration::minutes(1) - (now - w.started);
                Verdict::Quiet {
                    retry_after_secs: left.num_seconds().max(1) as u64,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_rows_then_quiet_429s_counted_in_the_next_minutes_first_row() {
        let budget = UnknownTokens::default();
        let t0 = Utc::now();
        for _ in 0..RECORDED_PER_MINUTE {
            assert_eq!(
                budget.admit("1.2.3.4", t0),
                Verdict::Record { unrecorded: 0 }
            );
        }
        assert_eq!(budget.admit("1.2.3.4", t0), Verdict::RecordLast);
        let later = t0 + Duration::seconds(20);
        for _ in 0..5 {
            assert_eq!(
                budget.admit("1.2.3.4", later),
                Verdict::Quiet {
                    retry_after_secs: 40
                }
            );
        }
        // Another address is not held back by the first.
        assert_eq!(
            budget.admit("5.6.7.8", later),
            Verdict::Record { unrecorded: 0 }
        );
        let next = t0 + Duration::seconds(60);
        assert_eq!(
            budget.admit("1.2.3.4", next),
            Verdict::Record { unrecorded: 5 }
        );
        assert_eq!(
            budget.admit("1.2.3.4", next),
            Verdict::Record { unrecorded: 0 }
        );
    }

    #[test]
    fn ended_windows_are_swept_when_many_addresses_are_kept() {
        let budget = UnknownTokens::default();
        let t0 = Utc::now();
        for n in 0..SWEEP_AT {
            budget.admit(&format!("10.0.{}.{}", n / 256, n % 256), t0);
        }
        budget.admit("1.2.3.4", t0 + Duration::minutes(2));
        assert_eq!(budget.windows.lock().unwrap().len(), 1);
    }
}
