//! The citizen's own things: applications and notifications (即时知).

use super::{fetch_empty, get, post_json, ApiError};
use serde::Serialize;

pub use tongban_rules::api::{Inbox, Notification, Summary};

/// `GET /me/applications`, newest first.
pub async fn applications() -> Result<Vec<Summary>, ApiError> {
    get("/me/applications").await
}

/// `GET /me/notifications`
pub async fn notifications() -> Result<Inbox, ApiError> {
    get("/me/notifications").await
}

#[derive(Serialize)]
struct ReadBody<'a> {
    up_to: &'a str,
}

/// `POST /me/notifications/read` `{up_to}`: everything up to this notification's time is read.
pub async fn mark_read(up_to: &str) -> Result<(), ApiError> {
    fetch_empty(post_json(
        "/me/notifications/read",
        &ReadBody { up_to },
        &[],
    )?)
    .await
}
