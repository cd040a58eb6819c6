//! Browser tests (wasm-bindgen-test in headless Chromium): the region field of the transfer form,
//! 省 → 市 → 县（区） from the national division list, its answer a county's code.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{choose, mount_form, mount_transfer, select, settle};
use gloo::storage::{LocalStorage, Storage};
use tongban_app::draft::{storage_key, Draft};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const FROM: &str = "f-transfer-from_region";

/// The transfer form on its second step (转移信息), the list installed as if fetched.
fn mount(key: &str) -> Element {
    let mut d = match Draft::load(key) {
        Some(d) => d,
        None => Draft::new(),
    };
    d.step = 1;
    d.save(key);
    mount_transfer(key, vec![], None)
}

fn answer(key: &str) -> String {
    Draft::load(key)
        .and_then(|d| d.values.get("transfer.from_region").cloned())
        .unwrap_or_default()
}

fn label(root: &Element, id: &str) -> String {
    root.query_selector(&format!("label[for={id}]"))
        .unwrap()
        .and_then(|l| l.text_content())
        .unwrap_or_default()
}

fn shown(root: &Element) -> String {
    root.query_selector("[data-field='transfer.from_region'] .division-chosen")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_county_is_chosen_province_city_county_and_stored_as_its_code() {
    let key = storage_key("t", "division-county");
    LocalStorage::delete(&key);
    let root = mount(&key);
    settle().await;
    assert!(
        select(&root, &format!("{FROM}-1")).is_none(),
        "市 waits for 省"
    );
    assert_eq!(label(&root, FROM), "省（自治区、直辖市）");
    choose(&root, FROM, "湖北省").await;
    assert_eq!(answer(&key), "", "a province with cities is not an answer");
    assert_eq!(label(&root, &format!("{FROM}-1")), "市（州、盟）");
    choose(&root, &format!("{FROM}-1"), "荆门市").await;
    assert_eq!(answer(&key), "");
    choose(&root, &format!("{FROM}-2"), "东宝区").await;
    assert_eq!(answer(&key), "420802");
    assert_eq!(shown(&root), "已选择：湖北省荆门市东宝区");
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn a_county_under_its_province_or_a_municipality_needs_two_levels() {
    let key = storage_key("t", "division-direct");
    LocalStorage::delete(&key);
    let root = mount(&key);
    settle().await;
    choose(&root, FROM, "湖北省").await;
    choose(&root, &format!("{FROM}-1"), "潜江市").await;
    assert_eq!(answer(&key), "429005");
    assert!(select(&root, &format!("{FROM}-2")).is_none());
    assert_eq!(shown(&root), "已选择：湖北省潜江市");
    choose(&root, FROM, "北京市").await;
    assert_eq!(
        answer(&key),
        "",
        "another province clears the county below it"
    );
    assert_eq!(label(&root, &format!("{FROM}-1")), "区（县）");
    choose(&root, &format!("{FROM}-1"), "东城区").await;
    assert_eq!(answer(&key), "110101");
    assert_eq!(shown(&root), "已选择：北京市东城区");
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn a_saved_answer_comes_back_with_every_level_chosen() {
    let key = storage_key("t", "division-restored");
    let mut d = Draft::new();
    d.values
        .insert("transfer.from_region".into(), "431102".into());
    d.save(&key);
    let root = mount(&key);
    settle().await;
    let names: Vec<String> = ["", "-1", "-2"]
        .iter()
        .map(|s| {
            let el = select(&root, &format!("{FROM}{s}")).expect("all three levels");
            el.selected_options()
                .item(0)
                .and_then(|o| o.text_content())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(names, ["湖南省", "永州市", "零陵区"]);
    assert_eq!(shown(&root), "已选择：湖南省永州市零陵区");
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn leaving_the_field_half_chosen_asks_for_the_county() {
    let key = storage_key("t", "division-half");
    LocalStorage::delete(&key);
    let root = mount(&key);
    settle().await;
    choose(&root, FROM, "湖南省").await;
    root.query_selector("button.next")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    let error = root
        .query_selector("[data-field='transfer.from_region'] .error")
        .unwrap()
        .and_then(|e| e.text_content());
    assert_eq!(error.as_deref(), Some("请填写转出地（原参保地）"));
    let first = select(&root, FROM).unwrap();
    assert!(first
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains("f-transfer-from_region-error"));
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn a_destination_city_stops_at_the_city_and_a_municipality_at_its_province() {
    const TO: &str = "f-filing-destination";
    let key = storage_key("t", "division-city");
    LocalStorage::delete(&key);
    let mut d = Draft::new();
    d.step = 1; // 备案信息
    d.save(&key);
    let root = mount_form("filing", &key, vec![], None);
    settle().await;
    let city = || {
        Draft::load(&key)
            .and_then(|d| d.values.get("filing.destination").cloned())
            .unwrap_or_default()
    };
    choose(&root, TO, "湖北省").await;
    choose(&root, &format!("{TO}-1"), "武汉市").await;
    assert_eq!(city(), "420100");
    assert!(
        select(&root, &format!("{TO}-2")).is_none(),
        "no 县（区） under a 就医地"
    );
    choose(&root, TO, "北京市").await;
    assert_eq!(city(), "110000", "a 直辖市 is chosen as its province");
    assert!(select(&root, &format!("{TO}-1")).is_none());
    LocalStorage::delete(&key);
}
