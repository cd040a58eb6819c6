//! Alipay mini-program `<web-view>`: the `my` object of `https://appx/web-view.min.js`, which
//! `www/shells/loader.js` adds only when the user agent says `AlipayClient` or `AliApp` (the
//! address resolves inside Alipay's container only).
//!
//! - Detection: the user agent (`AlipayClient`, `AliApp`).
//! - Identity: the `#ticket=…` the shell page put in the web-view `src`.
//! - Navigation: `my.navigateTo({url: '/pages/map/map?…'})`, the template's native page that
//!   calls `my.openLocation`.
//! - Messages: `my.postMessage(data)`, received by the page's `onMessage` (`e.detail`).
//! - Title: the web-view page shows the document's title.
//! - Elder mode: `elder=1` in the fragment, set by the shell page.

use super::{browser, js, map_page_url, HostMessage, Place};
use wasm_bindgen::JsValue;

pub fn detected(ua: &str) -> bool {
    ua.contains("alipayclient") || ua.contains("aliapp")
}

fn my() -> Option<JsValue> {
    js::global("my")
}

pub fn open_location(place: &Place) -> bool {
    let Some(my) = my() else {
        return false;
    };
    let url = JsValue::from_str(&map_page_url(place));
    js::call(&my, "navigateTo", &js::object(&[("url", url)])).is_some()
}

pub fn post_message(message: &HostMessage, data: &JsValue) {
    let _ = message;
    if let Some(my) = my() {
        let _ = js::call(&my, "postMessage", data);
    }
}

pub fn set_title(title: &str) {
    browser::set_title(title);
}
