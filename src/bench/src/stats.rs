//! Latency samples and what the README prints of them.

use std::collections::BTreeMap;
use std::time::Duration;

/// What one load level measured.
#[derive(Debug, Default)]
pub struct Tally {
    /// Latency of every answered request, in microseconds.
    pub latencies_us: Vec<u64>,
    /// Answers by HTTP status; `0` counts requests that got no answer (connection refused/reset).
    pub statuses: BTreeMap<u16, u64>,
}

impl Tally {
    pub fn record(&mut self, status: u16, took: Duration) {
        *self.statuses.entry(status).or_default() += 1;
        if status != 0 {
            self.latencies_us
                .push(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
        }
    }

    pub fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        for (s, n) in other.statuses {
            *self.statuses.entry(s).or_default() += n;
        }
    }

    pub fn count(&self, ok: impl Fn(u16) -> bool) -> u64 {
        self.statuses
            .iter()
            .filter(|(s, _)| ok(**s))
            .map(|(_, n)| n)
            .sum()
    }

    /// The `q`-quantile (0..=1) of the latencies in milliseconds (nearest rank).
    pub fn quantile_ms(&mut self, q: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        self.latencies_us.sort_unstable();
        let n = self.latencies_us.len();
        let rank = ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
        self.latencies_us[rank] as f64 / 1000.0
    }
}

/// The median of a list of numbers (the mean of the middle two for an even count).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_use_the_nearest_rank() {
        let mut t = Tally::default();
        for ms in 1..=100 {
            t.record(200, Duration::from_millis(ms));
        }
        assert_eq!(t.quantile_ms(0.5), 50.0);
        assert_eq!(t.quantile_ms(0.99), 99.0);
        assert_eq!(t.count(|s| s == 200), 100);
    }

    #[test]
    fn unanswered_requests_count_but_have_no_latency() {
        let mut t = Tally::default();
        t.record(0, Duration::from_secs(3));
        assert_eq!(t.count(|s| s == 0), 1);
        assert!(t.quantile_ms(0.5).is_nan());
        assert_eq!(median(&mut [3.0, 1.0, 2.0, 10.0]), 2.5);
    }
}
