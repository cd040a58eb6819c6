//! The request bodies of the citizen's application routes and the clerk's moves, defined once:
//! the app serialises these very types and the gateway deserialises them, so a field cannot be
//! `u8` on one side and `i64` on the other.

use crate::form::Values;
use serde::{Deserialize, Serialize};

/// `POST /applications` (with an `Idempotency-Key` header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "region": "420800",
    "item": "jm-transfer",
    "form": {"applicant.name": "王小明", "applicant.id_type": "resident",
             "applicant.id_number": "11010519491231002X", "applicant.phone": "13800138000"},
    "attachments": []
})))]
pub struct Submission {
    pub region: String,
    pub item: String,
    /// The answers by field path (`applicant.id_number`, …): the same `/validate` checks.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, String>))]
    pub form: Values,
    /// Ids from `POST /attachments`, uploaded by the same owner and not yet used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
    /// 亲情代办: the id of a live binding (`GET /me/family/members`) through which the caller
    /// files for that member; the applicant block must be the member's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

/// `POST /applications/{receipt_no}/resubmit`: the corrected answers after 退回补正.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "form": {"applicant.name": "王小明", "applicant.phone": "13800138000"},
    "attachments": ["0123456789abcdef0123456789abcdef"]
})))]
pub struct Resubmission {
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, String>))]
    pub form: Values,
    /// Uploads for the materials the office asked for (`POST /attachments` ids).
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// `POST /applications/{receipt_no}/rating` (好差评): 5 非常满意 … 1 非常不满意; grades 1 and 2
/// need a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"grade": 2, "reason": "等了很久才受理"})))]
pub struct RatingRequest {
    pub grade: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A clerk's move on an application (`POST /operator/applications/{receipt_no}/{action}`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"note": "请补充银行卡复印件", "materials": ["银行卡复印件"]})))]
pub struct MoveRequest {
    /// Why (required to reject or return): what the applicant reads.
    #[serde(default)]
    pub note: Option<String>,
    /// 退回补正: the materials the applicant must upload again.
    #[serde(default)]
    pub materials: Vec<String>,
}
