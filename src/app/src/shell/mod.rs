//! The shell bridge: one interface over the host the H5 bundle runs in — a WeChat
//! mini-program web-view, an Alipay mini-program web-view, a provincial app (ZWJSBridge style)
//! or a plain mobile browser. Pages call only the functions here; each host's specifics live
//! in its own module, and every call has a browser fallback so a page never needs to know
//! where it runs. What each call maps to per host: `docs/integrators.md`.
//!
//! The app calls [`elder_preference`] (or [`detect`]) at start-up; detection marks the page
//! with `<html data-shell="wechat|alipay|provincial|browser">` for styles and tests.

mod again;
mod alipay;
mod browser;
mod fragment;
mod host;
mod js;
mod mgop;
pub(crate) mod provincial;
mod wechat;
mod zlb;
mod zwlog;

pub use again::{offer_subscription_again, sign_in_again, signed_in};
pub use host::{api_base, via_mgop};
pub use zlb::send_via_mgop;

use gloo::storage::SessionStorage;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsValue;
use yew::Callback;

const MINI_PROGRAM_KEY: &str = "tongban.host.mini_program";

thread_local! {
    /// What the host's `getEnv` said about being a mini-program: `None` until asked.
    static MINI_PROGRAM: Cell<Option<bool>> = const { Cell::new(None) };
    /// The receipt of the submission made on this page load, until its receipt page has
    /// offered the subscription page ([`offer_subscription`]).
    static SUBMITTED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Where the bundle runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShellKind {
    WeChat,
    Alipay,
    Provincial,
    Browser,
}

impl ShellKind {
    /// The code sent to the gateway in tickets and stored with sessions.
    pub fn code(self) -> &'static str {
        match self {
            ShellKind::WeChat => "wechat",
            ShellKind::Alipay => "alipay",
            ShellKind::Provincial => "provincial",
            ShellKind::Browser => "browser",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        [Self::WeChat, Self::Alipay, Self::Provincial, Self::Browser]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// A place to navigate to (a service office).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    /// Only the office's area is known: the map page plans no route by itself.
    pub approximate: bool,
}

/// What the app tells the host page; delivered when the host allows (WeChat: only on back,
/// share or destroy), so nothing live depends on it — the gateway is the live channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HostMessage {
    Submitted { receipt_no: String, item: String },
}

/// Detects the host; cheap (a meta tag, the user agent and a few globals), so it runs on
/// every call. Order: the packaged page's `<meta name="tongban-shell">` (the provincial
/// package sets it), then Alipay (its user agent also says `MiniProgram`), WeChat, a
/// provincial bridge, and otherwise the browser. A user agent only suggests a mini-program:
/// once [`confirm_host`] has asked the host's `getEnv`, a "no" makes the page a browser
/// (Alipay's ordinary in-app browser sends the same user agent).
pub fn detect() -> ShellKind {
    let ua = js::user_agent();
    let kind = provincial::meta("tongban-shell")
        .and_then(|code| ShellKind::from_code(code.trim()))
        .unwrap_or_else(|| {
            let confirmed = MINI_PROGRAM.with(|m| {
                if m.get().is_none() {
                    m.set(crate::json::load_bool_in::<SessionStorage>(
                        MINI_PROGRAM_KEY,
                    ));
                }
                m.get()
            });
            if alipay::detected(&ua) && confirmed != Some(false) {
                ShellKind::Alipay
            } else if wechat::detected(&ua) && confirmed != Some(false) {
                ShellKind::WeChat
            } else if provincial::detected(&ua) {
                ShellKind::Provincial
            } else {
                ShellKind::Browser
            }
        });
    mark(kind);
    fragment::init();
    kind
}

/// Asks the mini-program host whether the page really is inside a mini-program
/// (`wx.miniProgram.getEnv`, `my.getEnv`), once the bridge script has loaded; the app calls
/// it at start-up. No answer: WeChat's `__wxjs_environment` decides (WeChat sets it in
/// mini-program web-views only); Alipay without an answer is a browser.
pub async fn confirm_host() {
    let kind = detect();
    if !matches!(kind, ShellKind::WeChat | ShellKind::Alipay) {
        return;
    }
    bridge_ready().await;
    let answer = match kind {
        ShellKind::WeChat => wechat::env().await.or_else(|| {
            let env = js::global("__wxjs_environment").and_then(|v| v.as_string());
            Some(env.as_deref() == Some("miniprogram"))
        }),
        _ => alipay::env().await,
    };
    let confirmed = answer.unwrap_or(false);
    MINI_PROGRAM.with(|m| m.set(Some(confirmed)));
    // Kept for the visit: the next full page load knows before it can ask again.
    crate::json::save_bool_in::<SessionStorage>(MINI_PROGRAM_KEY, confirmed);
    detect();
}

/// Whether the page is (as far as known) inside a mini-program web-view, where only the
/// 业务域名 open: a fallback there is 复制地址, never an outside link.
pub fn in_mini_program() -> bool {
    matches!(detect(), ShellKind::WeChat | ShellKind::Alipay)
}

/// `<html data-shell="…">`: lets styles and the end-to-end tests see what was detected.
fn mark(kind: ShellKind) {
    if let Some(html) = gloo::utils::document().document_element() {
        if html.get_attribute("data-shell").as_deref() != Some(kind.code()) {
            let _ = html.set_attribute("data-shell", kind.code());
        }
    }
}

/// The host's identity ticket for `POST /api/v1/session`, if the host gave one. Every shell
/// template passes it in the URL fragment as `ticket=…` (never the query: fragments are not
/// sent to servers or written to access logs); the provincial app may instead give its own
/// SSO ticketId, which the integrator's backend exchanges for ours.
pub async fn ticket() -> Option<String> {
    match detect() {
        ShellKind::Provincial => provincial::ticket().await,
        _ => browser::ticket(),
    }
}

/// The ticket the host gave on this page load (the URL fragment), if any. A session stored
/// on the device from an earlier visit may belong to someone else (a shared phone, another
/// WeChat account): when this is `Some`, exchange it instead of reusing the stored session.
pub fn fresh_ticket() -> Option<String> {
    fragment::param("ticket")
}

/// Hands navigation to the host's native map page (WeChat, Alipay) or a new host window
/// (provincial). `false` means the page keeps it: the caller's [`map_link`] opens. `true`:
/// the host has it, and `on_fail` runs if the host then says it cannot (WeChat's 10-page
/// stack, a missing bridge): the caller shows its fallback — 复制地址 inside a mini-program
/// ([`in_mini_program`]), where an outside link cannot open.
pub fn open_location(place: &Place, on_fail: Callback<()>) -> bool {
    match detect() {
        ShellKind::WeChat => {
            wechat::open_location(place, on_fail);
            true
        }
        ShellKind::Alipay => {
            alipay::open_location(place, on_fail);
            true
        }
        ShellKind::Provincial => provincial::open_location(place, on_fail),
        ShellKind::Browser => browser::open_location(place),
    }
}

/// Copies text with the async clipboard API where the web-view has it; `false` where not.
pub fn copy_text(text: &str) -> bool {
    let navigator: JsValue = gloo::utils::window().navigator().into();
    js::path(&navigator, &["clipboard"])
        .is_some_and(|c| js::call(&c, "writeText", &JsValue::from_str(text)).is_some())
}

/// A web map link for a place, the fallback when no host can navigate: a marker at its
/// position, or — where the position is not verified (`approximate`) — a search for its
/// address, so the map leads to the address rather than to a guessed point.
pub fn map_link(place: &Place) -> String {
    if place.approximate {
        return format!(
            "https://uri.amap.com/search?keyword={}&view=map&src=tongban",
            js_sys::encode_uri_component(&place.address)
        );
    }
    format!(
        "https://uri.amap.com/marker?position={},{}&name={}&src=tongban",
        place.lng,
        place.lat,
        js_sys::encode_uri_component(&place.name)
    )
}

/// The shell templates' native map page with a place in its query:
/// `/pages/map/map?lat=…&lng=…&name=…&address=…` (GCJ-02 coordinates, as the offices carry),
/// and `&approximate=1` when only the area is known (the page then plans no route on load
/// and offers 复制地址).
pub fn map_page_url(place: &Place) -> String {
    format!(
        "/pages/map/map?lat={}&lng={}&name={}&address={}{}",
        place.lat,
        place.lng,
        js_sys::encode_uri_component(&place.name),
        js_sys::encode_uri_component(&place.address),
        if place.approximate {
            "&approximate=1"
        } else {
            ""
        }
    )
}

/// Tells the host about something that happened (e.g. a submission). Every shell also
/// dispatches it on `window` as the `tongban:host-message` event (`event.detail` = the
/// message), for pages embedding the H5 in an iframe and for tests.
pub fn post_message(message: &HostMessage) {
    let HostMessage::Submitted { receipt_no, .. } = message;
    SUBMITTED.with(|s| s.replace(Some(receipt_no.clone())));
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(data) = message.serialize(&serializer) else {
        return;
    };
    match detect() {
        ShellKind::WeChat => wechat::post_message(message, &data),
        ShellKind::Alipay => alipay::post_message(message, &data),
        ShellKind::Provincial => {
            let HostMessage::Submitted { item, .. } = message;
            zwlog::step("tongban_submitted", &[("item", item)]);
            browser::post_message(message);
        }
        ShellKind::Browser => browser::post_message(message),
    }
    dispatch(&data);
}

fn dispatch(detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("tongban:host-message", &init)
    {
        let _ = gloo::utils::window().dispatch_event(&event);
    }
}

/// Right after a submission inside a mini-program, opens the template's native 订阅办件进度
/// page (`/pages/subscribe/subscribe?receipt_no=…`): `wx.requestSubscribeMessage` and
/// `my.requestSubscribeMessage` work only from a tap in a native page, never from a web-view.
/// Once per submission; elsewhere nothing. `on_fail`: the host could not open it.
pub fn offer_subscription(receipt_no: &str, on_fail: Callback<()>) {
    let just = SUBMITTED.with(|s| {
        let mine = s.borrow().as_deref() == Some(receipt_no);
        if mine {
            s.replace(None);
        }
        mine
    });
    let url = format!(
        "/pages/subscribe/subscribe?receipt_no={}",
        js_sys::encode_uri_component(receipt_no)
    );
    match detect() {
        ShellKind::WeChat if just => wechat::navigate(&url, on_fail),
        ShellKind::Alipay if just => alipay::navigate(&url, on_fail),
        _ => {}
    }
}

/// The position the host gives when the citizen asked for it with a tap (按我的位置): Alipay's
/// `my.getLocation` where its bridge offers it, 浙里办's `ZWJSBridge.getLocation`; `None`
/// elsewhere (the browser's geolocation is asked instead, on the same tap). No host's location
/// call is ever made on page load (a privacy review refuses it): this is the only one.
pub async fn asked_position() -> Option<(f64, f64)> {
    match detect() {
        ShellKind::Alipay => alipay::location().await,
        ShellKind::Provincial => provincial::location().await,
        _ => None,
    }
}

/// Sets the page title the host shows.
pub fn set_title(title: &str) {
    match detect() {
        ShellKind::WeChat => wechat::set_title(title),
        ShellKind::Alipay => alipay::set_title(title),
        ShellKind::Provincial => {
            provincial::set_title(title);
            // Every page sets its title once as it opens: the page view 浙里办 counts.
            zlb::page_view();
        }
        ShellKind::Browser => browser::set_title(title),
    }
}

/// The host's elder-mode (适老化) preference, if it has one: `elder=1|0` in the fragment
/// (every shell page may set it), or the provincial bridge's `getUiStyle`. `None`: the host
/// has no opinion and the citizen's own choice stands.
pub async fn elder_preference() -> Option<bool> {
    match detect() {
        ShellKind::Provincial => provincial::elder_preference().await,
        ShellKind::WeChat | ShellKind::Alipay | ShellKind::Browser => browser::elder_preference(),
    }
}

/// Waits (at most 3 s) for the host bridge script `www/shells/loader.js` is loading, so that
/// a call made right at start-up finds `wx.miniProgram` or `my`. Calls made later need not.
pub async fn bridge_ready() {
    js::bridge_loaded(3_000).await;
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
