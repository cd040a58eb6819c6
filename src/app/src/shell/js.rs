//! The few JavaScript moves every host module needs: read a global, call a method on a host
//! object by name, wait on a host promise with a time limit. All of them fail soft: a missing
//! global or a throwing host call is `None`, never a panic, so a page still works in a host
//! whose bridge is broken or absent.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `window[name]`, if it is set (not `undefined` or `null`).
pub fn global(name: &str) -> Option<JsValue> {
    get(&gloo::utils::window(), name)
}

/// `target[key]`, if it is set.
pub fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    if target.is_undefined() || target.is_null() {
        return None;
    }
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// `target[path[0]][path[1]]…`, e.g. `path(&window, &["wx", "miniProgram"])`.
pub fn path(target: &JsValue, keys: &[&str]) -> Option<JsValue> {
    keys.iter()
        .try_fold(target.clone(), |value, key| get(&value, key))
}

/// Whether `target[name]` is a function.
pub fn has_method(target: &JsValue, name: &str) -> bool {
    get(target, name).is_some_and(|f| f.is_function())
}

/// Calls `target[name](arg)` with `this = target`; `None` if there is no such method or it
/// threw.
pub fn call(target: &JsValue, name: &str, arg: &JsValue) -> Option<JsValue> {
    let f: Function = get(target, name)?.dyn_into().ok()?;
    f.call1(target, arg).ok()
}

/// A plain object from `(key, value)` pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let obj = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&obj, &JsValue::from_str(key), value);
    }
    obj.into()
}

/// A promise that resolves to `undefined` after `ms` milliseconds.
pub fn sleep(ms: i32) -> Promise {
    Promise::new(&mut |resolve, _reject| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    })
}

/// Awaits `value` if it is a promise (or thenable), giving up after `ms`; a plain value is
/// returned as is. A rejection or the time running out is `None`.
pub async fn settle(value: JsValue, ms: i32) -> Option<JsValue> {
    if !has_method(&value, "then") {
        return Some(value).filter(|v| !v.is_undefined());
    }
    let promise = Promise::resolve(&value);
    let raced = Promise::race(&Array::of2(&promise, &sleep(ms)));
    JsFuture::from(raced)
        .await
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The user agent, lower-cased; empty if the browser will not say. ASCII lower-casing only:
/// every token looked for is ASCII, and Unicode's case tables cost 13 KB of the first load.
pub fn user_agent() -> String {
    gloo::utils::window()
        .navigator()
        .user_agent()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Waits for the host bridge script `www/shells/loader.js` may be loading (WeChat's JSSDK,
/// Alipay's `web-view.min.js`): `window.__tongbanShell.ready`, at most `ms`.
pub async fn bridge_loaded(ms: i32) {
    if let Some(ready) = global("__tongbanShell").and_then(|s| get(&s, "ready")) {
        let _ = settle(ready, ms).await;
    }
}

/// Calls `target[name](callback)` and awaits the callback's first argument, giving up after
/// `ms` (the callback style of `wx.miniProgram.getEnv` and `my.getEnv`).
pub async fn answer(target: &JsValue, name: &str, ms: i32) -> Option<JsValue> {
    let mut called = false;
    let promise = Promise::new(&mut |resolve, _reject| {
        called = call(target, name, &resolve).is_some();
    });
    if !called {
        return None;
    }
    settle(promise.into(), ms).await
}

/// Calls `target[name]({…pairs, fail})`; `fail` runs `on_fail` if the host reports a failure
/// (WeChat's and Alipay's callback style). `false` if the call could not even be made.
pub fn call_with_fail(
    target: &JsValue,
    name: &str,
    pairs: &[(&str, JsValue)],
    on_fail: yew::Callback<()>,
) -> bool {
    let fail = wasm_bindgen::closure::Closure::once_into_js(move |_err: JsValue| on_fail.emit(()));
    let mut pairs = pairs.to_vec();
    pairs.push(("fail", fail));
    call(target, name, &object(&pairs)).is_some()
}

/// Calls `target[name]({success, fail})` and awaits what `success` is given, giving up after
/// `ms` (WeChat's and Alipay's callback style); `None` on `fail`, a missing method or no answer.
pub async fn outcome(target: &JsValue, name: &str, ms: i32) -> Option<JsValue> {
    let mut called = false;
    let promise = Promise::new(&mut |resolve, reject| {
        let pairs = [("success", resolve.into()), ("fail", reject.into())];
        called = call(target, name, &object(&pairs)).is_some();
    });
    if !called {
        return None;
    }
    settle(promise.into(), ms).await
}
