//! Applications: receipt numbers, submission with idempotency, the life cycle after it, and
//! what the applicant sees of it.

pub mod access;
pub mod attachments;
pub mod events;
pub mod files;
pub mod limits;
pub mod moves;
pub mod quota;
pub mod receipt;
pub mod received;
pub mod record;
pub mod stats;
pub mod submit;
pub mod targets;
pub mod timeline;
pub mod units;
pub mod view;
pub mod window;
