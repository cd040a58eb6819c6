//! WeChat mini-program `<web-view>`: the JSSDK's `wx.miniProgram` (npm `weixin-js-sdk`,
//! bundled and loaded by `www/shells/loader.js` only when the user agent says WeChat).
//!
//! - Detection: `window.__wxjs_environment === 'miniprogram'`, or a user agent with both
//!   `MicroMessenger` and `miniProgram` (WeChat ≥ 7.0.0), then confirmed at start-up by
//!   `wx.miniProgram.getEnv` (see [`super::confirm_host`]). WeChat's in-app browser outside a
//!   mini-program (a public-account H5) is a plain browser here: `wx.miniProgram` does nothing
//!   there.
//! - Identity: only through the URL — the shell page puts `#ticket=…` in the web-view `src`.
//! - Navigation: `wx.miniProgram.navigateTo({url: '/pages/map/map?…', fail})`, the template's
//!   native page that calls `wx.openLocation`; `fail` (e.g. the 10-page stack is full) shows
//!   the caller's fallback.
//! - Session ended: `wx.miniProgram.reLaunch({url: '/pages/index/index?path=…'})`, so the
//!   template logs in again (`wx.login`) and opens the H5 where the citizen was.
//! - Messages: `wx.miniProgram.postMessage({data})`. WeChat delivers them to the page's
//!   `bindmessage` only on back, share or destroy, so nothing live depends on them.
//! - Title: the web-view page shows the document's title.
//! - Elder mode: WeChat tells a web-view nothing; the shell page passes `elder=1` in the
//!   fragment when it wants it (the template reads `fontSizeSetting`).

use super::{browser, js, map_page_url, HostMessage, Place};
use wasm_bindgen::JsValue;
use yew::Callback;

pub fn detected(ua: &str) -> bool {
    let env = js::global("__wxjs_environment").and_then(|v| v.as_string());
    env.as_deref() == Some("miniprogram")
        || (ua.contains("micromessenger") && ua.contains("miniprogram"))
}

fn mini_program() -> Option<JsValue> {
    js::path(&gloo::utils::window(), &["wx", "miniProgram"])
}

/// `wx.miniProgram.getEnv` → `{miniprogram: bool}`; `None` if it cannot be asked.
pub async fn env() -> Option<bool> {
    let answer = js::answer(&mini_program()?, "getEnv", 1_500).await?;
    js::get(&answer, "miniprogram")?.as_bool()
}

/// Navigates to a native page of the template (`/pages/…`); `on_fail` runs if WeChat says it
/// cannot (the 10-page stack is full) or there is no `wx.miniProgram` to ask.
pub fn navigate(url: &str, on_fail: Callback<()>) {
    let url = JsValue::from_str(url);
    let asked = mini_program()
        .is_some_and(|mp| js::call_with_fail(&mp, "navigateTo", &[("url", url)], on_fail.clone()));
    if !asked {
        on_fail.emit(());
    }
}

/// `wx.miniProgram.reLaunch({url})`: the template's index page logs in again and reopens the
/// H5 at the path in `url` (a way back in when the session ended). `false`: no bridge.
pub fn relaunch(url: &str) -> bool {
    let url = JsValue::from_str(url);
    mini_program()
        .is_some_and(|mp| js::call_with_fail(&mp, "reLaunch", &[("url", url)], Callback::noop()))
}

/// Navigates to the native map page.
pub fn open_location(place: &Place, on_fail: Callback<()>) {
    navigate(&map_page_url(place), on_fail);
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
