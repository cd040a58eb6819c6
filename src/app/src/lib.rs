//! tongban-app: the Yew front end a citizen sees inside a mini-program web-view, a provincial
//! app or a plain mobile browser. Text is Chinese; rules come from `tongban-rules`.

pub mod api;
pub mod app;
pub mod components;
pub mod dates;
pub mod draft;
pub mod geo;
pub mod json;
pub mod pages;
pub mod photo;
pub mod prefs;
pub mod receipts;
pub mod route;
pub mod session;
pub mod shell;

pub use app::App;

/// Entry point when the module is loaded by `index.html`: mounts the app on `#app`, replacing
/// the static loading skeleton there.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let document = gloo::utils::document();
    if let Some(root) = document.get_element_by_id("app") {
        root.set_inner_html("");
        yew::Renderer::<App>::with_root(root).render();
    }
}
