//! Whole-form validation against the real catalogue forms.

use chrono::NaiveDate;
use tongban_rules::catalogue::Catalogue;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
use tongban_rules::form::{validate_form, Values};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn values(pairs: &[(&str, &str)]) -> Values {
    common::divisions_installed();
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn applicant() -> Vec<(&'static str, &'static str)> {
    vec![
        ("applicant.name", "王小明"),
        ("applicant.id_type", "resident"),
        ("applicant.id_number", "11010519491231002X"),
        ("applicant.phone", "13800138000"),
    ]
}

#[test]
fn a_complete_long_term_filing_passes() {
    let cat = Catalogue::embedded().unwrap();
    let mut v = applicant();
    v.extend([
        ("filing.type", "retiree"),
        ("filing.destination", "440100"),
        ("filing.start_date", "2026-12-01"),
        ("filing.commitment", "true"),
    ]);
    assert_eq!(
        validate_form(cat.form("filing").unwrap(), &values(&v), today()),
        vec![]
    );
}

#[test]
fn a_temporary_filing_needs_an_end_date_not_before_its_start() {
    let cat = Catalogue::embedded().unwrap();
    let form = cat.form("filing").unwrap();
    let mut v = applicant();
    v.extend([
        ("filing.type", "temporary"),
        ("filing.destination", "420100"),
        ("filing.start_date", "2026-12-01"),
        ("filing.commitment", "true"),
    ]);
    let errors = validate_form(form, &values(&v), today());
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect::<Vec<_>>(),
        vec![("filing.end_date", "required")]
    );
    v.push(("filing.end_date", "2026-11-01"));
    let errors = validate_form(form, &values(&v), today());
    assert_eq!(errors[0].code, "date.before_start");
}

#[test]
fn refusals_name_the_field_with_a_chinese_message() {
    let cat = Catalogue::embedded().unwrap();
    let v = values(&[
        ("applicant.name", "王小明"),
        ("applicant.id_type", "resident"),
        ("applicant.id_number", "110105194912310021"),
        ("applicant.phone", "123"),
    ]);
    let errors = validate_form(cat.form("general").unwrap(), &v, today());
    let codes: Vec<_> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert!(
        codes.contains(&("applicant.id_number", "id_number.check_digit")),
        "{codes:?}"
    );
    assert!(codes.contains(&("applicant.phone", "phone.format")));
    assert!(codes.contains(&("request.detail", "required")));
    assert!(errors.iter().all(|e| e
        .message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
}

#[test]
fn unknown_answers_are_refused_so_nothing_unvalidated_is_stored() {
    let cat = Catalogue::embedded().unwrap();
    let mut v = applicant();
    v.extend([
        ("request.detail", "申请说明"),
        ("applicant.bank_pin", "1234"),
    ]);
    let errors = validate_form(cat.form("general").unwrap(), &values(&v), today());
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code.as_str()),
        ("applicant.bank_pin", "unknown_field")
    );
}

#[test]
fn birth_date_and_sex_must_agree_with_the_id_number() {
    let cat = Catalogue::embedded().unwrap();
    let form = cat.form("person-enrolment").unwrap();
    let mut v = applicant();
    v.extend([
        ("enrolment.type", "resident"),
        ("enrolment.address", "湖北省荆门市东宝区"),
        ("applicant.birth_date", "1949-12-31"),
        ("applicant.sex", "female"),
    ]);
    assert_eq!(validate_form(form, &values(&v), today()), vec![]);
    let wrong: Vec<_> = v
        .iter()
        .map(|&(k, val)| match k {
            "applicant.birth_date" => (k, "1950-01-01"),
            "applicant.sex" => (k, "male"),
            _ => (k, val),
        })
        .collect();
    let codes: Vec<_> = validate_form(form, &values(&wrong), today())
        .into_iter()
        .map(|e| e.code)
        .collect();
    assert_eq!(codes, vec!["birth_date.id_mismatch", "sex.id_mismatch"]);
}
