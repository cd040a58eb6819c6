//! The deferred pages' stylesheet (`www/pages.css`): not in the first load. `pkg-scripts/build`
//! ships it as `pages-<hash>.css` and names it in `index.html`'s `<meta name="tongban-pages-css">`;
//! the first deferred module the app loads (src/deferred.rs) adds it to the page and waits for
//! it, so a deferred page never shows unstyled. A page without the `<meta>` (the browser tests)
//! has every rule in its one stylesheet already.

use crate::load_failed::LoadFailed;
use std::{cell::RefCell, future::Future};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

thread_local! {
    /// The `<link>` added, and its load as a promise (pending, or settled).
    static SHEET: RefCell<Option<(Element, js_sys::Promise)>> = const { RefCell::new(None) };
}

/// Adds the stylesheet (once) at the call, and resolves once the browser has it; a failure
/// removes the `<link>`, so that a later call (重试, or the network's return) adds it again.
pub fn ensure() -> impl Future<Output = Result<(), LoadFailed>> {
    let sheet = match SHEET.with(|s| s.borrow().clone()) {
        Some(sheet) => Ok(Some(sheet)),
        None => add(),
    };
    async move {
        let Some((link, arrived)) = sheet? else {
            return Ok(());
        };
        if JsFuture::from(arrived.clone()).await.is_ok() {
            return Ok(());
        }
        SHEET.with(|s| {
            let mut s = s.borrow_mut();
            if s.as_ref()
                .is_some_and(|(_, p)| JsValue::from(p) == JsValue::from(&arrived))
            {
                *s = None;
                link.remove();
            }
        });
        Err(LoadFailed)
    }
}

/// Adds the `<link>`; `None` when the page names no such stylesheet.
fn add() -> Result<Option<(Element, js_sys::Promise)>, LoadFailed> {
    let Some(href) = crate::shell::provincial::meta("tongban-pages-css")
        .filter(|u| !u.is_empty() && !u.starts_with("{{"))
    else {
        return Ok(None);
    };
    let document = gloo::utils::document();
    let link = document.create_element("link").map_err(|_| LoadFailed)?;
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", &href);
    let arrived = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = js_sys::Reflect::set(&link, &JsValue::from_str("onload"), &resolve);
        let _ = js_sys::Reflect::set(&link, &JsValue::from_str("onerror"), &reject);
    });
    document
        .query_selector("head")
        .ok()
        .flatten()
        .ok_or(LoadFailed)?
        .append_child(&link)
        .map_err(|_| LoadFailed)?;
    let sheet = (link, arrived);
    SHEET.with(|s| *s.borrow_mut() = Some(sheet.clone()));
    Ok(Some(sheet))
}
