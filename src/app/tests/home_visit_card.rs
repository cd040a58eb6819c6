//! Browser tests (wasm-bindgen-test): a home visit's card names the person coming to the door
//! as the office recorded them — 姓名（工号…） 电话… — so the citizen can check them.
#![cfg(target_arch = "wasm32")]

use tongban_app::pages::appointments::visitor;
use tongban_rules::api::HomeVisit;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn visit(clerk: Option<&str>, work_no: Option<&str>, phone: Option<&str>) -> HomeVisit {
    HomeVisit {
        region_name: None,
        id: "hv".into(),
        region: "440000".into(),
        item_id: "gd-05".into(),
        item_name: "城乡居民参保登记".into(),
        reason: "elderly".into(),
        reason_label: "高龄".into(),
        preferred: vec![],
        status: "confirmed".into(),
        label: "已确认".into(),
        slot: None,
        clerk: clerk.map(Into::into),
        clerk_work_no: work_no.map(Into::into),
        clerk_phone: phone.map(Into::into),
        receipt_no: None,
        address: None,
        phone: None,
        cancellable: false,
        steps: vec![],
    }
}

#[wasm_bindgen_test]
fn the_card_names_the_clerk_with_work_number_and_work_phone() {
    let v = visit(Some("王五"), Some("GZ0123"), Some("020-12345678"));
    assert_eq!(
        visitor(&v).as_deref(),
        Some("王五（工号 GZ0123） 电话 020-12345678")
    );
}

#[wasm_bindgen_test]
fn a_clerk_without_recorded_details_is_named_alone_and_no_clerk_shows_no_line() {
    assert_eq!(
        visitor(&visit(Some("李四"), None, None)).as_deref(),
        Some("李四")
    );
    assert_eq!(visitor(&visit(None, None, None)), None);
}
