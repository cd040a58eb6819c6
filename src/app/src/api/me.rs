//! The citizen's own things: applications and notifications (即时知).

use super::{fetch_empty, get, post_json, ApiError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Summary {
    pub receipt_no: String,
    pub region: String,
    pub item: String,
    pub item_name: String,
    pub status: String,
    pub status_label: String,
    pub submitted_at: String,
    #[serde(default)]
    pub due_date: Option<String>,
}

/// `GET /me/applications`, newest first.
pub async fn applications() -> Result<Vec<Summary>, ApiError> {
    get("/me/applications").await
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Notification {
    pub id: String,
    pub receipt_no: String,
    pub item_name: String,
    pub status: String,
    pub label: String,
    pub message: String,
    pub at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Inbox {
    pub unread: usize,
    pub items: Vec<Notification>,
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
