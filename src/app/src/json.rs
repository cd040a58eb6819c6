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

/// A stored boolean (`true` / `false`, as serde_json wrote it), read without serde: the first
/// load's preferences, so no serde decoder ships in the main module.
pub fn load_bool_in<S: Storage>(key: &str) -> Option<bool> {
    parsed_in::<S>(key)?.as_bool()
}

/// A stored text (a JSON string, as serde_json wrote it), read without serde.
pub fn load_text(key: &str) -> Option<String> {
    parsed_in::<LocalStorage>(key)?.as_string()
}

/// Stores a boolean as [`save_in`] would, without serde.
pub fn save_bool_in<S: Storage>(key: &str, value: bool) -> bool {
    stringified_in::<S>(key, &JsValue::from_bool(value))
}

/// Stores a text as [`save`] would (a JSON string), without serde.
pub fn save_text(key: &str, value: &str) -> bool {
    stringified_in::<LocalStorage>(key, &JsValue::from_str(value))
}

fn parsed_in<S: Storage>(key: &str) -> Option<JsValue> {
    js_sys::JSON::parse(&S::raw().get_item(key).ok()??).ok()
}

fn stringified_in<S: Storage>(key: &str, value: &JsValue) -> bool {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .is_some_and(|text| S::raw().set_item(key, &text).is_ok())
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
