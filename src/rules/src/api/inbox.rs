//! 即时知: `GET /me/notifications`, every status change of the citizen's applications and
//! every step of their appointments.

use crate::lifecycle::Status;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// `<receipt_no>-<seq>`.
    pub id: String,
    /// The application's receipt number (empty for an appointment's step).
    pub receipt_no: String,
    pub item_name: String,
    /// The application's status (absent for an appointment's step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The appointment or home visit this step is of (预约到厅 / 预约上门).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<String>,
    pub label: String,
    /// What the citizen reads, in Chinese.
    pub message: String,
    /// RFC 3339, UTC; send it back as `up_to` to mark everything until then read.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub at: String,
    pub read: bool,
}

/// The inbox, newest first, with how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub unread: usize,
    pub items: Vec<Notification>,
}
