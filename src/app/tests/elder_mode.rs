//! Browser tests (wasm-bindgen-test in headless Chromium): elder mode.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{settle, until};
use gloo::storage::{LocalStorage, Storage};
use tongban_app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

/// The header's elder-mode switch.
const SWITCH: &str = "button.elder-toggle";

/// Lets the app run until its header is there (it renders a task after the frame).
async fn header(root: &web_sys::Element) {
    let has_switch = || root.query_selector(SWITCH).unwrap().is_some();
    until("the header with its switch", has_switch).await;
}

fn toggle(root: &web_sys::Element) -> web_sys::HtmlElement {
    root.query_selector(SWITCH)
        .unwrap()
        .expect("the header has the switch")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn elder_toggle_switches_the_frame_and_is_remembered() {
    LocalStorage::delete("tongban.elder");
    let root = mount();
    header(&root).await;
    assert!(
        root.query_selector(".frame.elder").unwrap().is_none(),
        "standard mode by default"
    );

    toggle(&root).click();
    settle().await;
    assert!(
        root.query_selector(".frame.elder").unwrap().is_some(),
        "elder mode after the click"
    );
    assert_eq!(
        toggle(&root).get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        LocalStorage::get::<bool>("tongban.elder").ok(),
        Some(true),
        "the choice is saved"
    );

    // A second app on the same device starts in elder mode.
    let again = mount();
    header(&again).await;
    assert!(again.query_selector(".frame.elder").unwrap().is_some());
    LocalStorage::delete("tongban.elder");
}
