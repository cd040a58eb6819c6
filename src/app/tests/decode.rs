//! Browser tests (wasm-bindgen-test in headless Chromium): the first load decodes the catalogue,
//! the guide's item, the regions and error bodies by hand (`tongban_app::api::decode`) instead of
//! with serde. Every item of every region, every region and the error bodies the gateway writes
//! must come out exactly as the rules crate has them, so the hand readers cannot drift from the
//! wire types.
#![cfg(target_arch = "wasm32")]

use serde::Serialize;
use tongban_app::api::catalogue::Listed;
use tongban_app::api::{decode, inline_catalog};
use tongban_rules::api::ErrorBody;
use tongban_rules::catalogue::Catalogue;
use tongban_rules::FieldError;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `value` as the browser's `JSON.parse` gives it from the gateway's serde_json text.
fn parsed<T: Serialize>(value: &T) -> JsValue {
    let text = serde_json::to_string(value).unwrap();
    decode::parse(&JsValue::from_str(&text)).unwrap()
}

fn parsed_text(text: &str) -> JsValue {
    decode::parse(&JsValue::from_str(text)).unwrap()
}

#[wasm_bindgen_test]
fn every_item_of_every_region_decodes_to_what_the_rules_resolved() {
    let catalogue = Catalogue::embedded().unwrap();
    let mut seen = 0;
    for region in catalogue.regions() {
        for item in catalogue.items(&region.code).unwrap() {
            assert_eq!(
                decode::item(&parsed(&item)).as_ref(),
                Some(&item),
                "{}",
                item.id
            );
            seen += 1;
        }
    }
    assert!(seen > 100, "only {seen} items were compared");
}

#[wasm_bindgen_test]
fn a_material_with_every_fact_a_guide_can_state_decodes_to_the_original() {
    use tongban_rules::catalogue::{Cited, Exempt, Fact, Material, Paper};
    let page = "https://www.jingmen.gov.cn/guide/1";
    let cited = |value| {
        Fact::Known(Cited {
            value,
            source: page.to_owned(),
        })
    };
    let mut item = Catalogue::embedded()
        .unwrap()
        .item("420800", "jm-transfer")
        .unwrap();
    item.materials.push(Material {
        id: "id-card".into(),
        name: "居民身份证".into(),
        paper: Fact::Known(Cited {
            value: Paper::OriginalAndCopy,
            source: page.into(),
        }),
        copies: Fact::Known(Cited {
            value: 2,
            source: page.into(),
        }),
        when: Some(Cited {
            value: "委托他人办理的".into(),
            source: page.into(),
        }),
        may_defer: cited(true),
        exempt: Fact::Known(Cited {
            value: Exempt::Commitment,
            source: page.into(),
        }),
        source: page.into(),
    });
    item.materials_complete = cited(true);
    assert_eq!(decode::item(&parsed(&item)).as_ref(), Some(&item));
}

#[wasm_bindgen_test]
fn every_region_decodes_to_what_the_rules_read() {
    let catalogue = Catalogue::embedded().unwrap();
    for region in catalogue.regions() {
        assert_eq!(decode::region(&parsed(region)).as_ref(), Some(region));
    }
}

#[wasm_bindgen_test]
fn an_item_without_unit_agency_written_by_an_older_gateway_reads_it_as_unknown() {
    let catalogue = Catalogue::embedded().unwrap();
    let item = catalogue.items("440000").unwrap().remove(0);
    let value = parsed(&item);
    js_sys::Reflect::delete_property(&value.clone().into(), &"unit_agency".into()).unwrap();
    assert_eq!(decode::item(&value), Some(item));
}

#[wasm_bindgen_test]
fn an_item_of_another_shape_is_refused_not_guessed() {
    let catalogue = Catalogue::embedded().unwrap();
    let item = catalogue.items("420800").unwrap().remove(0);
    for (key, wrong) in [
        ("name", JsValue::from_f64(1.0)),
        ("subject", JsValue::from_str("robot")),
        (
            "statutory_days",
            parsed_text(r#"{"value": -1, "source": "x"}"#),
        ),
        (
            "statutory_days",
            parsed_text(r#"{"value": 1.5, "source": "x"}"#),
        ),
        ("applicable", JsValue::from_str("yes")),
        (
            "kind",
            parsed_text(r#"{"value": {"type": "later"}, "source": "x"}"#),
        ),
        (
            "channels",
            parsed_text(r#"{"value": ["fax"], "source": "x"}"#),
        ),
        ("materials", JsValue::NULL),
    ] {
        let value = parsed(&item);
        js_sys::Reflect::set(&value, &key.into(), &wrong).unwrap();
        assert_eq!(decode::item(&value), None, "{key}");
    }
    assert_eq!(decode::item(&JsValue::from_str("item")), None);
}

#[wasm_bindgen_test]
fn the_inline_catalogue_cut_to_the_listed_members_lists_each_item_as_its_card_needs_it() {
    let catalogue = Catalogue::embedded().unwrap();
    let items = catalogue.items("431100").unwrap();
    // As the gateway writes it into index.html: each item cut to the list's members.
    let cut: Vec<serde_json::Value> = items
        .iter()
        .map(|item| {
            let mut value = serde_json::to_value(item).unwrap();
            let members = value.as_object_mut().unwrap();
            members.retain(|k, _| tongban_rules::catalogue::LISTED.contains(&k.as_str()));
            value
        })
        .collect();
    in_page(&serde_json::json!({"region": "431100", "version": "v1", "items": cut}));

    let listed = inline_catalog(None).expect("the catalogue in the page");
    assert_eq!(listed.region, "431100");
    assert_eq!(listed.version, "v1");
    let expected: Vec<Listed> = items.iter().map(Listed::of).collect();
    assert_eq!(listed.items, expected);
    assert!(listed.items.iter().any(|i| i.frequent));
    // Read once: a retry asks the gateway.
    assert!(inline_catalog(None).is_none());
}

/// The page's catalogue block holding `answer`, as the gateway writes it.
fn in_page(answer: &serde_json::Value) {
    let document = gloo::utils::document();
    let block = document.create_element("script").unwrap();
    block.set_attribute("type", "application/json").unwrap();
    block.set_id("catalog");
    block.set_text_content(Some(&answer.to_string()));
    document.body().unwrap().append_child(&block).unwrap();
}

#[wasm_bindgen_test]
fn a_listed_item_of_another_shape_is_refused_not_guessed() {
    // The list reads the facts' values without copying their sources, and compares the words
    // (scopes, channels, subject) in JavaScript: a fact without its source, or a word it does
    // not know, is still refused.
    let catalogue = Catalogue::embedded().unwrap();
    let item = catalogue.items("431100").unwrap().remove(0);
    let whole = serde_json::to_value(&item).unwrap();
    in_page(&serde_json::json!({"region": "431100", "version": "v1", "items": [whole]}));
    assert!(
        inline_catalog(None).is_some(),
        "the item as the gateway writes it is read"
    );
    for (key, wrong) in [
        ("applicable", serde_json::json!({"value": true})),
        (
            "applicable",
            serde_json::json!({"value": true, "source": 1}),
        ),
        ("high_frequency", serde_json::json!("yes")),
        (
            "no_application",
            serde_json::json!({"value": "no", "source": "x"}),
        ),
        (
            "channels",
            serde_json::json!({"value": ["fax"], "source": "x"}),
        ),
        (
            "channels",
            serde_json::json!({"value": "online", "source": "x"}),
        ),
        ("scopes", serde_json::json!(["everywhere"])),
        ("scopes", serde_json::json!([1])),
        ("subject", serde_json::json!("robot")),
        ("subject", serde_json::json!(null)),
    ] {
        let mut value = serde_json::to_value(&item).unwrap();
        value[key] = wrong;
        in_page(&serde_json::json!({"region": "431100", "version": "v1", "items": [value]}));
        assert_eq!(inline_catalog(None), None, "{key}");
    }
}

#[wasm_bindgen_test]
fn error_bodies_decode_with_their_defaults() {
    let full = ErrorBody {
        code: "validation_failed".into(),
        message: "the rules refused some fields".into(),
        field: Some("answers".into()),
        errors: vec![FieldError {
            field: "applicant.id_number".into(),
            code: "id_number.check_digit".into(),
            message: "证件号码最后一位校验不正确，请核对".into(),
        }],
        retry_after_secs: Some(600),
        receipt_no: Some("TB-1".into()),
    };
    assert_eq!(decode::error_body(&parsed(&full)), Some(full));
    let bare = ErrorBody {
        code: String::new(),
        message: String::new(),
        field: None,
        errors: vec![],
        retry_after_secs: None,
        receipt_no: None,
    };
    assert_eq!(decode::error_body(&parsed_text("{}")), Some(bare));
    assert_eq!(decode::error_body(&parsed_text("[1]")), None);
    assert_eq!(decode::error_body(&JsValue::from_str("oops")), None);
}

#[wasm_bindgen_test]
fn a_guide_s_list_version_decodes_and_an_older_gateway_s_answer_has_none() {
    let version = tongban_rules::api::ListVersion {
        number: 2,
        effective_at: "2027-01-01T00:00:00Z".into(),
        sources: vec!["荆门市医疗保障局 办事指南".into()],
    };
    assert_eq!(decode::list_version(&parsed(&version)), Some(version));
    assert_eq!(decode::list_version(&JsValue::UNDEFINED), None);
}
