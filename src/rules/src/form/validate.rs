//! Validating answers against a form: one field as the citizen leaves it, or the whole form on
//! submit (the gateway runs the same function before it stores anything).

use super::schema::{Check, Field, FieldKind, Form};
use crate::validate::{Amount, BankCard, CreditCode, PersonName, Phone, Refusal, ResidentId, Sex};
use crate::FieldError;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The answers: field path → what was typed or chosen.
pub type Values = BTreeMap<String, String>;

fn value<'a>(values: &'a Values, path: &str) -> &'a str {
    values.get(path).map_or("", |v| v.trim())
}

/// Whether a field applies, given the other answers.
pub fn is_visible(field: &Field, values: &Values) -> bool {
    field
        .show_if
        .as_ref()
        .is_none_or(|c| c.any_of.iter().any(|v| v == value(values, &c.field)))
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn check_kind(field: &Field, text: &str, values: &Values, today: NaiveDate) -> Result<(), Refusal> {
    match field.kind {
        FieldKind::PersonName => PersonName::parse(text).map(drop),
        FieldKind::Phone => Phone::parse(text).map(drop),
        FieldKind::CreditCode => CreditCode::parse(text).map(drop),
        FieldKind::BankCard => BankCard::parse(text).map(drop),
        FieldKind::Amount => Amount::parse(text).map(drop),
        FieldKind::IdNumber => check_id(text, value(values, "applicant.id_type"), today),
        FieldKind::Date => parse_date(text).map(drop).ok_or(Refusal::new(
            "date.format",
            "请选择或填写正确的日期，例如 2026-01-31",
        )),
        FieldKind::IdType | FieldKind::Choice => {
            if field.options.iter().any(|o| o.value == text) {
                Ok(())
            } else {
                Err(Refusal::new("choice.unknown", "请从列表中选择一项"))
            }
        }
        FieldKind::Text if text.chars().count() > 200 => {
            Err(Refusal::new("text.too_long", "内容过长，请控制在200字以内"))
        }
        FieldKind::LongText if text.chars().count() > 2000 => Err(Refusal::new(
            "text.too_long",
            "内容过长，请控制在2000字以内",
        )),
        FieldKind::Text | FieldKind::LongText => Ok(()),
        FieldKind::Division => crate::division::check(text).map(drop),
        FieldKind::City => crate::division::check_city(text).map(drop),
        FieldKind::Consent if text == "true" => Ok(()),
        FieldKind::Consent => Err(Refusal::new("consent.required", "请阅读并勾选同意后再继续")),
    }
}

/// The ID number as the chosen document type writes it.
fn check_id(text: &str, id_type: &str, today: NaiveDate) -> Result<(), Refusal> {
    match id_type {
        "hmt_permit" => {
            let id = ResidentId::parse(text, today)?;
            if ["81", "82", "83"]
                .iter()
                .any(|p| id.as_str().starts_with(p))
            {
                Ok(())
            } else {
                Err(Refusal::new(
                    "id_number.not_hmt_permit",
                    "港澳台居民居住证号码以810000、820000或830000开头，请核对证件类型",
                ))
            }
        }
        // 外国人永久居留身份证 (2023 edition): 18 characters beginning with 9, laid out and
        // checked like GB 11643 (国家移民管理局公告 2023年第7号).
        "foreign_permanent" => {
            let t = crate::validate::identifier::id_number(text);
            if !t.starts_with('9') || t.len() != 18 {
                return Err(Refusal::new(
                    "id_number.foreign_format",
                    "外国人永久居留身份证号码为18位，以9开头",
                ));
            }
            let b = t.as_bytes();
            if !b[..17].iter().all(u8::is_ascii_digit) || crate::validate::id_check_char(b) != b[17]
            {
                return Err(Refusal::new(
                    "id_number.check_digit",
                    "证件号码校验位不正确，请逐位核对",
                ));
            }
            Ok(())
        }
        _ => ResidentId::parse(text, today).map(drop),
    }
}

/// One field, as the app shows it when the citizen leaves the field.
pub fn validate_field(field: &Field, values: &Values, today: NaiveDate) -> Option<FieldError> {
    if !is_visible(field, values) {
        return None;
    }
    let text = value(values, &field.path);
    if text.is_empty() {
        return field
            .required
            .then(|| FieldError::new(&field.path, "required", format!("请填写{}", field.label)));
    }
    check_kind(field, text, values, today)
        .err()
        .map(|r| r.at(&field.path))
}

/// The whole form: every visible field, the cross-field checks, and no unknown answers.
pub fn validate_form(form: &Form, values: &Values, today: NaiveDate) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = form
        .fields()
        .filter_map(|f| validate_field(f, values, today))
        .collect();
    for path in values.keys() {
        if !form.fields().any(|f| &f.path == path) {
            errors.push(FieldError::new(
                path,
                "unknown_field",
                "表单中没有这一项，请刷新页面后重新填写",
            ));
        }
    }
    let failed = |errors: &Vec<FieldError>, p: &str| errors.iter().any(|e| e.field == p);
    for check in &form.checks {
        match check {
            Check::DateOrder { from, to } => {
                if failed(&errors, from) || failed(&errors, to) {
                    continue;
                }
                if let (Some(a), Some(b)) = (
                    parse_date(value(values, from)),
                    parse_date(value(values, to)),
                ) {
                    if b < a {
                        errors.push(FieldError::new(
                            to,
                            "date.before_start",
                            "结束日期不能早于开始日期",
                        ));
                    }
                }
            }
            Check::IdAgrees {
                id,
                birth_date,
                sex,
            } => {
                let Ok(parsed) = ResidentId::parse(value(values, id), today) else {
                    continue;
                };
                let typed_birth = parse_date(value(values, birth_date));
                if typed_birth.is_some_and(|d| d != parsed.birth_date())
                    && !failed(&errors, birth_date)
                {
                    errors.push(FieldError::new(
                        birth_date,
                        "birth_date.id_mismatch",
                        "出生日期与身份证号码不一致，请核对",
                    ));
                }
                let typed = match value(values, sex) {
                    "male" => Some(Sex::Male),
                    "female" => Some(Sex::Female),
                    _ => None,
                };
                if typed.is_some_and(|t| t != parsed.sex()) && !failed(&errors, sex) {
                    errors.push(FieldError::new(
                        sex,
                        "sex.id_mismatch",
                        "性别与身份证号码不一致，请核对",
                    ));
                }
            }
            Check::Filing => {
                let found = crate::filing::check(values, today);
                let fresh: Vec<FieldError> = found
                    .into_iter()
                    .filter(|e| !failed(&errors, &e.field))
                    .collect();
                errors.extend(fresh);
            }
            Check::NotFuture { field } => {
                let future = parse_date(value(values, field)).is_some_and(|d| d > today);
                if future && !failed(&errors, field) {
                    errors.push(FieldError::new(field, "date.future", "日期不能晚于今天"));
                }
            }
        }
    }
    errors
}
