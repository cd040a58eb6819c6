//! 异地就医备案 as rules (`tongban_rules::filing`) and on the real `filing` form: JM 6–11, JM 13
//! and 医保发〔2022〕22号 on validity and changes.

use chrono::NaiveDate;
use tongban_rules::catalogue::{Catalogue, Fact};
use tongban_rules::filing::{
    self, change_window, home_settlement, render_documents, settlement, validity, ChangeWindow,
    FilingType, Settlement, Stay, Term, Validity,
};
use tongban_rules::form::{validate_form, Values};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "../common/mod.rs"]
mod common;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 11, 23)
}

fn filing_values(extra: &[(&str, &str)]) -> Values {
    common::divisions_installed();
    [
        ("applicant.name", "王小明"),
        ("applicant.id_type", "resident"),
        ("applicant.id_number", "11010519491231002X"),
        ("applicant.phone", "13800138000"),
        ("filing.destination", "420100"),
        ("filing.commitment", "true"),
    ]
    .iter()
    .chain(extra)
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn codes(values: &Values) -> Vec<(String, String)> {
    let cat = Catalogue::embedded().unwrap();
    validate_form(cat.form("filing").unwrap(), values, today())
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

mod documents;

#[test]
fn the_form_offers_exactly_the_six_filing_types_each_with_its_national_item() {
    let cat = Catalogue::embedded().unwrap();
    let form = cat.form("filing").unwrap();
    let offered: Vec<_> = form
        .fields()
        .find(|f| f.path == "filing.type")
        .unwrap()
        .options
        .iter()
        .map(|o| FilingType::parse(&o.value).expect("a known filing type"))
        .collect();
    assert_eq!(offered, FilingType::ALL);
    for kind in FilingType::ALL {
        let template = cat.templates().find(|t| t.id == kind.template()).unwrap();
        assert_eq!(template.form.as_deref(), Some("filing"));
        assert_eq!(FilingType::of_template(&template.id), Some(kind));
    }
    let long_term: Vec<_> = FilingType::ALL
        .into_iter()
        .filter(|k| k.term() == Term::LongTerm)
        .map(FilingType::label)
        .collect();
    assert_eq!(
        long_term,
        ["异地安置退休人员", "异地长期居住人员", "常驻异地工作人员"]
    );
}

#[test]
fn a_long_term_filing_is_valid_until_changed_and_a_temporary_one_until_its_end_date() {
    assert_eq!(
        validity(FilingType::Retiree, None),
        Some(Validity::UntilChanged),
        "JM 6"
    );
    assert_eq!(
        validity(FilingType::Referral, Some(day(2027, 6, 1))),
        Some(Validity::Until(day(2027, 6, 1)))
    );
    let temporary = filing::min_validity_months(Term::Temporary).unwrap();
    assert_eq!(temporary.known(), Some(&6));
    assert_eq!(temporary.source(), Some("医保发〔2022〕22号"));
    assert_eq!(filing::min_validity_months(Term::LongTerm), None);
}

#[test]
fn a_temporary_filing_shorter_than_six_months_is_refused_with_the_earliest_end_date() {
    let v = filing_values(&[
        ("filing.type", "temporary"),
        ("filing.start_date", "2026-12-01"),
        ("filing.end_date", "2027-05-31"),
    ]);
    assert_eq!(
        codes(&v),
        vec![(
            "filing.end_date".to_string(),
            "filing.validity_too_short".to_string()
        )]
    );
    let message = &filing::check(&v, today())[0].message;
    assert!(message.contains("2027-06-01"), "{message}");
}

#[test]
fn a_temporary_filing_of_six_months_or_more_passes() {
    for end in ["2027-06-01", "2028-01-01"] {
        let v = filing_values(&[
            ("filing.type", "referral"),
            ("filing.start_date", "2026-12-01"),
            ("filing.end_date", end),
        ]);
        assert_eq!(codes(&v), vec![], "end {end}");
    }
}

#[test]
fn a_late_filing_may_start_before_today() {
    // JM 7: filed in hospital before the discharge settlement, from the day of admission.
    let v = filing_values(&[
        ("filing.type", "long_term_resident"),
        ("filing.start_date", "2026-11-01"),
    ]);
    assert_eq!(codes(&v), vec![]);
}

#[test]
fn a_long_term_filing_may_be_changed_everywhere_after_six_months_and_under_local_rules_before() {
    let since = day(2026, 3, 31);
    assert_eq!(
        change_window(since, day(2026, 9, 29)),
        ChangeWindow::LocalRule {
            open_from: day(2026, 9, 30)
        }
    );
    assert_eq!(change_window(since, day(2026, 9, 30)), ChangeWindow::Open);
    // Within the six months the form does not refuse: no source gives a local period.
    let v = filing_values(&[
        ("filing.type", "retiree"),
        ("filing.action", "change"),
        ("filing.current_start_date", "2026-10-01"),
        ("filing.start_date", "2026-12-01"),
    ]);
    assert_eq!(codes(&v), vec![]);
}

#[test]
fn a_change_may_not_start_before_the_filing_it_replaces_nor_replace_a_future_one() {
    let before = filing_values(&[
        ("filing.type", "posted_worker"),
        ("filing.action", "change"),
        ("filing.current_start_date", "2026-10-01"),
        ("filing.start_date", "2026-09-01"),
    ]);
    assert_eq!(
        codes(&before),
        vec![(
            "filing.start_date".to_string(),
            "filing.change_before_current".to_string()
        )]
    );
    let future = filing_values(&[
        ("filing.type", "posted_worker"),
        ("filing.action", "change"),
        ("filing.current_start_date", "2026-12-01"),
        ("filing.start_date", "2026-12-02"),
    ]);
    assert_eq!(
        codes(&future),
        vec![(
            "filing.current_start_date".to_string(),
            "date.future".to_string()
        )]
    );
    let missing = filing_values(&[
        ("filing.type", "posted_worker"),
        ("filing.action", "change"),
        ("filing.start_date", "2026-12-02"),
    ]);
    assert_eq!(
        codes(&missing),
        vec![(
            "filing.current_start_date".to_string(),
            "required".to_string()
        )]
    );
}

#[test]
fn an_emergency_without_a_filing_is_settled_directly_as_if_filed() {
    let stay = Stay {
        emergency: true,
        filed_on: None,
        settled_on: None,
    };
    assert_eq!(settlement(stay), Settlement::Direct { source: "JM 8" });
    assert!(FilingType::Emergency.counted_as_filed_without_filing());
    assert!(!FilingType::Temporary.counted_as_filed_without_filing());
}

#[test]
fn a_filing_completed_before_the_discharge_settlement_is_settled_directly() {
    let stay = Stay {
        emergency: false,
        filed_on: Some(day(2026, 11, 20)),
        settled_on: Some(day(2026, 11, 20)),
    };
    assert_eq!(settlement(stay), Settlement::Direct { source: "JM 7" });
    let not_yet = Stay {
        filed_on: None,
        settled_on: None,
        ..stay
    };
    assert_eq!(
        settlement(not_yet),
        Settlement::FileBeforeDischarge { source: "JM 7" }
    );
}

#[test]
fn a_filing_after_a_self_paid_discharge_leads_to_manual_reimbursement() {
    let stay = Stay {
        emergency: false,
        filed_on: Some(day(2026, 11, 21)),
        settled_on: Some(day(2026, 11, 20)),
    };
    assert_eq!(
        settlement(stay),
        Settlement::ManualReimbursement { source: "JM 9" }
    );
}

#[test]
fn long_term_filers_are_settled_both_ways_and_for_temporary_ones_no_source_says() {
    assert_eq!(home_settlement(Term::LongTerm).known(), Some(&true));
    assert_eq!(home_settlement(Term::LongTerm).source(), Some("JM 11"));
    assert!(matches!(home_settlement(Term::Temporary), Fact::Unknown(_)));
}
