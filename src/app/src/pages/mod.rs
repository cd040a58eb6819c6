//! One module per route.

pub mod apply;
pub mod appointments;
pub mod family;
pub mod family_accept;
pub mod family_request;
pub mod guide;
pub mod home;
pub mod messages;
pub mod mine;
pub mod not_found;
pub mod offices;
pub mod progress;
pub mod receipt;
