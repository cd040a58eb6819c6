//! 预约到厅 (a place in an office's half-hour-or-hour slot) and 预约上门 (a clerk's home visit):
//! what the citizen sends and reads, and what the clerks read and send.

use serde::{Deserialize, Serialize};

/// One bookable slot of an office on one working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    /// `YYYY-MM-DD`, a working day of the holiday calendar.
    #[cfg_attr(feature = "openapi", schema(format = Date, example = "2026-12-01"))]
    pub day: String,
    /// `HH:MM-HH:MM`, within the office's hours.
    #[cfg_attr(feature = "openapi", schema(example = "09:00-10:00"))]
    pub slot: String,
    /// Places left.
    pub free: u32,
}

/// The bookable slots of one office, from tomorrow over the next working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeSlots {
    pub office: String,
    pub office_name: String,
    /// Places per slot (the office's setting in `assets/offices`).
    pub capacity: u32,
    pub slots: Vec<Slot>,
}

/// `POST /appointments`: a place in a slot of an office, for an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"region": "440000", "item_id": "gd-transfer", "office": "gz-city-hall", "day": "2026-12-01", "slot": "09:00-10:00"})))]
pub struct Booking {
    pub region: String,
    pub item_id: String,
    pub office: String,
    pub day: String,
    pub slot: String,
    /// The application this appointment is for, when there is one: the citizen's, of the same
    /// region and item (404 `unknown_receipt` otherwise). The arrival is one 跑动 of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_no: Option<String>,
}

/// A booked hall appointment as its citizen (or a clerk) reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    pub id: String,
    pub region: String,
    /// The region's full name from the national division list (`tongban_rules::division`):
    /// 广东省, 湖北省荆门市, 重庆市黔江区; `region` stays the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
    pub item_id: String,
    pub item_name: String,
    pub office: String,
    pub office_name: String,
    pub day: String,
    pub slot: String,
    /// `booked`, `cancelled` or `arrived`.
    pub status: String,
    /// What the citizen reads (已预约 / 已取消 / 已到厅).
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_no: Option<String>,
    /// Whether the citizen may still cancel (until the day before, China time).
    pub cancellable: bool,
}

/// `POST /home-visits`: a home visit for an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"region": "440000", "item_id": "gd-transfer", "address": "广州市越秀区某街1号", "reason": "elderly", "preferred": ["2026-12-01 am", "2026-12-02 pm"], "phone": "13800138000"})))]
pub struct HomeVisitRequest {
    pub region: String,
    pub item_id: String,
    /// Where to come (personal data: sealed at rest).
    pub address: String,
    /// Self-declared: `mobility` (行动不便), `elderly` (高龄) or `disability` (残疾).
    pub reason: String,
    /// Two or three half days, `YYYY-MM-DD am|pm`, on working days after today.
    pub preferred: Vec<String>,
    /// A mainland mobile or landline number (personal data: sealed at rest).
    pub phone: String,
    /// The application the visit is for, when there is one: the citizen's, of the same region
    /// and item (404 `unknown_receipt` otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_no: Option<String>,
    /// 亲情代办: the id of a live family binding whose agent is asking for its member; the
    /// visit is then the member's, and the agent sees it while the binding lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
}

impl HomeVisitRequest {
    /// The request's own answers checked one by one (`reason`, `address`, `phone`,
    /// `preferred`'s count): the app shows each on the page asking it, and the gateway checks
    /// the same before it checks the half days against the calendar.
    pub fn field_errors(&self) -> Vec<crate::FieldError> {
        use crate::FieldError;
        let mut errors = Vec::new();
        if reason_label(&self.reason).is_none() {
            errors.push(FieldError::new(
                "reason",
                "reason_invalid",
                "请选择申请上门的原因",
            ));
        }
        if !(5..=200).contains(&self.address.trim().chars().count()) {
            errors.push(FieldError::new(
                "address",
                "address_length",
                "请填写详细地址（5至200个字）",
            ));
        }
        if let Err(r) = crate::validate::Phone::parse(&self.phone) {
            errors.push(FieldError::new("phone", r.code, r.message));
        }
        if !(2..=3).contains(&self.preferred.len()) {
            errors.push(FieldError::new(
                "preferred",
                "preferred_count",
                "请选择两到三个方便上门的时间",
            ));
        }
        errors
    }
}

/// One step of a home visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeVisitStep {
    pub status: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub at: String,
}

/// A home visit request. `address` and `phone` are answered to its citizen, and to a clerk
/// reading the one request (audited); never in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeVisit {
    pub id: String,
    pub region: String,
    /// The region's full name from the national division list (`tongban_rules::division`):
    /// 广东省, 湖北省荆门市, 重庆市黔江区; `region` stays the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
    pub item_id: String,
    pub item_name: String,
    pub reason: String,
    pub reason_label: String,
    pub preferred: Vec<String>,
    /// `requested`, `confirmed`, `done` or `cancelled`.
    pub status: String,
    pub label: String,
    /// The half day confirmed (or proposed) by the office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    /// The clerk who will come.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk: Option<String>,
    /// The clerk's 工号, when the clerk is an operator who has one: checked at the door.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk_work_no: Option<String>,
    /// The clerk's work phone, when the clerk is an operator who has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub cancellable: bool,
    pub steps: Vec<HomeVisitStep>,
}

/// `GET /me/appointments`: 我的预约.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAppointments {
    pub appointments: Vec<Appointment>,
    pub home_visits: Vec<HomeVisit>,
}

/// A clerk's move on a home visit: `confirm` (a `slot`, one of the preferred or another
/// proposed, and maybe the `clerk`), `assign` (`clerk`), `done`, `cancel` (`note` required).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"slot": "2026-12-01 am", "clerk": "张三"})))]
pub struct HomeVisitMove {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The label of a home visit reason code, or `None` for an unknown code.
pub fn reason_label(code: &str) -> Option<&'static str> {
    match code {
        "mobility" => Some("行动不便"),
        "elderly" => Some("高龄"),
        "disability" => Some("残疾"),
        _ => None,
    }
}

/// The label of a status of an appointment or home visit.
pub fn appointment_label(status: &str) -> &'static str {
    match status {
        "booked" => "已预约",
        "arrived" => "已到厅",
        "requested" => "待确认",
        "confirmed" => "已确认",
        "done" => "已上门办结",
        "cancelled" => "已取消",
        "reminder" => "预约提醒",
        _ => "未知",
    }
}

#[cfg(test)]
mod tests {
    use super::HomeVisitRequest;

    #[test]
    fn a_home_visit_request_names_each_wrong_answer_by_its_field() {
        let mut req = HomeVisitRequest {
            region: "440000".into(),
            item_id: "gd-05".into(),
            address: "某街".into(),
            reason: "bored".into(),
            preferred: vec!["2026-12-01 am".into()],
            phone: "123".into(),
            receipt_no: None,
            on_behalf_of: None,
        };
        let fields: Vec<String> = req.field_errors().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["reason", "address", "phone", "preferred"]);
        req.reason = "elderly".into();
        req.address = "广州市越秀区某街1号".into();
        req.phone = "13800138000".into();
        req.preferred.push("2026-12-02 pm".into());
        assert_eq!(req.field_errors(), vec![]);
    }
}
