//! `GET /applications/{receipt_no}` (and every move on an application): its 办理进度.

use crate::lifecycle::Status;
use serde::{Deserialize, Serialize};

/// One step of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TimelineEvent))]
pub struct Event {
    pub status: Status,
    /// The status as the citizen reads it (`已受理`).
    pub label: String,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub at: String,
    /// The operator's reason or remark, when one was given.
    #[serde(default)]
    pub note: Option<String>,
    /// The operator who made the move, shown to operators only: citizens see the office
    /// (经办机构), never a clerk's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// The applicant, masked (`crate::api::mask`): enough to recognise, not to copy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    #[cfg_attr(feature = "openapi", schema(example = "王*明"))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(example = "110105********002X"))]
    pub id_number: String,
    #[cfg_attr(feature = "openapi", schema(example = "138****8000"))]
    pub phone: String,
}

/// 退回补正: what the office asks the applicant for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Asked {
    pub note: String,
    /// The materials to upload again with the resubmission.
    #[serde(default)]
    pub materials: Vec<String>,
}

/// One material on file for an application, as the applicant and the operator see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attached {
    /// Readable at `GET /attachments/{id}` by the owner or an operator.
    pub id: String,
    pub material: String,
    pub content_type: String,
    /// Bytes.
    pub size: u64,
}

/// 好差评: the applicant's grade, and the office's follow-up of a bad one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// 5 非常满意 … 1 非常不满意.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub grade: u8,
    #[serde(default)]
    pub reason: Option<String>,
    /// 差评整改: the office's answer to a grade of 1 or 2.
    #[serde(default)]
    pub follow_up: Option<String>,
}

/// What the viewer may do now (only an owner with a session may act).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actions {
    pub revoke: bool,
    pub resubmit: bool,
    pub rate: bool,
    /// 不同意此代办: the applicant may object to an application a family member filed for
    /// them (亲情代办); the agent may then no longer revoke it.
    #[serde(default)]
    pub object: bool,
}

/// 办理进度 of one application: the timeline a person reads at a glance, what is asked of
/// them, and what they may do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
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
    /// 预计办结, `YYYY-MM-DD`: fixed at acceptance.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due_date: Option<String>,
    pub applicant: Applicant,
    /// 代办: who filed it for the applicant, when not the applicant themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting: Option<super::Acting>,
    pub timeline: Vec<Event>,
    pub asked: Option<Asked>,
    /// The materials uploaded with the application and its corrections (owner and operators;
    /// never a receipt-and-verifier lookup).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attached>,
    pub rating: Option<Rating>,
    pub actions: Actions,
    /// The list version it was filed under: its item and form are that version's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_version: Option<i64>,
}
