//! 预约到厅 and 预约上门: the slots an office offers (`slots`), hall bookings with their
//! places, cancellations, reminders and arrivals (`hall`), home visit requests and the clerks'
//! moves on them (`home`), and the steps the citizen reads in the app and the inbox (`events`).

pub mod events;
pub mod hall;
pub mod home;
pub mod slots;

use crate::AppError;
use rand::RngCore;

/// A random 32-hex-digit id.
pub(crate) fn new_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub(crate) fn not_found() -> AppError {
    AppError::NotFound {
        code: "not_found",
        message: "no such appointment".into(),
    }
}

/// Whether a citizen may still cancel something happening on `day` when it is `today` (China
/// time): until the day before, not on it.
pub fn may_cancel(today: chrono::NaiveDate, day: chrono::NaiveDate) -> bool {
    today.succ_opt().is_some_and(|t| t < day)
}
