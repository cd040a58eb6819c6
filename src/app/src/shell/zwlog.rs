//! 浙里办's page-view and event logging (埋点, required for 上架): the `ZwLog` of the platform's
//! `zwlog.js`, which the integrator's page loads (`pkg-scripts/package provincial
//! --zwlog-src …`; not vendored). Where the host provides it, the provincial shell reports
//! every page view (`sendPV`, when a page sets its title) and the key steps (`record`: a
//! submission). Nothing personal is sent: the page's path without receipt numbers or ids is
//! the platform's own to read from the address, and a step names only the item's code.
//!
//! `new ZwLog({_user_id, _user_nick})` → `onReady(cb)` → `sendPV({miniAppId, miniAppName,
//! log_status, Page_duration, t2, t0, sendMethod})`, `record({trackerEventCode, eventType,
//! eventParams})`: the calls as 浙里办's 埋点 guide gives them (docs/integrators.md cites
//! where they are described publicly). `miniAppId` is the packaged page's
//! `<meta name="tongban-zwlog-app-id">`.

use super::{js, provincial::meta};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The page's one `ZwLog`, made on first use.
    static LOG: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

const APP_NAME: &str = "通办 · 医保服务";

/// The host's `ZwLog`, made once; `None` where the host provides none.
fn log() -> Option<JsValue> {
    LOG.with(|cell| {
        if cell.borrow().is_none() {
            let ctor: js_sys::Function = js::global("ZwLog")?.dyn_into().ok()?;
            let options = js::object(&[
                ("_user_id", JsValue::from_str("")),
                ("_user_nick", JsValue::from_str("")),
            ]);
            let made = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&options)).ok()?;
            *cell.borrow_mut() = Some(made);
        }
        cell.borrow().clone()
    })
}

/// Runs `f` on the host's log once it is ready.
fn when_ready(f: impl FnOnce(&JsValue) + 'static) {
    let Some(log) = log() else {
        return;
    };
    let target = log.clone();
    let ready = wasm_bindgen::closure::Closure::once_into_js(move || f(&target));
    if js::call(&log, "onReady", &ready).is_none() {
        // No onReady: the object is ready as it is.
        let _ = js_sys::Function::from(ready).call0(&JsValue::NULL);
    }
}

/// A page view, `since_start` ms after the page started loading: the address is the platform's
/// to read; the title says which page.
pub fn page_view(since_start: f64) {
    let app_id = meta("tongban-zwlog-app-id").unwrap_or_default();
    when_ready(move |log| {
        let pv = js::object(&[
            ("miniAppId", JsValue::from_str(&app_id)),
            ("miniAppName", JsValue::from_str(APP_NAME)),
            ("log_status", JsValue::from_str("")),
            ("Page_duration", JsValue::from_str("")),
            ("t2", JsValue::from_f64(since_start)),
            ("t0", JsValue::from_f64(since_start)),
            ("sendMethod", JsValue::from_f64(1.0)),
        ]);
        let _ = js::call(log, "sendPV", &pv);
    });
}

/// A key step (`CLK` event): `code` names it (`tongban_submitted`), `params` say which item.
pub fn step(code: &'static str, params: &[(&str, &str)]) {
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    when_ready(move |log| {
        let pairs: Vec<(&str, JsValue)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), JsValue::from_str(v)))
            .collect();
        let event = js::object(&[
            ("trackerEventCode", JsValue::from_str(code)),
            ("eventType", JsValue::from_str("CLK")),
            ("eventParams", js::object(&pairs)),
        ]);
        let _ = js::call(log, "record", &event);
    });
}
