//! The national division list (`assets/divisions/divisions.txt`) and the region field that
//! names a county from it.

use chrono::NaiveDate;
use tongban_rules::catalogue::Catalogue;
use tongban_rules::division::{self, Divisions};
use tongban_rules::form::{validate_form, Values};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

fn list() -> Divisions {
    Divisions::parse(common::DIVISIONS).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
}

use common::divisions_installed as installed;

#[test]
fn the_list_carries_every_province_and_the_whole_county_level() {
    let l = list();
    assert_eq!(l.provinces().count(), 34);
    let counties = (0..1_000_000u32)
        .filter(|c| !c.is_multiple_of(100))
        .filter(|c| l.get(*c).is_some())
        .count();
    assert!(counties > 2800, "{counties} county-level divisions");
    assert_eq!(l.len(), 3213);
}

#[test]
fn a_county_reads_with_its_province_and_city() {
    let l = list();
    assert_eq!(l.full_name(420802).as_deref(), Some("湖北省荆门市东宝区"));
    assert_eq!(l.full_name(110101).as_deref(), Some("北京市东城区"));
    assert_eq!(l.full_name(429005).as_deref(), Some("湖北省潜江市"));
    assert_eq!(l.full_name(500114).as_deref(), Some("重庆市黔江区"));
}

#[test]
fn the_tree_puts_direct_counties_under_their_province() {
    let l = list();
    let hubei: Vec<u32> = l.children(420000).map(|d| d.code).collect();
    assert!(
        hubei.contains(&420800) && hubei.contains(&429005),
        "{hubei:?}"
    );
    assert!(!hubei.contains(&420802));
    let jingmen: Vec<&str> = l.children(420800).map(|d| &*d.name).collect();
    assert!(
        jingmen.contains(&"东宝区") && jingmen.contains(&"京山市"),
        "{jingmen:?}"
    );
    assert!(l.children(110000).any(|d| d.code == 110101));
    assert_eq!(l.children(420802).count(), 0);
}

#[test]
fn only_a_division_with_nothing_under_it_is_an_answer() {
    let l = list();
    assert_eq!(l.check("420802"), Ok(420802));
    assert_eq!(l.check(" 441900 "), Ok(441900), "东莞市 has no counties");
    assert_eq!(l.check("429005"), Ok(429005));
    assert_eq!(l.check("420800").unwrap_err().code, "division.not_county");
    assert_eq!(l.check("420000").unwrap_err().code, "division.not_county");
    assert_eq!(l.check("420899").unwrap_err().code, "division.unknown");
    assert_eq!(l.check("湖北省荆门市").unwrap_err().code, "division.format");
    assert_eq!(l.check("42080").unwrap_err().code, "division.format");
}

#[test]
fn a_list_with_a_line_that_is_not_code_and_name_is_refused() {
    assert!(Divisions::parse("# comment\n420000 湖北省\n").is_ok());
    assert!(Divisions::parse("420000湖北省\n").is_err());
    assert!(Divisions::parse("42000 湖北省\n").is_err());
    assert!(Divisions::parse("420000 \n").is_err());
    assert!(
        Divisions::parse("420100 武汉市\n420000 湖北省\n").is_err(),
        "codes ascend"
    );
    assert!(
        Divisions::parse("420000 湖北省\n420000 湖北省\n").is_err(),
        "once each"
    );
}

fn transfer(from: &str, to: &str) -> Values {
    [
        ("applicant.name", "王小明"),
        ("applicant.id_type", "resident"),
        ("applicant.id_number", "11010519491231002X"),
        ("applicant.phone", "13800138000"),
        ("transfer.direction", "in"),
        ("transfer.from_region", from),
        ("transfer.to_region", to),
        ("transfer.insurance_type", "employee"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[test]
fn a_transfer_names_both_regions_by_county_code() {
    installed();
    let cat = Catalogue::embedded().unwrap();
    let form = cat.form("transfer").unwrap();
    assert_eq!(
        validate_form(form, &transfer("431102", "420802"), today()),
        vec![]
    );
    let errors = validate_form(form, &transfer("湖南省永州市", "420800"), today());
    let codes: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("transfer.from_region", "division.format"),
            ("transfer.to_region", "division.not_county"),
        ]
    );
}

#[test]
fn an_answer_shows_as_the_full_name_once_the_list_is_there() {
    installed();
    assert_eq!(division::shown("420802"), "湖北省荆门市东宝区");
    assert_eq!(division::shown("999999"), "999999");
}

#[test]
fn a_city_is_a_prefecture_a_municipality_or_a_city_under_its_province() {
    let l = list();
    for city in [420800, 440100, 110000, 500000, 429005, 810000] {
        assert!(l.is_city(city), "{city} is city-level");
    }
    for not in [420802, 420000, 110101, 999900] {
        assert!(!l.is_city(not), "{not} is not city-level");
    }
    assert!(
        l.cities(420000).any(|d| d.code == 429005),
        "潜江 among 湖北's cities"
    );
    assert!(l.cities(420000).all(|d| l.is_city(d.code)));
    assert_eq!(l.cities(110000).count(), 0, "北京 is chosen as it is");
}

#[test]
fn a_filing_names_its_destination_city_by_code() {
    installed();
    let cat = Catalogue::embedded().unwrap();
    let form = cat.form("filing").unwrap();
    let filing = |destination: &str| -> Values {
        [
            ("applicant.name", "张三"),
            ("applicant.id_type", "resident"),
            ("applicant.id_number", "11010519491231002X"),
            ("applicant.phone", "13800138000"),
            ("filing.type", "retiree"),
            ("filing.destination", destination),
            ("filing.start_date", "2026-12-10"),
            ("filing.commitment", "true"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    };
    let code = |d: &str| -> Vec<String> {
        validate_form(form, &filing(d), today())
            .into_iter()
            .filter(|e| e.field == "filing.destination")
            .map(|e| e.code)
            .collect()
    };
    assert_eq!(code("420100"), Vec::<String>::new());
    assert_eq!(
        code("110000"),
        Vec::<String>::new(),
        "a 直辖市 as its province"
    );
    assert_eq!(
        code("420102"),
        ["division.not_city"],
        "a district is below 市"
    );
    assert_eq!(code("武汉市"), ["division.format"]);
}
