//! The device position from the browser's geolocation, asked for only when the citizen taps
//! 按我的位置 (a prompt nobody asked for is a pop-up). Reached through `js_sys::Reflect` so the
//! bundle carries no extra web-sys bindings.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

fn number(v: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(v, &key.into()).ok()?.as_f64()
}

/// `(lat, lng)` in GCJ-02, the offices' datum (the browser gives WGS-84, converted by
/// [`tongban_rules::datum::wgs84_to_gcj02`]: without it "距您 N 米" is off by 100–700 m), or
/// `None` when refused, unavailable or slower than 8 s.
/// Inside Alipay, `my.getLocation` answers first where the bridge offers it (already GCJ-02).
pub async fn position() -> Option<(f64, f64)> {
    if let Some(p) = crate::shell::asked_position().await {
        return Some(p);
    }
    let navigator = gloo::utils::window().navigator();
    let geo = Reflect::get(&navigator, &"geolocation".into()).ok()?;
    if geo.is_undefined() {
        return None;
    }
    let get: Function = Reflect::get(&geo, &"getCurrentPosition".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise = Promise::new(&mut |resolve, _reject| {
        let ok = resolve.clone();
        let on_ok = Closure::once_into_js(move |p: JsValue| {
            let _ = ok.call1(&JsValue::NULL, &p);
        });
        let on_err = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        });
        let options = Object::new();
        let _ = Reflect::set(&options, &"timeout".into(), &8_000.into());
        let _ = Reflect::set(&options, &"maximumAge".into(), &300_000.into());
        let _ = get.call3(&geo, &on_ok, &on_err, &options);
    });
    let p = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let coords = Reflect::get(&p, &"coords".into()).ok()?;
    let (lat, lng) = (number(&coords, "latitude")?, number(&coords, "longitude")?);
    Some(tongban_rules::datum::wgs84_to_gcj02(lat, lng))
}

/// The region whose centre is nearest to `at` (lat, lng): an equirectangular distance is
/// plenty to tell provinces and cities apart.
pub fn nearest(list: &[tongban_rules::catalogue::Region], at: (f64, f64)) -> Option<String> {
    let d = |r: &tongban_rules::catalogue::Region| {
        let dx = (r.centre.lng - at.1) * at.0.to_radians().cos();
        let dy = r.centre.lat - at.0;
        dx * dx + dy * dy
    };
    list.iter()
        .min_by(|a, b| d(a).total_cmp(&d(b)))
        .map(|r| r.code.clone())
}
