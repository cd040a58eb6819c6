//! The form schema (`assets/catalogue/forms/<id>.json`): a form is data — steps of fields, each
//! field with an answer type that owns its validation, and conditions for fields that apply only
//! sometimes. The same definition validates in the app and again in the gateway.
//!
//! ```json
//! { "id": "filing", "schema_version": 1, "title": "异地就医备案",
//!   "blocks": ["applicant"],                       // standard blocks with fixed paths
//!   "steps": [ { "title": "备案信息", "fields": [
//!       { "path": "filing.type", "label": "备案类型", "type": "choice", "required": true,
//!         "options": [ {"value": "retiree", "label": "异地安置退休人员"} ] },
//!       { "path": "filing.end_date", "label": "结束日期", "type": "date", "required": true,
//!         "show_if": {"field": "filing.type", "in": ["referral"]} } ] } ],
//!   "checks": [ {"type": "date_order", "from": "filing.start_date", "to": "filing.end_date"} ] }
//! ```

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    pub id: String,
    pub schema_version: u32,
    pub title: String,
    /// Standard blocks placed before the steps: `applicant` (a person) or `unit` (an employer or
    /// institution), with the fixed field paths integrators rely on.
    #[serde(default)]
    pub blocks: Vec<Block>,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Applicant,
    Unit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub title: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub path: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
}

/// The answer types; each owns its validator (`validate::*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    PersonName,
    IdType,
    IdNumber,
    Phone,
    CreditCode,
    BankCard,
    Amount,
    Date,
    Text,
    LongText,
    Choice,
    Consent,
    /// A county-level division's six-digit code, chosen 省 → 市 → 县/区 (`crate::division`).
    Division,
    /// A city-level division's six-digit code (地级市 or 直辖市), chosen 省 → 市
    /// (`crate::division::Divisions::is_city`): a 就医地.
    City,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Shown (and validated) only when `field`'s value is one of `in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    #[serde(rename = "in")]
    pub any_of: Vec<String>,
}

/// Rules across fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Check {
    /// `to` may not be before `from` (both dates).
    DateOrder { from: String, to: String },
    /// The date may not be after today.
    NotFuture { field: String },
    /// A birth date and a sex (`male` / `female`) typed separately must agree with what the
    /// resident ID number encodes (GB 11643: digits 7–14 and the parity of digit 17).
    IdAgrees {
        id: String,
        birth_date: String,
        sex: String,
    },
    /// The 异地就医备案 rules across the `filing.*` fields: a temporary filing's validity of at
    /// least six months, a change that starts no earlier than the filing it replaces
    /// (`crate::filing::check`).
    Filing,
}

impl Form {
    /// Every field in order: the standard blocks, then the steps.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.steps.iter().flat_map(|s| s.fields.iter())
    }
}
