//! The lookup limits count in fixed windows of [`limits::WINDOW_MS`]: guesses on either side of
//! a window's end are counted apart, each side allowing its own limit (docs/api.md). A test
//! that needs its guesses counted together starts them with enough of a window left.

use std::time::Duration;
use tongban_gateway::applications::limits;

/// What a sequence of guesses in one test may take at most, on the slowest machine CI has.
const NEEDED: Duration = Duration::from_secs(30);

/// Returns at once when at least [`NEEDED`] is left of the current window; else when the next
/// window has begun (at most [`NEEDED`] later): the clock reaching a known instant, not a guess
/// at how long something takes.
pub async fn with_a_window_ahead() {
    let now = chrono::Utc::now().timestamp_millis();
    let left = limits::WINDOW_MS - now.rem_euclid(limits::WINDOW_MS);
    if left < NEEDED.as_millis() as i64 {
        tokio::time::sleep(Duration::from_millis(left as u64 + 100)).await;
    }
}
