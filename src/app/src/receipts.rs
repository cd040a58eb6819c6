//! Receipts just given, kept on the device so the receipt page survives a reload without a
//! network round trip.

use crate::api::applications::Receipt;
use crate::json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub receipt: Receipt,
    pub item_name: String,
    /// 亲情代办: the applicant's masked name, when a family member filed it for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant: Option<String>,
}

const PREFIX: &str = "tongban.receipt.";

fn key(receipt_no: &str) -> String {
    format!("{PREFIX}{receipt_no}")
}

/// Every kept receipt (another citizen signed in on this device).
pub fn forget_all() {
    json::remove_prefixed(PREFIX);
}

pub fn remember(kept: &Kept) {
    json::save(&key(&kept.receipt.receipt_no), kept);
}

pub fn recall(receipt_no: &str) -> Option<Kept> {
    json::load(&key(receipt_no))
}
