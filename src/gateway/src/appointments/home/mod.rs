//! 预约上门: a citizen asks for a clerk to come to them (self-declared reason, two or three
//! preferred half days on working days, an address and a phone); the region's clerks confirm a
//! half day (one of those, or another proposed), assign a clerk, mark it done or cancel it with
//! a reason. The address and phone are sealed at rest under the row's id, answered only to
//! their citizen and to a clerk reading the one request (the route audits it), and set to NULL
//! by retention (`purge`). A home visit is no trip of the citizen's: it writes no `visits` row.
//!
//! One job a file: the citizen's request (`request`), reading requests back for the citizen and
//! the clerks (`read`), the clerks' moves (`moves`), the citizen's cancellation (`cancel`) and
//! retention (`retention`).

mod cancel;
mod moves;
mod read;
mod request;
mod retention;

pub use cancel::cancel;
pub use moves::act;
pub use read::{for_clerk, of_owner, queue, region_of};
pub use request::{half_days, request};
pub use retention::{purge, purge_idle};

/// The context the address and phone of request `id` are sealed under.
pub(super) fn sealed_context(id: &str, what: &str) -> String {
    crate::sealing::registry::aad::home_visit(id, what)
}
