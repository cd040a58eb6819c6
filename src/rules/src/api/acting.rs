//! 代办: who filed an application for whom. The receipt, the progress page, 我的办件 and the
//! operator views show 申请人 (the applicant, in `Progress::applicant`) beside 经办人 or 经办单位
//! from here. Absent when the applicant filed it online for themselves.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acting {
    /// 经办人: the bound family member who filed it (亲情代办), name masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "李*华"))]
    pub agent: Option<String>,
    /// 经办单位: the unit that filed it for its employee (单位代办), by name or credit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 窗口代录: the office whose clerk entered it for a walk-in citizen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_office: Option<String>,
    /// 异地代收: another region's office that received it and handed it on (shown to the
    /// receiving region's and the handling region's clerks as `代收：<office>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_by: Option<String>,
}
