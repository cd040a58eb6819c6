//! A provincial government app in the 浙里办 style: the `ZWJSBridge` global of the
//! platform's own script, which the integrator adds to `index.html` (there is no npm package;
//! `pkg-scripts/package provincial` writes the page and says where the tag goes). Every
//! bridge call returns a promise; calls are made after `ZWJSBridge.onReady`.
//!
//! - Detection: the packaged page's `<meta name="tongban-shell" content="provincial">`, a
//!   `ZWJSBridge` global, or the 浙里办 user agent (`dtdreamweb`).
//! - Identity: a `#ticket=…` in the fragment if the integrator's login redirect put one there;
//!   otherwise `ZWJSBridge.ssoTicket({})` → `{result: true, ticketId}`, which the integrator's
//!   backend (the `tongban-ticket-exchange` meta) turns into a signed Tongban ticket: the
//!   platform's ticketId means nothing to the gateway.
//! - Navigation: the app has no native map page; `ZWJSBridge.openLink({url})` opens the web
//!   map in a new host window.
//! - Messages: the bridge has no page-to-host channel; results reach the integrator through
//!   the gateway's webhook.
//! - Title: `ZWJSBridge.setTitle({title})`.
//! - Elder mode: `ZWJSBridge.getUiStyle()` → `{uiStyle: 'elder' | 'normal'}`.

use super::{browser, fragment, js, map_link, Place};
use gloo::net::http::Request;
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

fn bridge() -> Option<JsValue> {
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
    let answer = invoke("ssoTicket", js::object(&[])).await?;
    let ok = js::get(&answer, "result").and_then(|r| r.as_bool()) == Some(true);
    let ticket_id = js::get(&answer, "ticketId").and_then(|t| t.as_string())?;
    if !ok {
        return None;
    }
    let body = crate::json::to_string(&TicketId {
        ticket_id: &ticket_id,
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
/// cannot, and the caller shows the link itself.
pub fn open_location(place: &Place) -> bool {
    let Some(bridge) = bridge().filter(|b| js::has_method(b, "openLink")) else {
        return false;
    };
    let url = JsValue::from_str(&map_link(place));
    js::call(&bridge, "openLink", &js::object(&[("url", url)])).is_some()
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
/// for sorting offices by distance (`GET /api/v1/offices?near=lat,lng`).
pub async fn location() -> Option<(f64, f64)> {
    let answer = invoke("getLocation", js::object(&[])).await?;
    let lat = js::get(&answer, "latitude")?.as_f64()?;
    let lng = js::get(&answer, "longitude")?.as_f64()?;
    Some((lat, lng))
}
