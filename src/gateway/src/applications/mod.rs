//! Applications: receipt numbers, submission with idempotency, and the progress timeline.

pub mod receipt;
pub mod submit;
pub mod timeline;
