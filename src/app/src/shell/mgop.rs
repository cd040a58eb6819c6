//! API calls through 浙里办's gateway (mgop), for a bundle packaged for IRS (`--irs`): the
//! platform hosts the pages under its own domain and lets them reach a backend only through
//! the `mgop` function of its JS SDK (`@aligov/jssdk-mgop`), which the integrator's page puts
//! on `window` (the SDK is the platform's; it is not vendored here).
//!
//! Every API call becomes `mgop({api, host, appKey, type, dataType: "JSON", header, data,
//! onSuccess, onFail})`: `api` is the one API the integrator registered on IRS for the bureau's
//! gateway (`<meta name="tongban-mgop-api">`), `appKey` the application's key
//! (`tongban-mgop-appkey`), and the header `Tongban-Path` names the endpoint under `/api/v1`
//! (e.g. `/applications/TB…`), beside the call's own `Authorization`, `Idempotency-Key` and
//! `Tongban-Verifier`. The answer's `data` is the gateway's JSON body and its `status` (when the
//! registered API passes it) the gateway's status; `onFail` without a status is "no answer".

use super::{js, provincial::meta};
use gloo::net::http::{Request, Response};
use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// 浙里办's mobile gateway, as the platform's SDK examples give it.
const MGOP_HOST: &str = "https://mapi.zjzwfw.gov.cn/";

/// Generous: uploads and a slow backend behind the platform's gateway.
const MGOP_MS: i32 = 30_000;

/// Sends `req` through `window.mgop`; `None` when there is no such function or no answer
/// (the caller's "network" failure). The answer is made a `Response` so the API layer reads it
/// as it reads `fetch`'s.
pub async fn send(req: Request) -> Option<Response> {
    let mgop = js::global("mgop").filter(|f| f.is_function())?;
    let url = req.url();
    let path = url.split_once("/api/v1").map(|(_, p)| p.to_owned())?;
    let method = req.method().to_string();
    let mut header = vec![("Tongban-Path", JsValue::from_str(&path))];
    let headers: Vec<(String, String)> = req
        .headers()
        .entries()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("content-type"))
        .collect();
    header.extend(
        headers
            .iter()
            .map(|(k, v)| (k.as_str(), JsValue::from_str(v))),
    );
    let text = if method == "GET" {
        String::new()
    } else {
        req.text().await.unwrap_or_default()
    };
    let data = if text.is_empty() {
        js::object(&[])
    } else {
        js_sys::JSON::parse(&text).unwrap_or_else(|_| js::object(&[]))
    };
    let mut called = false;
    let promise = Promise::new(&mut |resolve, reject| {
        let arg = js::object(&[
            (
                "api",
                JsValue::from_str(&meta("tongban-mgop-api").unwrap_or_default()),
            ),
            ("host", JsValue::from_str(MGOP_HOST)),
            (
                "appKey",
                JsValue::from_str(&meta("tongban-mgop-appkey").unwrap_or_default()),
            ),
            ("type", JsValue::from_str(&method)),
            ("dataType", JsValue::from_str("JSON")),
            ("header", js::object(&header)),
            ("data", data.clone()),
            ("onSuccess", resolve.into()),
            ("onFail", reject.into()),
        ]);
        called = js_sys::Function::from(mgop.clone())
            .call1(&JsValue::NULL, &arg)
            .is_ok();
    });
    if !called {
        return None;
    }
    let raced = Promise::race(&js_sys::Array::of2(&promise, &js::sleep(MGOP_MS)));
    let (answer, ok) = match JsFuture::from(raced).await {
        Ok(a) if !a.is_undefined() => (a, true),
        Ok(_) => return None,
        Err(e) => (e, false),
    };
    let status = ["status", "statusCode"]
        .iter()
        .find_map(|k| js::get(&answer, k).and_then(|s| s.as_f64()))
        .map(|s| s as u16)
        .or(ok.then_some(200))?;
    let body = js::get(&answer, "data")
        .filter(|_| status != 204)
        .and_then(|d| js_sys::JSON::stringify(&d).ok())
        .and_then(|s| s.as_string());
    Response::builder()
        .status(status)
        .header("Content-Type", "application/json")
        .body(body.as_deref())
        .ok()
}
