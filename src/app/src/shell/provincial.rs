//! A provincial government app in the 浙里办 style: the `ZWJSBridge` global of the
//! platform's own script, which the integrator adds to `index.html` (there is no npm package;
//! `pkg-scripts/package provincial` writes the page and says where the tag goes). Every
//! bridge call returns a promise; calls are made after `ZWJSBridge.onReady`.
//!
//! - Detection: the packaged page's `<meta name="tongban-shell" content="provincial">`, a
//!   `ZWJSBridge` global, or the 浙里办 user agent (`dtdreamweb`).
//! - Identity: a `#ticket=…` in the fragment if the integrator's login redirect put a Tongban
//!   ticket there. Otherwise the platform's ticket, which the integrator's backend (the
//!   `tongban-ticket-exchange` meta) turns into a signed Tongban ticket (the platform's
//!   ticket means nothing to the gateway; the backend's IRS ticket → token → user calls are
//!   AK/SK-signed, see docs/integrators.md). The platform's ticket comes from, in order:
//!   1. `?ticket=…` in the query: the platform's redirect login came back with it;
//!   2. `ZWJSBridge.ssoTicket({})` → `{result: true, ticketId}`;
//!   3. `{result: true, ticketId: ''}` (the container has no ticket yet): one
//!      `ZWJSBridge.openLink({type: 'reload'})`, as 浙里办 apps do to get one; still empty
//!      after that reload, or `{result: false}`: the redirect login below.
//!   4. The redirect login, once per visit (both guards live in session storage, so a
//!      platform that never answers cannot loop the page): `location.replace` to
//!      `https://puser.zjzwfw.gov.cn/sso/mobile.do?action=oauth&scope=1&servicecode=…&redirectUrl=…`
//!      in the 浙里办 app, `…/sso/alipay.do?action=ssoLogin&servicecode=…&redirectUrl=…` in its
//!      Alipay channel, which come back to `redirectUrl` with `?ticket=`. The service code
//!      (接入码) is the packaged page's `tongban-sso-servicecode` meta; without it there is no
//!      redirect and the citizen stays signed out. URL shapes as the platform's 用户认证体系对接
//!      documents give them to registered applications (no public official copy could be found
//!      to cite; docs/integrators.md says so).
//! - Navigation: the app has no native map page; `ZWJSBridge.openLink({url})` opens the web
//!   map in a new host window.
//! - Messages: the bridge has no page-to-host channel; results reach the integrator through
//!   the gateway's webhook.
//! - Title: `ZWJSBridge.setTitle({title})`; each page view also goes to the host's zwlog
//!   (`super::zwlog`) where the host provides it.
//! - Session ended: the redirect login again, back to the same page ([`login_again`]).
//! - Position: `ZWJSBridge.getLocation`, only on the citizen's tap.
//! - Elder mode: `elder=` in the fragment or `?_uiStyle=elder` (浙里办's WeChat/Alipay
//!   channels), else `ZWJSBridge.getUiStyle()` → `{uiStyle: 'elder' | 'normal'}`.

use super::{browser, fragment, js, map_link, Place};
use gloo::net::http::Request;
use gloo::storage::{SessionStorage, Storage};
use js_sys::{Array, Promise};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// How long a bridge call may take before the adapter gives up and falls back.
const BRIDGE_MS: i32 = 4_000;

pub fn detected(ua: &str) -> bool {
    js::global("ZWJSBridge").is_some() || ua.contains("dtdreamweb")
}

/// The bridge, unless the package is the profile without one (`<meta name="tongban-bridge"
/// content="none">`: the regions' own apps — 粤省事, 湘易办, 鄂汇办, 渝快办 — where the ticket
/// comes in the fragment, elder mode in the address and the position from the browser).
fn bridge() -> Option<JsValue> {
    if meta("tongban-bridge").as_deref() == Some("none") {
        return None;
    }
    js::global("ZWJSBridge")
}

thread_local! {
    /// `onReady` is asked once per page; every call awaits the same answer. A bridge that does
    /// not call back late registrations then costs one wait, not one per call.
    static READY: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// `ZWJSBridge.onReady`, as a future (at most [`BRIDGE_MS`]); the bridge, once ready.
async fn ready() -> Option<JsValue> {
    let bridge = bridge()?;
    if js::has_method(&bridge, "onReady") {
        let waiting = READY.with(|cell| {
            cell.borrow_mut()
                .get_or_insert_with(|| {
                    let ready = Promise::new(&mut |resolve, _| {
                        if js::call(&bridge, "onReady", &resolve).is_none() {
                            let _ = resolve.call0(&JsValue::NULL);
                        }
                    });
                    Promise::race(&Array::of2(&ready, &js::sleep(BRIDGE_MS)))
                })
                .clone()
        });
        let _ = JsFuture::from(waiting).await;
    }
    Some(bridge)
}

/// Calls `ZWJSBridge[name](arg)` once the bridge is ready and awaits its answer.
async fn invoke(name: &str, arg: JsValue) -> Option<JsValue> {
    let bridge = ready().await?;
    let answer = js::call(&bridge, name, &arg)?;
    js::settle(answer, BRIDGE_MS).await
}

/// The integrator's endpoint that exchanges the platform's ticketId for a Tongban ticket.
fn exchange_url() -> Option<String> {
    meta("tongban-ticket-exchange").filter(|u| !u.is_empty())
}

/// `<meta name=NAME content=…>` of the page, the packaged shell's configuration.
pub fn meta(name: &str) -> Option<String> {
    gloo::utils::document()
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
}

/// What the exchange endpoint is sent: `{"ticketId": "…"}`.
#[derive(Serialize)]
struct TicketId<'a> {
    #[serde(rename = "ticketId")]
    ticket_id: &'a str,
}

/// What it answers: `{"ticket": "v1.…"}`.
#[derive(Deserialize)]
struct Exchanged {
    ticket: String,
}

pub async fn ticket() -> Option<String> {
    if let Some(ticket) = fragment::param("ticket") {
        return Some(ticket);
    }
    // The platform's ticket in the query is good once: after its exchange it is spent (a
    // session that ends later goes back through the login instead).
    let spent: Option<String> = SessionStorage::get(SPENT).ok();
    if let Some(platform) = fragment::query_param("ticket").filter(|t| spent.as_ref() != Some(t)) {
        let _ = SessionStorage::set(SPENT, &platform);
        let ticket = exchange(&platform).await;
        if ticket.is_some() {
            forget_guard(REDIRECTED);
        }
        return ticket;
    }
    let answer = invoke("ssoTicket", js::object(&[])).await;
    let ok = answer
        .as_ref()
        .and_then(|a| js::get(a, "result"))
        .and_then(|r| r.as_bool())
        == Some(true);
    let ticket_id = answer
        .as_ref()
        .and_then(|a| js::get(a, "ticketId"))
        .and_then(|t| t.as_string())
        .unwrap_or_default();
    if ok && !ticket_id.is_empty() {
        forget_guard(RELOADED);
        return exchange(&ticket_id).await;
    }
    let leaving = if ok && once(RELOADED) {
        reload()
    } else {
        redirect_login()
    };
    if leaving {
        // The page is about to be replaced: no stand-in session meanwhile.
        let _ = JsFuture::from(js::sleep(LEAVING_MS)).await;
    }
    None
}

/// How long a page that asked the host to reload or redirect it waits for that to happen.
const LEAVING_MS: i32 = 10_000;

/// Session-storage flags that make each fallback happen at most once per visit.
const RELOADED: &str = "tongban.zlb.reloaded";
const REDIRECTED: &str = "tongban.zlb.redirected";
/// The platform ticket from the query already exchanged on this visit.
const SPENT: &str = "tongban.zlb.spent";

/// Sets the flag `key`; `true` the first time.
fn once(key: &str) -> bool {
    let first = SessionStorage::get::<bool>(key).is_err();
    let _ = SessionStorage::set(key, true);
    first
}

fn forget_guard(key: &str) {
    SessionStorage::delete(key);
}

/// `ZWJSBridge.openLink({type: 'reload'})`: the container reloads the page with a ticket.
fn reload() -> bool {
    let Some(bridge) = bridge() else {
        return false;
    };
    let arg = js::object(&[("type", JsValue::from_str("reload"))]);
    js::call(&bridge, "openLink", &arg).is_some()
}

/// The platform's redirect login address for this page, if the package set a service code.
pub fn login_url(servicecode: &str, ua: &str, back: &str) -> String {
    let alipay = ua.contains("miniprogram") && ua.contains("alipay");
    let (page, action) = if alipay {
        ("alipay.do", "action=ssoLogin")
    } else {
        ("mobile.do", "action=oauth&scope=1")
    };
    format!(
        "{SSO_ORIGIN}/sso/{page}?{action}&servicecode={}&redirectUrl={}",
        js_sys::encode_uri_component(servicecode),
        js_sys::encode_uri_component(back)
    )
}

/// 浙里办's unified login (政务服务网统一用户体系).
const SSO_ORIGIN: &str = "https://puser.zjzwfw.gov.cn";

/// The session ended: to the platform's login again, back to this page (the guard of one
/// redirect per visit is lifted for it; [`super::again`] keeps it from looping).
pub fn login_again() -> bool {
    forget_guard(REDIRECTED);
    redirect_login()
}

fn redirect_login() -> bool {
    let Some(code) = meta("tongban-sso-servicecode").filter(|c| !c.trim().is_empty()) else {
        return false;
    };
    if !once(REDIRECTED) {
        return false;
    }
    let location = gloo::utils::window().location();
    // Without the fragment: the platform adds `?ticket=` to this address, which must land in
    // the query, not inside a hash route (`#/…`, pkg-scripts/package --hash).
    let Some(back) = location.href().ok() else {
        return false;
    };
    let back = back.split('#').next().unwrap_or_default();
    location
        .replace(&login_url(code.trim(), &js::user_agent(), back))
        .is_ok()
}

/// The integrator's backend turns the platform's ticket into a Tongban ticket.
async fn exchange(platform_ticket: &str) -> Option<String> {
    let body = crate::json::to_string(&TicketId {
        ticket_id: platform_ticket,
    })?;
    let res = Request::post(&exchange_url()?)
        .header("Content-Type", "application/json")
        .body(body)
        .ok()?
        .send()
        .await
        .ok()?;
    if !res.ok() {
        return None;
    }
    crate::json::from_response::<Exchanged>(res)
        .await
        .map(|e| e.ticket)
}

/// Opens the web map in a new host window (`ZWJSBridge.openLink`); `false` when the bridge
/// cannot, and the caller shows the link itself. A rejected `openLink` runs `on_fail`.
pub fn open_location(place: &Place, on_fail: yew::Callback<()>) -> bool {
    let Some(bridge) = bridge().filter(|b| js::has_method(b, "openLink")) else {
        return false;
    };
    let url = JsValue::from_str(&map_link(place));
    let Some(answer) = js::call(&bridge, "openLink", &js::object(&[("url", url)])) else {
        return false;
    };
    if js::has_method(&answer, "then") {
        wasm_bindgen_futures::spawn_local(async move {
            if JsFuture::from(Promise::resolve(&answer)).await.is_err() {
                on_fail.emit(());
            }
        });
    }
    true
}

pub fn set_title(title: &str) {
    browser::set_title(title);
    let title = title.to_owned();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = invoke(
            "setTitle",
            js::object(&[("title", JsValue::from_str(&title))]),
        )
        .await;
    });
}

pub async fn elder_preference() -> Option<bool> {
    if let Some(elder) = fragment::elder() {
        return Some(elder);
    }
    let answer = invoke("getUiStyle", js::object(&[])).await?;
    let style = js::get(&answer, "uiStyle")?.as_string()?;
    Some(style == "elder")
}

/// The user's position from the host (`ZWJSBridge.getLocation` → `{latitude, longitude}`),
/// for sorting offices by distance (`GET /api/v1/offices?near=lat,lng`); asked only when the
/// citizen taps 按我的位置, never on page load.
pub async fn location() -> Option<(f64, f64)> {
    let answer = invoke("getLocation", js::object(&[])).await?;
    let lat = js::get(&answer, "latitude")?.as_f64()?;
    let lng = js::get(&answer, "longitude")?.as_f64()?;
    Some((lat, lng))
}
