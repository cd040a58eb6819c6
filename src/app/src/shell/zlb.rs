//! 浙里办's own calls come in a wasm module of their own (`split_zlb-<hash>.wasm`): API calls
//! through its gateway (`mgop`, [`super::mgop`]) and its page views (`ZwLog`, [`super::zwlog`]).
//! Only a page inside 浙里办 fetches it — a bundle packaged for IRS, on its first API call, or a
//! host that provides `ZwLog`, on its first page view — so nobody else's first load carries
//! them. Fetched once; a failed fetch is not remembered (the next call tries again), and until
//! it arrives an API call waits for it, as it waits for the network.
//!
//! With the `split` feature (pkg-scripts/build only), `#[wasm_split(zlb)]` makes [`zlb_entry`]
//! an import that wasm_split_cli satisfies by fetching the module on the first call
//! (src/deferred.rs says how); without it, a plain call.

use super::{js, mgop, zwlog};
use crate::load_failed::LoadFailed;
use gloo::net::http::{Request, Response};
use std::{cell::Cell, future::Future, pin::Pin};
use wasm_bindgen::JsValue;

/// An API call's answer through mgop, as the module hands it back.
type Sent = Pin<Box<dyn Future<Output = Option<Response>>>>;

/// What the module hands the main module: plain function pointers.
#[derive(Clone, Copy)]
struct Zlb {
    send: fn(Request) -> Sent,
    /// A page view, `f64` milliseconds after the page started loading.
    page_view: fn(f64),
}

fn send(req: Request) -> Sent {
    Box::pin(mgop::send(req))
}

/// The module's calls, as [`zlb_entry`] hands them over.
const CALLS: Zlb = Zlb {
    send,
    page_view: zwlog::page_view,
};

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(zlb, fallible)]
fn zlb_entry() -> Result<Zlb, LoadFailed> {
    Ok(CALLS)
}

#[cfg(not(feature = "split"))]
async fn zlb_entry() -> Result<Zlb, LoadFailed> {
    Ok(CALLS)
}

thread_local! {
    static ZLB: Cell<Option<Zlb>> = const { Cell::new(None) };
}

/// The module's calls, fetched on the first need; `None` when it cannot be fetched.
async fn zlb() -> Option<Zlb> {
    if let Some(z) = ZLB.with(Cell::get) {
        return Some(z);
    }
    let z = zlb_entry().await.ok()?;
    ZLB.with(|c| c.set(Some(z)));
    Some(z)
}

/// Sends `req` through `window.mgop` ([`super::mgop::send`]); `None`: no answer (the module or
/// the gateway), which the API layer reports as the network's failure.
pub async fn send_via_mgop(req: Request) -> Option<Response> {
    (zlb().await?.send)(req).await
}

/// A page view for 浙里办's log, where the host provides `ZwLog` (elsewhere nothing is fetched).
pub fn page_view() {
    if js::global("ZwLog").is_none() {
        return;
    }
    // Milliseconds since the page started loading (`performance.now()`), taken now.
    let since_start = js::global("performance")
        .and_then(|p| js::call(&p, "now", &JsValue::UNDEFINED))
        .and_then(|t| t.as_f64())
        .unwrap_or_default()
        .round();
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(z) = zlb().await {
            (z.page_view)(since_start);
        }
    });
}
