//! The API's wire types, defined once: the gateway serialises them and the app deserialises the
//! very same types, so neither side keeps a hand copy that could drift. Serde only: no web or
//! server dependency. With the `openapi` feature (the gateway's alone, never the wasm app's) the
//! types also describe themselves as OpenAPI schemas.
//!
//! Instants travel as RFC 3339 text in UTC (`2026-03-05T06:07:08.123Z`) and dates as
//! `YYYY-MM-DD` text: the app reads instants with the browser's `Date.parse`, not a date parser
//! compiled into the wasm.

mod acting;
mod appointments;
mod error;
pub mod family;
mod inbox;
mod lists;
pub mod mask;
mod progress;
pub mod real_name;
mod receipt;
mod requests;
mod time;

pub use acting::Acting;
pub use appointments::{
    appointment_label, reason_label, Appointment, Booking, HomeVisit, HomeVisitMove,
    HomeVisitRequest, HomeVisitStep, MyAppointments, OfficeSlots, Slot,
};
pub use error::ErrorBody;
pub use family::{
    Acceptance, BindingRequest, BoundApplicant, Invitation, InvitationLookup, InvitationPreview,
    InvitationRequest, Member, MemberApplicant, Objection, PendingBinding,
};
pub use inbox::{Inbox, Notification};
pub use lists::ListVersion;
pub use progress::{Actions, Applicant, Asked, Attached, Event, Progress, Rating};
pub use real_name::RealName;
pub use receipt::{Receipt, Summary};
pub use requests::{MoveRequest, RatingRequest, Resubmission, Submission};
pub use time::{china_today, instant};
