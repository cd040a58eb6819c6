//! 单位代办: who may file what from a unit's session. A unit item (`subject: unit`) is filed only
//! by the session of the unit it names (`unit.credit_code`); a unit's session may also file, for
//! its employee, the person items its region's own measure grants it (`unit_agency`: YZ 一(二)3,
//! 单位帮代办职工异地就医备案、死亡职工个人账户一次性支取) — and nothing else. Each such 代办 submission
//! is recorded (`unit_filings`): which unit, for which application and applicant (masked name,
//! never the ID number), when.

use crate::{store::Script, AppError};
use tongban_rules::{
    api::mask,
    catalogue::{Item, Subject},
    form::Parsed,
    validate::CreditCode,
};

/// How a submission the session may make is filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filer {
    /// By the applicant (a citizen for themself), or by a unit for its own unit item.
    Own,
    /// By a unit for its employee: the unit's credit code is the 经办单位.
    ForEmployee(String),
}

impl Filer {
    /// The 经办单位 to record, when a unit files for someone.
    pub fn acting_unit(&self) -> Option<&str> {
        match self {
            Filer::Own => None,
            Filer::ForEmployee(code) => Some(code),
        }
    }
}

fn unit_session_required() -> AppError {
    AppError::Forbidden {
        code: "unit_session_required",
        message: "单位事项须由该单位办理：请用统一社会信用代码与表中所填一致的单位账号登录单位网厅后提交。"
            .into(),
    }
}

fn not_for_units(item: &Item) -> AppError {
    AppError::Forbidden {
        code: "not_for_units",
        message: format!(
            "单位账号不能代办“{}”：单位只能为职工代办当地规定的事项（如异地就医备案、死亡职工个人账户一次性支取），其他个人事项请本人登录办理。",
            item.name
        ),
    }
}

/// Whether the session of `unit` (or a citizen's, `None`) may submit `form` for `item`, and
/// how it is filed. `form` is the parsed answers (`unit.credit_code` already normalised).
pub fn authorize(unit: Option<&CreditCode>, item: &Item, form: &Parsed) -> Result<Filer, AppError> {
    match (item.subject, unit) {
        (Subject::Unit, Some(unit)) => {
            let named = form
                .get("unit.credit_code")
                .and_then(|c| CreditCode::parse(c).ok());
            if named.as_ref() == Some(unit) {
                Ok(Filer::Own)
            } else {
                Err(unit_session_required())
            }
        }
        (Subject::Unit, None) => Err(unit_session_required()),
        (Subject::Person, Some(unit)) if item.unit_agency.is_true() => {
            Ok(Filer::ForEmployee(unit.as_str().to_owned()))
        }
        (_, Some(_)) => Err(not_for_units(item)),
        (_, None) => Ok(Filer::Own),
    }
}

/// Records one 代办 submission by a unit, in the submission's transaction.
pub fn record(
    script: &mut Script,
    receipt_no: &str,
    unit: &str,
    region: &str,
    item: &str,
    applicant_name: &str,
    at_millis: i64,
) {
    script
        .push(
            "INSERT INTO unit_filings (receipt_no, unit, region, item_id, applicant, at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(receipt_no)
        .bind(unit)
        .bind(region)
        .bind(item)
        .bind(mask::name(applicant_name))
        .bind(at_millis);
}
