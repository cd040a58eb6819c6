//! What the host page put in the URL fragment: `#ticket=<urlencoded ticket>&elder=1`.
//!
//! The fragment is read once, when first asked, and the ticket is then taken out of the
//! address (`history.replaceState`), so it is not left in the history, in a copied link
//! (WeChat's "复制链接") or in a screenshot of the address bar. Fragments never reach a server
//! or its access logs, which is why every shell template passes identity here and not in the
//! query.

use crate::json;
use gloo::storage::SessionStorage;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    static PARAMS: RefCell<Option<Vec<(String, String)>>> = const { RefCell::new(None) };
}

/// The decoded value of `name` in the fragment as the page was opened.
pub fn param(name: &str) -> Option<String> {
    PARAMS.with(|cell| {
        let mut cell = cell.borrow_mut();
        let params = cell.get_or_insert_with(read_and_scrub);
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    })
}

/// Reads (and scrubs) the fragment now, if not yet done: detection calls it at start-up so the
/// ticket leaves the address even when a stored session means nobody asks for it.
pub fn init() {
    let _ = param("");
}

/// `elder=1` / `elder=0` in the fragment: the host page's elder-mode wish. It is kept for the
/// rest of the visit (session storage), since only the first address carries it and a reload
/// or a full page load must not lose it.
pub fn elder() -> Option<bool> {
    let wish = match param("elder").as_deref() {
        Some("1" | "true") => Some(true),
        Some("0" | "false") => Some(false),
        _ => None,
    };
    match wish {
        Some(elder) => {
            json::save_in::<SessionStorage, _>(ELDER_WISH, &elder);
            Some(elder)
        }
        None => json::load_in::<SessionStorage, _>(ELDER_WISH),
    }
}

const ELDER_WISH: &str = "tongban.host.elder";

fn decode(text: &str) -> Option<String> {
    js_sys::decode_uri_component(&text.replace('+', " "))
        .ok()
        .and_then(|v| v.as_string())
}

/// Parses `a=1&b=2` into decoded pairs; empty values are dropped.
pub fn parse(hash: &str) -> Vec<(String, String)> {
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            Some((decode(k)?, decode(v)?)).filter(|(_, v)| !v.is_empty())
        })
        .collect()
}

fn read_and_scrub() -> Vec<(String, String)> {
    let location = gloo::utils::window().location();
    let hash = location.hash().unwrap_or_default();
    let params = parse(&hash);
    if params.iter().any(|(k, _)| k == "ticket") {
        let rest: Vec<&str> = hash
            .trim_start_matches('#')
            .split('&')
            .filter(|p| !p.starts_with("ticket=") && !p.is_empty())
            .collect();
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        let hash = if rest.is_empty() {
            String::new()
        } else {
            format!("#{}", rest.join("&"))
        };
        if let Ok(history) = gloo::utils::window().history() {
            let url = format!("{path}{search}{hash}");
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    params
}
