//! Browser tests (wasm-bindgen-test in headless Chromium): the app's JSON goes through the
//! browser's `JSON.parse` / `JSON.stringify` (`tongban_app::json`) instead of serde_json. What gloo
//! stored on citizens' phones before must still load, what is stored now must read the same way,
//! and a form as the gateway serialises it must decode to exactly what the rules crate parsed.
#![cfg(target_arch = "wasm32")]

use gloo::storage::{LocalStorage, SessionStorage, Storage};
use serde::Serialize;
use std::collections::BTreeMap;
use tongban_app::api::applications::Receipt;
use tongban_app::api::session::Session;
use tongban_app::draft::Draft;
use tongban_app::prefs::Prefs;
use tongban_app::receipts::{self, Kept};
use tongban_app::{json, session};
use tongban_rules::catalogue::embedded::FORM_FILES;
use tongban_rules::form::{parse_form, Form};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn raw(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).unwrap()
}

fn put_raw(key: &str, text: &str) {
    LocalStorage::raw().set_item(key, text).unwrap();
}

#[wasm_bindgen_test]
fn values_gloo_stored_before_still_load() {
    // What gloo's LocalStorage::set wrote for a String and a bool (serde_json text).
    put_raw("tongban.region", "\"440000\"");
    put_raw("tongban.elder", "true");
    assert_eq!(
        json::load::<String>("tongban.region").as_deref(),
        Some("440000")
    );
    assert_eq!(json::load::<bool>("tongban.elder"), Some(true));
    // The first load reads the same text without serde.
    assert_eq!(json::load_text("tongban.region").as_deref(), Some("440000"));
    assert_eq!(
        json::load_bool_in::<LocalStorage>("tongban.elder"),
        Some(true)
    );
    assert!(Prefs::load().elder);
    assert!(Prefs::chosen());

    SessionStorage::raw()
        .set_item("tongban.test.wish", "false")
        .unwrap();
    assert_eq!(
        json::load_in::<SessionStorage, bool>("tongban.test.wish"),
        Some(false)
    );

    put_raw("tongban.elder", "not json");
    assert_eq!(json::load::<bool>("tongban.elder"), None);
    assert!(!Prefs::load().elder, "garbage is no choice");
    LocalStorage::delete("tongban.elder");
    assert!(!Prefs::chosen());
    assert_eq!(json::load::<String>("tongban.nothing.here"), None);
    LocalStorage::delete("tongban.region");
}

#[wasm_bindgen_test]
fn saved_values_are_the_text_gloo_wrote() {
    json::save("tongban.test.region", "440000");
    assert_eq!(raw("tongban.test.region").as_deref(), Some("\"440000\""));
    json::save("tongban.test.elder", &true);
    assert_eq!(raw("tongban.test.elder").as_deref(), Some("true"));
    // The first load's writers, without serde, store the same text.
    json::save_text("tongban.test.region", "440000");
    assert_eq!(raw("tongban.test.region").as_deref(), Some("\"440000\""));
    json::save_bool_in::<LocalStorage>("tongban.test.elder", false);
    assert_eq!(raw("tongban.test.elder").as_deref(), Some("false"));
    LocalStorage::delete("tongban.test.region");
    LocalStorage::delete("tongban.test.elder");
}

fn a_draft() -> Draft {
    let mut draft = Draft::new();
    draft.values.insert("applicant.name".into(), "张三".into());
    draft
        .values
        .insert("filing.type".into(), "retiree \"异地\"\n安置".into());
    draft.touched.insert("applicant.name".into());
    draft.step = 2;
    draft.signed = true;
    draft
}

#[wasm_bindgen_test]
fn a_draft_round_trips_and_reads_the_old_format() {
    let draft = a_draft();
    draft.save("tongban.draft.test.new");
    assert_eq!(Draft::load("tongban.draft.test.new"), Some(draft.clone()));

    // The same draft as gloo (serde_json) stored it: the same text, and it loads.
    LocalStorage::set("tongban.draft.test.old", &draft).unwrap();
    assert_eq!(
        raw("tongban.draft.test.old"),
        raw("tongban.draft.test.new"),
        "byte for byte what serde_json wrote"
    );
    assert_eq!(Draft::load("tongban.draft.test.old"), Some(draft.clone()));
    // And what is saved now still reads with serde_json (an older app after a rollback).
    assert_eq!(
        LocalStorage::get::<Draft>("tongban.draft.test.new").ok(),
        Some(draft)
    );

    // A draft from before `touched`, `step` and `signed` existed.
    put_raw(
        "tongban.draft.test.older",
        r#"{"values":{"applicant.name":"李四"},"key":"tb-1-2"}"#,
    );
    let older = Draft::load("tongban.draft.test.older").expect("loads with the defaults");
    assert_eq!(older.values["applicant.name"], "李四");
    assert_eq!(older.key, "tb-1-2");
    assert_eq!((older.step, older.signed), (0, false));
    assert!(older.touched.is_empty());

    for key in ["new", "old", "older"] {
        Draft::clear(&format!("tongban.draft.test.{key}"));
        assert_eq!(Draft::load(&format!("tongban.draft.test.{key}")), None);
    }
}

#[wasm_bindgen_test]
fn a_receipt_and_a_session_stored_by_gloo_still_load() {
    let kept = Kept {
        receipt: Receipt {
            receipt_no: "TB-TEST-0001".into(),
            status: tongban_rules::lifecycle::Status::Submitted,
            status_label: "已提交".into(),
            submitted_at: "2026-03-05T06:07:08Z".into(),
            due_date: None,
            due_estimated: false,
            acting: None,
            list_version: None,
        },
        item_name: "异地就医备案".into(),
        applicant: None,
    };
    LocalStorage::set("tongban.receipt.TB-TEST-0001", &kept).unwrap();
    let old = raw("tongban.receipt.TB-TEST-0001");
    assert_eq!(receipts::recall("TB-TEST-0001"), Some(kept.clone()));
    receipts::remember(&kept);
    assert_eq!(
        raw("tongban.receipt.TB-TEST-0001"),
        old,
        "None is still null"
    );
    LocalStorage::delete("tongban.receipt.TB-TEST-0001");

    let expires = js_sys::Date::new(&(js_sys::Date::now() + 3_600_000.0).into());
    let stored = Session {
        token: "test-token".into(),
        expires_at: expires.to_iso_string().into(),
        citizen: String::new(),
        real_name: Some(tongban_rules::api::RealName {
            name: Some("王*明".into()),
            id_tail: Some("002X".into()),
        }),
    };
    LocalStorage::set("tongban.session", &stored).unwrap();
    assert_eq!(session::token().as_deref(), Some("test-token"));
    assert_eq!(
        session::real_name().map(|r| r.label()).as_deref(),
        Some("本人：王*明（尾号002X）"),
        "the real-name person the session was made for, for display"
    );
    session::forget();
    assert_eq!(session::token(), None);
}

#[wasm_bindgen_test]
fn request_bodies_are_the_json_serde_json_wrote() {
    #[derive(Serialize)]
    struct Body<'a> {
        grade: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<&'a str>,
        note: Option<&'a str>,
        form: BTreeMap<&'a str, &'a str>,
        size: u64,
    }
    let body = Body {
        grade: 5,
        reason: None,
        note: None,
        form: BTreeMap::from([("b.x", "2"), ("a.y", "1")]),
        size: 3_000_000_000,
    };
    assert_eq!(
        json::to_string(&body).as_deref(),
        Some(r#"{"grade":5,"note":null,"form":{"a.y":"1","b.x":"2"},"size":3000000000}"#)
    );
    #[derive(Serialize)]
    struct Empty {}
    assert_eq!(json::to_string(&Empty {}).as_deref(), Some("{}"));
}

#[wasm_bindgen_test]
fn every_form_served_by_the_gateway_decodes_to_what_the_rules_crate_parsed() {
    for (id, text) in FORM_FILES {
        let rules = parse_form(id, text).unwrap();
        // `GET /items/{id}` carries the form as serde_json writes it.
        let served = serde_json::to_string(&rules).unwrap();
        let browser: Form = json::from_str(&served).unwrap_or_else(|| panic!("{id} decodes"));
        assert_eq!(browser, rules, "{id}");
    }
}
