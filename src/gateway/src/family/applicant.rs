//! The member's applicant block: checked by the same rules as a form's `applicant.*` fields,
//! normalised once, and kept sealed (context: the binding id).

use crate::{sealing::Sealer, AppError};
use tongban_rules::{
    api::{china_today, MemberApplicant},
    form::{normalise, validate_form, Block, Form, Values},
};

fn applicant_form() -> Result<Form, AppError> {
    Ok(Form {
        id: "family-applicant".into(),
        schema_version: 1,
        title: "申请人信息".into(),
        blocks: vec![Block::Applicant],
        steps: Vec::new(),
        checks: Vec::new(),
    }
    .complete("family applicant")?)
}

fn values(a: &MemberApplicant) -> Values {
    [
        ("applicant.name", &a.name),
        ("applicant.id_type", &a.id_type),
        ("applicant.id_number", &a.id_number),
        ("applicant.phone", &a.phone),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect()
}

/// The block parsed at the edge (identifiers normalised), or the rules' 422 field errors. The
/// phone is optional here (a child has none): every other error stands.
pub fn parse(a: &MemberApplicant) -> Result<MemberApplicant, AppError> {
    let form = applicant_form()?;
    let v = normalise(&form, &values(a));
    let today = china_today(chrono::Utc::now().timestamp_millis());
    let errors: Vec<_> = validate_form(&form, &v, today)
        .into_iter()
        .filter(|e| !(e.field == "applicant.phone" && e.code == "required"))
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let get = |k: &str| v.get(k).map_or_else(String::new, |s| s.trim().to_owned());
    Ok(MemberApplicant {
        name: get("applicant.name"),
        id_type: get("applicant.id_type"),
        id_number: get("applicant.id_number"),
        phone: get("applicant.phone"),
    })
}

pub fn seal(sealer: &Sealer, binding: &str, a: &MemberApplicant) -> String {
    sealer.seal_text(binding, &serde_json::to_string(a).unwrap_or_default())
}

pub fn open(sealer: &Sealer, binding: &str, text: &str) -> Result<MemberApplicant, AppError> {
    serde_json::from_str(&sealer.open_text(binding, text)?)
        .map_err(|_| crate::applications::record::corrupt("family_bindings.applicant"))
}

/// Whether a submitted form names this member as its applicant (name, document type, number).
pub fn names(form: &Values, a: &MemberApplicant) -> bool {
    let get = |k: &str| form.get(k).map_or("", |s| s.trim());
    get("applicant.name") == a.name
        && get("applicant.id_type") == a.id_type
        && get("applicant.id_number") == a.id_number
}
