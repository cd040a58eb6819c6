//! `POST /attachments?material=…`: one material's file, with its upload progress. The body is
//! the raw file. This is the one request not sent through gloo-net: `fetch` reports no upload
//! progress, and a citizen on a slow network watching a photo go up needs to see it move, so
//! the upload uses `XMLHttpRequest`, whose `upload.onprogress` does.

use super::{base, ApiError};
use serde::Deserialize;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

/// What the gateway keeps of an upload.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Uploaded {
    pub id: String,
    pub content_type: String,
    pub size: u64,
}

/// Sends `file` as `content_type` for `material`; `on_progress` gets the share sent, 0.0–1.0.
pub async fn upload(
    material: &str,
    file: &Blob,
    content_type: &str,
    on_progress: impl Fn(f64) + 'static,
) -> Result<Uploaded, ApiError> {
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    let query = js_sys::encode_uri_component(material);
    xhr.open_with_async(
        "POST",
        &format!("{}/attachments?material={query}", base()),
        true,
    )
    .map_err(|_| ApiError::Network)?;
    xhr.set_request_header("Content-Type", content_type)
        .map_err(|_| ApiError::Decode)?;
    if let Some(token) = crate::session::token() {
        xhr.set_request_header("Authorization", &format!("Bearer {token}"))
            .map_err(|_| ApiError::Decode)?;
    }
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            on_progress(e.loaded() / e.total());
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    // `loadend` fires exactly once, after success, failure, abort or timeout alike.
    let done = js_sys::Promise::new(&mut |resolve, _reject| {
        let fire = Closure::once_into_js(move || resolve.call0(&JsValue::NULL));
        let _ = xhr.add_event_listener_with_callback("loadend", fire.unchecked_ref());
    });
    xhr.send_with_opt_blob(Some(file))
        .map_err(|_| ApiError::Network)?;
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(progress);

    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        0 => Err(ApiError::Network),
        200..=299 => crate::json::from_str(&text).ok_or(ApiError::Decode),
        _ => Err(super::failed(status, crate::json::from_str(&text))),
    }
}
