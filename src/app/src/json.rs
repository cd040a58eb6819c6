//! JSON in and out of the app through the browser's own `JSON.parse` / `JSON.stringify` and
//! serde-wasm-bindgen, so that serde_json's parser and printer do not ship in the wasm (they were
//! about an eighth of it). gloo still does the storage and the fetching; only the (de)coding is
//! done here.
//!
//! The text is what serde_json wrote: serialization is `json_compatible` (maps as plain objects,
//! `None` as `null`, 64-bit numbers as numbers), so drafts, receipts and preferences gloo stored
//! on a device before (`true`, `"440000"`, `{"values": …}`) still load, and requests carry the
//! same bodies.

use gloo::net::http::Response;
use gloo::storage::{LocalStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// `value` as a JavaScript value shaped like its JSON.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Option<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
}

/// Decodes a JavaScript value (a parsed JSON document) into `T`.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}

/// Parses JSON text into `T`; `None` when it is not JSON or not a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_value(js_sys::JSON::parse(text).ok()?)
}

/// `value` as JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    js_sys::JSON::stringify(&to_value(value)?).ok()?.as_string()
}

/// The value stored under `key` in local storage; `None` when there is none or it is not a `T`.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    load_in::<LocalStorage, T>(key)
}

/// Stores `value` under `key` in local storage; `false` when it could not be (private mode,
/// quota), which only costs remembering it.
pub fn save<T: Serialize + ?Sized>(key: &str, value: &T) -> bool {
    save_in::<LocalStorage, T>(key, value)
}

/// Removes every local-storage entry whose key starts with `prefix`.
pub fn remove_prefixed(prefix: &str) {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect();
    for k in keys {
        let _ = storage.remove_item(&k);
    }
}

/// [`load`] from either storage: `load_in::<SessionStorage, bool>(key)`.
pub fn load_in<S: Storage, T: DeserializeOwned>(key: &str) -> Option<T> {
    from_str(&S::raw().get_item(key).ok()??)
}

/// [`save`] into either storage.
pub fn save_in<S: Storage, T: Serialize + ?Sized>(key: &str, value: &T) -> bool {
    to_string(value).is_some_and(|text| S::raw().set_item(key, &text).is_ok())
}

/// Reads a response's JSON body (`Response.json()` in the browser) into `T`; `None` when the
/// body cannot be read, is not JSON, or is not a `T`.
pub async fn from_response<T: DeserializeOwned>(res: Response) -> Option<T> {
    let raw: web_sys::Response = res.into();
    let body = wasm_bindgen_futures::JsFuture::from(raw.json().ok()?)
        .await
        .ok()?;
    from_value(body)
}
