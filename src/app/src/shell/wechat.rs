//! WeChat mini-program `<web-view>`: the JSSDK's `wx.miniProgram` (npm `weixin-js-sdk`,
//! bundled and loaded by `www/shells/loader.js` only when the user agent says WeChat).
//!
//! - Detection: `window.__wxjs_environment === 'miniprogram'`, or a user agent with both
//!   `MicroMessenger` and `miniProgram` (WeChat ≥ 7.0.0). WeChat's in-app browser outside a
//!   mini-program (a public-account H5) is a plain browser here: `wx.miniProgram` does nothing
//!   there.
//! - Identity: only through the URL — the shell page puts `#ticket=…` in the web-view `src`.
//! - Navigation: `wx.miniProgram.navigateTo({url: '/pages/map/map?…'})`, the template's
//!   native page that calls `wx.openLocation`.
//! - Messages: `wx.miniProgram.postMessage({data})`. WeChat delivers them to the page's
//!   `bindmessage` only on back, share or destroy, so nothing live depends on them.
//! - Title: the web-view page shows the document's title.
//! - Elder mode: WeChat tells a web-view nothing; the shell page passes `elder=1` in the
//!   fragment when it wants it (the template reads `fontSizeSetting`).

use super::{browser, js, map_page_url, HostMessage, Place};
use wasm_bindgen::JsValue;

pub fn detected(ua: &str) -> bool {
    let env = js::global("__wxjs_environment").and_then(|v| v.as_string());
    env.as_deref() == Some("miniprogram")
        || (ua.contains("micromessenger") && ua.contains("miniprogram"))
}

fn mini_program() -> Option<JsValue> {
    js::path(&gloo::utils::window(), &["wx", "miniProgram"])
}

pub fn open_location(place: &Place) -> bool {
    let Some(mp) = mini_program() else {
        return false;
    };
    let url = JsValue::from_str(&map_page_url(place));
    js::call(&mp, "navigateTo", &js::object(&[("url", url)])).is_some()
}

pub fn post_message(message: &HostMessage, data: &JsValue) {
    let _ = message;
    if let Some(mp) = mini_program() {
        let _ = js::call(&mp, "postMessage", &js::object(&[("data", data.clone())]));
    }
}

pub fn set_title(title: &str) {
    browser::set_title(title);
}
