//! Where the API lives, as the page was packaged and as the host page may say at run time.
//!
//! - Packaging (`pkg-scripts/package … --api-url https://api.example.gov.cn/api/v1`) writes
//!   `<meta name="tongban-api" content="…">`; without it the API sits beside the bundle
//!   (`api/v1`, relative to the page's `<base href>`).
//! - At run time the host page may override it before the bundle loads, with a script of its
//!   own: `window.tongbanHost = { api: "https://…/api/v1" }` (浙里办/IRS: its gateway path).
//!   Never from the address: a link must not be able to send a citizen's session elsewhere.
//! - `<meta name="tongban-api-transport" content="mgop">` (`--irs`): API calls go through the
//!   host's `mgop` object (浙里办's gateway, [`super::mgop`]) instead of `fetch`.
//!
//! Sessions travel as `Authorization: Bearer`, never as cookies, so a cross-origin API needs
//! CORS (the gateway's `TONGBAN_CONNECT_ORIGINS`) and no credentials.

use super::{js, provincial::meta};

/// The API root, without a trailing `/`: `api/v1` beside the bundle, or an absolute
/// `https://…/api/v1`.
pub fn api_base() -> String {
    let chosen = js::global("tongbanHost")
        .and_then(|h| js::get(&h, "api"))
        .and_then(|v| v.as_string())
        .filter(|v| usable(v))
        .or_else(|| meta("tongban-api").filter(|v| usable(v)));
    match chosen {
        Some(base) => base.trim().trim_end_matches('/').to_owned(),
        None => "api/v1".to_owned(),
    }
}

/// An `https://` address (or `http://` for a page itself served over `http://`, as in
/// development), or a same-origin path; nothing else is taken.
fn usable(base: &str) -> bool {
    let base = base.trim();
    let page_http = gloo::utils::window().location().protocol().ok().as_deref() == Some("http:");
    !base.is_empty()
        && !base.contains(['#', '?', ' ', '"', '\''])
        && (base.starts_with("https://")
            || (page_http && base.starts_with("http://"))
            || (base.starts_with('/') && !base.starts_with("//")))
}

/// Whether API calls go through the host's `mgop` (the package was built for IRS).
pub fn via_mgop() -> bool {
    meta("tongban-api-transport").as_deref() == Some("mgop")
}
