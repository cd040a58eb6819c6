//! The session kept on the device: where it is stored and its token while it is valid. Below
//! both the API's request helper (which sends the token) and `session` (which makes sessions
//! through the API), so neither names the other.

use crate::api::decode;
use gloo::storage::{LocalStorage, Storage};

pub const KEY: &str = "tongban.session";
/// A token this close to its expiry is treated as expired (a request takes time).
const MARGIN_MS: f64 = 60_000.0;

/// The stored token, if it is still valid.
pub fn token() -> Option<String> {
    // Read by hand (api::decode): every request of the first load asks, and a serde decoder of
    // the stored session would ship in the first module for two strings.
    let stored = decode::parse(&LocalStorage::raw().get_item(KEY).ok()??.into()).ok()?;
    let expires = js_sys::Date::parse(&decode::text(&stored, "expires_at")?);
    (expires.is_finite() && expires - MARGIN_MS > js_sys::Date::now())
        .then(|| decode::text(&stored, "token"))
        .flatten()
}
