//! The shell bridge: one interface over the host the H5 bundle runs in — a WeChat
//! mini-program web-view, an Alipay mini-program web-view, a provincial app (ZWJSBridge style)
//! or a plain mobile browser. Pages call only the functions here; each host's specifics live
//! in its own module (added per host), and every call has a browser fallback so a page never
//! needs to know where it runs.

use serde::Serialize;

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
}

/// A place to navigate to (a service office).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
}

/// What the app tells the host page; delivered when the host allows (WeChat: only on back,
/// share or destroy), so nothing live depends on it — the gateway is the live channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HostMessage {
    Submitted { receipt_no: String, item: String },
}

/// Detects the host once per call; cheap (user agent and a few globals).
pub fn detect() -> ShellKind {
    ShellKind::Browser
}

/// The host's identity ticket for `POST /api/v1/session`, if the host gave one. Every shell
/// template passes it in the URL fragment as `ticket=…` (never the query: fragments are not
/// sent to servers or written to access logs).
pub async fn ticket() -> Option<String> {
    ticket_from_fragment()
}

/// Hands navigation to the host's native map page. `false` means the host cannot: the caller
/// shows [`map_link`] instead.
pub fn open_location(_place: &Place) -> bool {
    false
}

/// A web map link for a place, the fallback when no host can navigate.
pub fn map_link(place: &Place) -> String {
    format!(
        "https://uri.amap.com/marker?position={},{}&name={}&src=tongban",
        place.lng,
        place.lat,
        js_sys::encode_uri_component(&place.name)
    )
}

/// Tells the host about something that happened (e.g. a submission).
pub fn post_message(_message: &HostMessage) {}

/// Sets the page title the host shows.
pub fn set_title(title: &str) {
    gloo::utils::document().set_title(title);
}

/// The host's elder-mode (适老化) preference, if it has one.
pub async fn elder_preference() -> Option<bool> {
    None
}

fn ticket_from_fragment() -> Option<String> {
    let hash = gloo::utils::window().location().hash().ok()?;
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("ticket="))
        .filter(|t| !t.is_empty())
        .and_then(|t| js_sys::decode_uri_component(t).ok())
        .and_then(|t| t.as_string())
}
