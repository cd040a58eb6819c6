//! The adapter in a real browser (wasm-bindgen-test, headless Chromium): detection from host
//! globals, the fragment's parsing, the map page address, the host calls made on a fake `my`
//! and `ZWJSBridge`. The full journeys per host are in tests/e2e/shells.test.mjs.

use super::*;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn set_global(name: &str, value: &JsValue) {
    let _ = Reflect::set(&gloo::utils::window(), &name.into(), value);
}

fn clear_global(name: &str) {
    let _ = Reflect::delete_property(&gloo::utils::window().into(), &name.into());
}

/// An object whose methods record `[name, arg]` into `window.__calls`.
fn recorder(methods: &[&str]) -> JsValue {
    set_global("__calls", &Array::new());
    let obj = js_sys::Object::new();
    for m in methods {
        let f = Function::new_with_args(
            "arg",
            &format!("window.__calls.push(['{m}', arg]); return Promise.resolve({{}});"),
        );
        let _ = Reflect::set(&obj, &(*m).into(), &f);
    }
    obj.into()
}

fn calls() -> Vec<(String, JsValue)> {
    let calls: Array = js::global("__calls").unwrap().into();
    calls
        .iter()
        .map(|c| {
            let c: Array = c.into();
            (c.get(0).as_string().unwrap(), c.get(1))
        })
        .collect()
}

fn guangzhou() -> Place {
    Place {
        name: "广州市医疗保险服务管理中心".into(),
        address: "广州市梅东路28号 A&B".into(),
        lat: 23.13,
        lng: 113.305,
        approximate: false,
    }
}

#[wasm_bindgen_test]
fn the_fragment_is_decoded_pair_by_pair() {
    let p = fragment::parse("#ticket=v1.a%2Bb%2F%3D.c&elder=1&empty=");
    assert_eq!(
        p,
        vec![
            ("ticket".to_owned(), "v1.a+b/=.c".to_owned()),
            ("elder".to_owned(), "1".to_owned())
        ]
    );
    assert!(fragment::parse("").is_empty());
}

#[wasm_bindgen_test]
fn a_ticket_is_taken_out_of_a_query_or_fragment_and_nothing_else() {
    assert_eq!(
        fragment::without_ticket("a=1&ticket=ST-1&_uiStyle=elder").as_deref(),
        Some("a=1&_uiStyle=elder")
    );
    assert_eq!(fragment::without_ticket("ticket=ST-1").as_deref(), Some(""));
    assert_eq!(fragment::without_ticket("_uiStyle=elder"), None);
    assert_eq!(fragment::without_ticket(""), None);
}

#[wasm_bindgen_test]
fn the_redirect_login_is_the_platforms_per_channel() {
    let back = "https://h5.example.gov.cn/apply?x=1";
    let app = provincial::login_url("zj-123", "mozilla dtdreamweb", back);
    assert_eq!(
        app,
        "https://puser.zjzwfw.gov.cn/sso/mobile.do?action=oauth&scope=1&servicecode=zj-123\
         &redirectUrl=https%3A%2F%2Fh5.example.gov.cn%2Fapply%3Fx%3D1"
    );
    let alipay = provincial::login_url("zj-123", "alipayclient miniprogram", back);
    assert!(
        alipay.starts_with(
            "https://puser.zjzwfw.gov.cn/sso/alipay.do?action=ssoLogin&servicecode=zj-123&"
        ),
        "{alipay}"
    );
}

#[wasm_bindgen_test]
fn a_wechat_navigate_to_that_fails_runs_the_fallback() {
    set_global("__wxjs_environment", &"miniprogram".into());
    let mp = js_sys::Object::new();
    let f = Function::new_with_args(
        "o",
        "o.fail({errMsg: 'navigateTo:fail page limit exceeded'})",
    );
    let _ = Reflect::set(&mp, &"navigateTo".into(), &f);
    set_global("wx", &js::object(&[("miniProgram", mp.into())]));
    let failed = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = failed.clone();
    assert!(open_location(
        &guangzhou(),
        Callback::from(move |()| seen.set(true))
    ));
    assert!(failed.get(), "the fail path ran");
    assert!(in_mini_program());
    clear_global("wx");
    clear_global("__wxjs_environment");
}

#[wasm_bindgen_test]
fn the_map_page_address_encodes_name_and_address() {
    let url = map_page_url(&guangzhou());
    assert!(
        url.starts_with("/pages/map/map?lat=23.13&lng=113.305&name=%E5%B9%BF"),
        "{url}"
    );
    assert!(
        url.ends_with(
            "&address=%E5%B9%BF%E5%B7%9E%E5%B8%82%E6%A2%85%E4%B8%9C%E8%B7%AF28%E5%8F%B7%20A%26B"
        ),
        "{url}"
    );
}

#[wasm_bindgen_test]
fn an_approximate_place_says_so_to_the_map_page() {
    let place = Place {
        approximate: true,
        ..guangzhou()
    };
    assert!(map_page_url(&place).ends_with("%26B&approximate=1"));
}

#[wasm_bindgen_test]
fn wechat_is_detected_from_wxjs_environment_and_navigates_through_wx_mini_program() {
    set_global("__wxjs_environment", &"miniprogram".into());
    let wx = js::object(&[("miniProgram", recorder(&["navigateTo", "postMessage"]))]);
    set_global("wx", &wx);
    assert_eq!(detect(), ShellKind::WeChat);
    assert_eq!(
        gloo::utils::document()
            .document_element()
            .unwrap()
            .get_attribute("data-shell")
            .as_deref(),
        Some("wechat")
    );
    assert!(open_location(&guangzhou(), Callback::noop()));
    post_message(&HostMessage::Submitted {
        receipt_no: "TB1".into(),
        item: "gd-17".into(),
    });
    let calls = calls();
    assert_eq!(calls[0].0, "navigateTo");
    assert_eq!(
        js::get(&calls[0].1, "url").unwrap().as_string(),
        Some(map_page_url(&guangzhou()))
    );
    assert_eq!(calls[1].0, "postMessage");
    let data = js::get(&calls[1].1, "data").unwrap();
    assert_eq!(
        js::get(&data, "receipt_no").unwrap().as_string().as_deref(),
        Some("TB1")
    );
    assert_eq!(
        js::get(&data, "type").unwrap().as_string().as_deref(),
        Some("submitted")
    );
    clear_global("wx");
    clear_global("__wxjs_environment");
}

#[wasm_bindgen_test]
async fn provincial_bridge_answers_elder_title_and_location() {
    let bridge = recorder(&["setTitle", "openLink"]);
    let f = |body: &str| Function::new_with_args("arg", body);
    let _ = Reflect::set(&bridge, &"onReady".into(), &f("setTimeout(arg, 0)"));
    let _ = Reflect::set(
        &bridge,
        &"getUiStyle".into(),
        &f("return Promise.resolve({uiStyle: 'elder'})"),
    );
    let _ = Reflect::set(
        &bridge,
        &"getLocation".into(),
        &f("return Promise.resolve({latitude: 30.27, longitude: 120.15})"),
    );
    set_global("ZWJSBridge", &bridge);
    assert_eq!(detect(), ShellKind::Provincial);
    assert_eq!(elder_preference().await, Some(true));
    assert_eq!(asked_position().await, Some((30.27, 120.15)));
    assert!(open_location(&guangzhou(), Callback::noop()));
    let (name, arg) = &calls()[0];
    assert_eq!(name, "openLink");
    assert_eq!(
        js::get(arg, "url").unwrap().as_string(),
        Some(map_link(&guangzhou()))
    );
    clear_global("ZWJSBridge");
}

#[wasm_bindgen_test]
async fn a_browser_has_no_host_to_navigate_or_ask() {
    assert_eq!(detect(), ShellKind::Browser);
    assert!(!open_location(&guangzhou(), Callback::noop()));
    assert_eq!(asked_position().await, None);
    assert!(map_link(&guangzhou())
        .starts_with("https://uri.amap.com/marker?position=113.305,23.13&name="));
}

#[wasm_bindgen_test]
fn a_place_whose_position_is_not_verified_is_found_on_the_map_by_its_address() {
    let unverified = Place {
        approximate: true,
        ..guangzhou()
    };
    assert_eq!(
        map_link(&unverified),
        "https://uri.amap.com/search?keyword=%E5%B9%BF%E5%B7%9E%E5%B8%82%E6%A2%85%E4%B8%9C%E8%B7%AF28%E5%8F%B7%20A%26B&view=map&src=tongban"
    );
}
