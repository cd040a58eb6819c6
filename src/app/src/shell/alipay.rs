//! Alipay mini-program `<web-view>`: the `my` object of `https://appx/web-view.min.js`, which
//! `www/shells/loader.js` adds only when the user agent says `AlipayClient` or `AliApp` (the
//! address resolves inside Alipay's container only).
//!
//! - Detection: the user agent (`AlipayClient`, `AliApp`), which Alipay's ordinary in-app
//!   browser also sends; so it is confirmed at start-up by `my.getEnv` → `{miniprogram: true}`
//!   (see [`super::confirm_host`]); otherwise the page is a plain browser.
//! - Identity: the `#ticket=…` the shell page put in the web-view `src`.
//! - Navigation: `my.navigateTo({url: '/pages/map/map?…', fail})`, the template's native page
//!   that calls `my.openLocation`; `fail` shows the caller's fallback.
//! - Session ended: `my.reLaunch({url: '/pages/index/index?path=…'})`: the template logs in
//!   again and opens the H5 where the citizen was.
//! - Messages: `my.postMessage(data)`, received by the page's `onMessage` (`e.detail`).
//! - Title: the web-view page shows the document's title.
//! - Elder mode: `elder=1` in the fragment, set by the shell page.
//! - Position: `my.getLocation`, only when the citizen taps 按我的位置 and the bridge offers it.

use super::{browser, js, map_page_url, HostMessage, Place};
use wasm_bindgen::JsValue;
use yew::Callback;

pub fn detected(ua: &str) -> bool {
    ua.contains("alipayclient") || ua.contains("aliapp")
}

fn my() -> Option<JsValue> {
    js::global("my")
}

/// `my.getEnv` → `{miniprogram: bool}`; `None` if it cannot be asked.
pub async fn env() -> Option<bool> {
    let answer = js::answer(&my()?, "getEnv", 1_500).await?;
    js::get(&answer, "miniprogram")?.as_bool()
}

/// Navigates to a native page of the template (`/pages/…`); `on_fail` runs if Alipay says it
/// cannot (or there is no `my` to ask).
pub fn navigate(url: &str, on_fail: Callback<()>) {
    let url = JsValue::from_str(url);
    let asked = my()
        .is_some_and(|my| js::call_with_fail(&my, "navigateTo", &[("url", url)], on_fail.clone()));
    if !asked {
        on_fail.emit(());
    }
}

/// `my.reLaunch({url})`: the template's index page logs in again (`my.getAuthCode`) and
/// reopens the H5 at the path in `url`. `false`: no bridge.
pub fn relaunch(url: &str) -> bool {
    let url = JsValue::from_str(url);
    my().is_some_and(|my| js::call_with_fail(&my, "reLaunch", &[("url", url)], Callback::noop()))
}

/// Navigates to the native map page.
pub fn open_location(place: &Place, on_fail: Callback<()>) {
    navigate(&map_page_url(place), on_fail);
}

/// `my.getLocation` → `{latitude, longitude}`, where the bridge offers it (`web-view.min.js`
/// lists it among its H5 calls: help.aliyun.com/document_detail/117862.html); taken as
/// GCJ-02, the datum of Alipay's AMap-based maps and of the offices. `None` when the bridge
/// lacks it, the citizen refuses, or no answer comes within 8 s.
pub async fn location() -> Option<(f64, f64)> {
    let answer = js::outcome(&my()?, "getLocation", 8_000).await?;
    let lat = js::get(&answer, "latitude")?.as_f64()?;
    let lng = js::get(&answer, "longitude")?.as_f64()?;
    Some((lat, lng))
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
