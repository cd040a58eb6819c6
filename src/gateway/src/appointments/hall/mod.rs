//! 预约到厅: a place in an office's slot. Places are numbered 1..capacity and the table's unique
//! (office, day, slot, place) refuses a second holder of a place on both engines, so two
//! citizens racing for the last place cannot both get it. Cancelling gives the place back;
//! the clerk's arrival mark is the citizen's trip (跑动), written to `visits`.
//!
//! One job a file: the free places of an office (`places`), booking one (`book`), reading
//! bookings back (`read`), the citizen's cancellation (`cancel`), the clerk's arrival mark
//! (`arrival`) and the reminders the day before (`reminders`).

mod arrival;
mod book;
mod cancel;
mod places;
mod read;
mod reminders;

pub use arrival::arrive;
pub use book::{book, MAX_OPEN};
pub use cancel::cancel;
pub use places::available;
pub use read::{of_day, of_owner};
pub use reminders::{remind, remind_now};
