//! What a submission answers, and one line of a list of applications.

use crate::lifecycle::Status;
use serde::{Deserialize, Serialize};

/// `POST /applications`: 201 with a new receipt, or 200 with the same receipt on a replay of
/// the same Idempotency-Key and body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// 受理编号: `TB` + 16 base32 characters.
    #[cfg_attr(feature = "openapi", schema(example = "TB7K2M9Q4R8T1V6W3X"))]
    pub receipt_no: String,
    pub status: Status,
    pub status_label: String,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub submitted_at: String,
    /// 预计办结, `YYYY-MM-DD`, when the item has a time limit.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due_date: Option<String>,
    /// The due date was counted past the published holiday calendar (weekends only).
    pub due_estimated: bool,
    /// 代办: who filed it for the applicant, when not the applicant themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting: Option<super::Acting>,
    /// The list version it was filed under (`ListVersion::number`): its item and form are
    /// that version's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_version: Option<i64>,
}

/// One line of a list: my applications, the operator's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub receipt_no: String,
    pub region: String,
    /// The region's full name from the national division list (`tongban_rules::division`):
    /// 广东省, 湖北省荆门市, 重庆市黔江区; `region` stays the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
    pub item: String,
    pub item_name: String,
    pub status: Status,
    pub status_label: String,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub submitted_at: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due_date: Option<String>,
    /// 代办: who filed it for the applicant, when not the applicant themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting: Option<super::Acting>,
}
