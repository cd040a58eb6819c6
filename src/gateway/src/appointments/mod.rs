//! 预约到厅 and 预约上门: the slots an office offers (`slots`), hall bookings with their
//! places, cancellations, reminders and arrivals (`hall`), home visit requests and the clerks'
//! moves on them (`home`), and the steps the citizen reads in the app and the inbox (`events`).

pub mod events;
pub mod hall;
pub mod home;
pub mod slots;

use crate::{store::Store, AppError};
use rand::RngCore;

/// A random 32-hex-digit id.
pub(crate) fn new_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    crate::hex::lower(&b)
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

/// That `receipt_no`, when given, is an application of `owner` for `item_id` in `region`: the
/// appointment is then for that application, and an arrival at it is one 跑动 of that
/// application (its item's and region's, in the statistics). 404 `unknown_receipt` otherwise.
pub(crate) async fn own_application(
    store: &Store,
    owner: &str,
    receipt_no: Option<&str>,
    region: &str,
    item_id: &str,
) -> Result<(), AppError> {
    let Some(receipt_no) = receipt_no else {
        return Ok(());
    };
    let found: Option<(String, String, String)> =
        sqlx::query_as("SELECT owner, region, item_id FROM applications WHERE receipt_no = $1")
            .bind(receipt_no)
            .fetch_optional(store.pool())
            .await?;
    let theirs = found.is_some_and(|(o, r, i)| o == owner && r == region && i == item_id);
    if !theirs {
        return Err(AppError::NotFound {
            code: "unknown_receipt",
            message: "no application of yours for this item has this receipt number".into(),
        });
    }
    Ok(())
}
