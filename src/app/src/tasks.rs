//! Giving the main thread back: work that need not run in the task at hand waits for a task of
//! its own, so no single task blocks a tap for long (Lighthouse's blocking time counts every
//! task's time past 50 ms on a phone's CPU).

use wasm_bindgen::JsCast;

/// Resolves in a task of its own (`setTimeout(0)`): what follows runs after the browser had a
/// chance to paint and to handle input.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves when the browser is idle (`requestIdleCallback`), or after a second where it cannot
/// say.
pub async fn idle() {
    let window = gloo::utils::window();
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = match &idle {
            Some(idle) => idle.call1(&window, &resolve),
            None => window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1000)
                .map(Into::into),
        };
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
