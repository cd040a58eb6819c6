//! Arbitrary answers into the form validator and every validator of `tongban_rules::validate`:
//! none of them may panic, whatever a citizen (or an attacker posting to the gateway) types.
//!
//! The input is text, so the seed corpus (`seeds/form/`) stays readable:
//! - the first line names a form (`filing`); anything else picks one by its first byte;
//! - `today=YYYY-MM-DD` sets the day the validation runs on;
//! - `path=value` is an answer;
//! - any other line is a raw string: every validator gets it, and so does every field of the
//!   form at once, under each identity-document type.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tongban_rules::catalogue::{Catalogue, FORM_IDS};
use tongban_rules::filing;
use tongban_rules::form::{is_visible, parse_date, validate_field, validate_form, Form, Values};
use tongban_rules::validate::{
    id_check_char, Amount, BankCard, CreditCode, PersonName, Phone, ResidentId,
};

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::embedded().expect("assets/catalogue loads"))
}

/// Every single-value validator; none may panic on any string.
fn every_validator(text: &str, today: NaiveDate) {
    let _ = ResidentId::parse(text, today).map(|id| (id.birth_date(), id.sex(), id.masked()));
    let _ = Phone::parse(text).map(|p| p.masked());
    let _ = PersonName::parse(text);
    let _ = CreditCode::parse(text);
    let _ = BankCard::parse(text).map(|c| c.masked());
    let _ = Amount::parse(text).map(Amount::fen);
    let _ = parse_date(text);
    let bytes = text.as_bytes();
    if bytes.len() >= 17 && bytes[..17].iter().all(u8::is_ascii_digit) {
        let _ = id_check_char(bytes);
    }
    let _ = filing::FilingType::parse(text);
}

/// The whole form and each field, plus the filing rules and documents.
fn whole_form(form: &Form, values: &Values, today: NaiveDate) {
    for field in form.fields() {
        let _ = is_visible(field, values);
        let _ = validate_field(field, values, today);
    }
    let _ = validate_form(form, values, today);
    let _ = filing::check(values, today);
    // A 承诺制 filing (Jingmen) and one that waits for the office (Guangdong).
    for (region, id) in [("420800", "jm-filing-retiree"), ("440000", "gd-13")] {
        if let Ok(item) = catalogue().item(region, id) {
            let _ = filing::render_documents(&item, values, today);
        }
    }
    if let Some(answers) = filing::FilingAnswers::read(values) {
        if let Some(start) = answers.start {
            let _ = filing::earliest_temporary_end(start);
            let _ = filing::change_window(start, today);
        }
        let _ = filing::validity(answers.kind, answers.end);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim();
    let cat = catalogue();
    let form_id = if FORM_IDS.contains(&first) {
        first
    } else {
        FORM_IDS[usize::from(data.first().copied().unwrap_or(0)) % FORM_IDS.len()]
    };
    let form = cat.form(form_id).expect("every listed form exists");

    let mut today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real day");
    let mut values = Values::new();
    let mut raw = vec![];
    for line in lines {
        match line.split_once('=') {
            Some(("today", day)) => today = parse_date(day).unwrap_or(today),
            Some((path, value)) => {
                values.insert(path.to_owned(), value.to_owned());
            }
            None => raw.push(line),
        }
    }
    for value in values.values().chain(values.keys()) {
        every_validator(value, today);
    }
    whole_form(form, &values, today);

    for line in raw.iter().take(4) {
        every_validator(line, today);
        for id_type in ["resident", "hmt_permit", "foreign_permanent"] {
            let mut all: Values = form
                .fields()
                .map(|f| (f.path.clone(), (*line).to_owned()))
                .collect();
            all.insert("applicant.id_type".into(), id_type.into());
            whole_form(form, &all, today);
        }
    }
});
