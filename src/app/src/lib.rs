//! tongban-app: the Yew front end a citizen sees inside a mini-program web-view, a provincial
//! app or a plain mobile browser. Text is Chinese; rules come from `tongban-rules`.

pub mod api;
pub mod app;
pub mod badges;
pub mod components;
pub mod dates;
pub mod deferred;
pub mod divisions;
pub mod draft;
pub mod geo;
pub mod json;
pub mod load;
pub mod load_failed;
pub mod pages;
pub mod photo;
pub mod prefs;
pub mod receipts;
pub mod reveal;
pub mod route;
pub mod router;
pub mod session;
pub mod session_store;
pub mod shell;
pub mod styles;
pub mod tasks;

pub use app::App;

/// talc instead of std's dlmalloc: a smaller module (the wasm is single-threaded, MVP, no atomics).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Entry point when the module is loaded by `index.html`: mounts the app in `#app`, beside the
/// static skeleton there, which stays until the page is ready (`reveal`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let document = gloo::utils::document();
    if let Some(root) = document.get_element_by_id("app") {
        // The shipped bundle aborts on a panic without running any hook (-Cpanic=immediate-abort,
        // pkg-scripts/build), so yew's default hook (console_error_panic_hook, which formats the
        // message) would only be dead weight. Debug builds keep it, to say why a test panicked.
        #[cfg(not(debug_assertions))]
        yew::set_custom_panic_hook(Box::new(|_| {}));
        // The skeleton gives its ids (and the labels naming them) up to the app's page, which
        // renders the same elements beside it: one element per id, and a label for the field
        // the citizen can use.
        while let Ok(Some(named)) = root.query_selector(".boot [id], .boot [for]") {
            let _ = named.remove_attribute("id");
            let _ = named.remove_attribute("for");
        }
        // What hosts the page (and the host's fragment read, before a hash router takes the
        // fragment over) is known here, in the module's start, not in the first render's task:
        // each task short (docs/performance.md, "The ninth round").
        shell::detect();
        // Yew empties the element it mounts on: the app gets one of its own after the skeleton.
        let Ok(live) = document.create_element("div") else {
            return;
        };
        if root.append_child(&live).is_ok() {
            // The first render in a task of its own, not in the module's start: each is short
            // (docs/performance.md, "The ninth round").
            wasm_bindgen_futures::spawn_local(async move {
                tasks::next_task().await;
                yew::Renderer::<App>::with_root(live).render();
            });
        }
    }
}
