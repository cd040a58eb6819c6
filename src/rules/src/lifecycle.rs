//! 办理进度: the statuses of an application and how it starts.
//! 已提交 → 已受理 / 不予受理 → 办理中 → 办结; 退回补正; 已撤销 (DESIGN.md domain table).

use crate::catalogue::{Item, Kind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Submitted,
    Accepted,
    Rejected,
    InProgress,
    Completed,
    Returned,
    Revoked,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Submitted,
        Status::Accepted,
        Status::Rejected,
        Status::InProgress,
        Status::Completed,
        Status::Returned,
        Status::Revoked,
    ];

    /// The stable code stored and sent over the API.
    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Returned => "returned",
            Status::Revoked => "revoked",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What the citizen reads.
    pub fn label(self) -> &'static str {
        match self {
            Status::Submitted => "已提交",
            Status::Accepted => "已受理",
            Status::Rejected => "不予受理",
            Status::InProgress => "办理中",
            Status::Completed => "办结",
            Status::Returned => "退回补正",
            Status::Revoked => "已撤销",
        }
    }
}

/// Where a new application starts: 即办件 and 承诺制 filings are decided at once by the
/// system (JM 13: self-service commitment filing is approved automatically); the rest wait
/// for an operator to accept them.
pub fn initial_status(item: &Item) -> Status {
    let immediate = item.kind.known() == Some(&Kind::Immediate);
    if immediate || item.commitment {
        Status::Completed
    } else {
        Status::Submitted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn status_codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn a_commitment_filing_is_completed_at_once_and_a_transfer_waits() {
        let cat = crate::catalogue::Catalogue::embedded().unwrap();
        let items = cat.items("420800").unwrap();
        let filing = items
            .iter()
            .find(|i| i.template.starts_with("filing-"))
            .unwrap();
        assert_eq!(initial_status(filing), Status::Completed);
        assert_eq!(
            initial_status(&cat.item("420800", "jm-transfer").unwrap()),
            Status::Submitted
        );
    }
}
