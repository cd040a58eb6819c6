//! What the host page put in the URL fragment: `#ticket=<urlencoded ticket>&elder=1`; and the
//! few query parameters a platform's own redirect puts in the query: 浙里办's redirect login
//! returns its ticket as `?ticket=…`, and its WeChat/Alipay channels say elder mode with
//! `?_uiStyle=elder`.
//!
//! Both are read once, when first asked, and a ticket is then taken out of the
//! address (`history.replaceState`), so it is not left in the history, in a copied link
//! (WeChat's "复制链接") or in a screenshot of the address bar. Fragments never reach a server
//! or its access logs, which is why every shell template passes identity here and not in the
//! query.

use crate::json;
use gloo::storage::SessionStorage;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// The address's parameters as the page was opened: the fragment's and the query's.
struct Params {
    fragment: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

thread_local! {
    static PARAMS: RefCell<Option<Params>> = const { RefCell::new(None) };
}

fn find(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

fn with_params<T>(f: impl FnOnce(&Params) -> T) -> T {
    PARAMS.with(|cell| f(cell.borrow_mut().get_or_insert_with(read_and_scrub)))
}

/// The decoded value of `name` in the fragment as the page was opened.
pub fn param(name: &str) -> Option<String> {
    with_params(|p| find(&p.fragment, name))
}

/// The decoded value of `name` in the query as the page was opened (a `ticket` there is
/// gone from the address by now).
pub fn query_param(name: &str) -> Option<String> {
    with_params(|p| find(&p.query, name))
}

/// Reads (and scrubs) the fragment now, if not yet done: detection calls it at start-up so the
/// ticket leaves the address even when a stored session means nobody asks for it.
pub fn init() {
    let _ = param("");
}

/// `elder=1` / `elder=0` in the fragment: the host page's elder-mode wish. It is kept for the
/// rest of the visit (session storage), since only the first address carries it and a reload
/// or a full page load must not lose it.
///
/// 浙里办's WeChat and Alipay channels say it in the query instead: `?_uiStyle=elder`
/// (or `normal`), which counts the same, as does `?elder=1` (a regional app's own page).
pub fn elder() -> Option<bool> {
    let wish = match param("elder").as_deref() {
        Some("1" | "true") => Some(true),
        Some("0" | "false") => Some(false),
        _ => match (
            query_param("_uiStyle").as_deref(),
            query_param("elder").as_deref(),
        ) {
            (Some("elder"), _) | (_, Some("1" | "true")) => Some(true),
            (Some("normal"), _) | (_, Some("0" | "false")) => Some(false),
            _ => None,
        },
    };
    match wish {
        Some(elder) => {
            json::save_bool_in::<SessionStorage>(ELDER_WISH, elder);
            Some(elder)
        }
        None => json::load_bool_in::<SessionStorage>(ELDER_WISH),
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

/// `text` without its `ticket=` pairs; `None` when there was none to take out.
pub fn without_ticket(text: &str) -> Option<String> {
    let pairs: Vec<&str> = text.split('&').filter(|p| !p.is_empty()).collect();
    let rest: Vec<&str> = pairs
        .iter()
        .copied()
        .filter(|p| !p.starts_with("ticket="))
        .collect();
    (rest.len() != pairs.len()).then(|| rest.join("&"))
}

fn read_and_scrub() -> Params {
    let location = gloo::utils::window().location();
    let hash = location.hash().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let params = Params {
        fragment: parse(&hash),
        query: parse(search.trim_start_matches('?')),
    };
    let hash_rest = without_ticket(hash.trim_start_matches('#'));
    let search_rest = without_ticket(search.trim_start_matches('?'));
    if hash_rest.is_some() || search_rest.is_some() {
        let keep = |rest: Option<String>, whole: &str, mark: &str| match rest {
            None => whole.to_owned(),
            Some(r) if r.is_empty() => String::new(),
            Some(r) => format!("{mark}{r}"),
        };
        let path = location.pathname().unwrap_or_default();
        let search = keep(search_rest, &search, "?");
        let hash = keep(hash_rest, &hash, "#");
        if let Ok(history) = gloo::utils::window().history() {
            let url = format!("{path}{search}{hash}");
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    params
}
