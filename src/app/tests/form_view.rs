//! Browser tests (wasm-bindgen-test in headless Chromium): the form renderer, when field errors
//! show (after the field is left, never on the first keystroke), and draft restore.
#![cfg(target_arch = "wasm32")]

use gloo::storage::{LocalStorage, Storage};
use std::rc::Rc;
use tongban_app::components::form_view::{FormView, Props};
use tongban_app::draft::{storage_key, Draft};
use tongban_app::forms;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, EventInit, FocusEvent, HtmlInputElement, HtmlSelectElement, InputEvent};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount(key: &str) -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = Props {
        form: Rc::new((*forms::form("transfer").expect("the transfer form")).clone()),
        storage_key: key.to_owned(),
        commitment: None,
        submitting: false,
        server_errors: vec![],
        failure: None,
        submit_label: None,
        on_submit: Callback::noop(),
    };
    yew::Renderer::<FormView>::with_root_and_props(root.clone(), props).render();
    root
}

async fn settle() {
    gloo::timers::future::sleep(std::time::Duration::from_millis(10)).await;
    yew::scheduler::flush().await;
}

fn input(root: &Element, id: &str) -> HtmlInputElement {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("#{id} is rendered"))
        .unchecked_into()
}

/// Types text as a keyboard would: the value changes and an `input` event fires.
async fn type_into(el: &HtmlInputElement, text: &str) {
    el.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(
        &InputEvent::new_with_event_init_dict("input", &init.unchecked_into()).unwrap(),
    )
    .unwrap();
    settle().await;
}

async fn leave(el: &HtmlInputElement) {
    // Yew listens at the root; blur does not bubble, focusout does — Yew maps `onblur` to
    // a capturing listener, so a plain `blur` event reaches it.
    el.dispatch_event(&FocusEvent::new("blur").unwrap())
        .unwrap();
    settle().await;
}

fn errors(root: &Element) -> Vec<String> {
    let list = root.query_selector_all(".field .error").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.text_content())
        .collect()
}

#[wasm_bindgen_test]
async fn the_form_renders_its_first_step_with_bound_labels_and_the_right_keyboards() {
    let key = storage_key("t", "renders");
    LocalStorage::delete(&key);
    let root = mount(&key);
    settle().await;
    for id in [
        "f-applicant-name",
        "f-applicant-id_type",
        "f-applicant-id_number",
        "f-applicant-phone",
    ] {
        let label = root.query_selector(&format!("label[for={id}]")).unwrap();
        assert!(label.is_some(), "{id} has a bound label");
    }
    assert_eq!(
        input(&root, "f-applicant-phone")
            .get_attribute("inputmode")
            .as_deref(),
        Some("tel")
    );
    let select: HtmlSelectElement = root
        .query_selector("#f-applicant-id_type")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(select.length(), 4, "请选择 + three document types");
    let current = root.query_selector(".step.current").unwrap().unwrap();
    assert_eq!(
        current.get_attribute("aria-current").as_deref(),
        Some("step")
    );
    assert!(root.text_content().unwrap().contains("第 1 步，共 3 步"));
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn an_error_shows_when_the_field_is_left_not_on_the_first_keystroke() {
    let key = storage_key("t", "blur");
    LocalStorage::delete(&key);
    let root = mount(&key);
    settle().await;
    let phone = input(&root, "f-applicant-phone");
    type_into(&phone, "138").await;
    assert!(
        errors(&root).is_empty(),
        "no error while typing: {:?}",
        errors(&root)
    );
    leave(&phone).await;
    let shown = errors(&root);
    assert_eq!(shown.len(), 1, "{shown:?}");
    let phone = input(&root, "f-applicant-phone");
    assert_eq!(phone.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = phone.get_attribute("aria-describedby").unwrap_or_default();
    assert!(described.contains("f-applicant-phone-error"), "{described}");
    assert!(root
        .query_selector("#f-applicant-phone-error")
        .unwrap()
        .is_some());

    // Once the field was left, fixing it clears the error as the citizen types.
    type_into(&phone, "13800138000").await;
    assert!(errors(&root).is_empty(), "{:?}", errors(&root));
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn a_saved_draft_is_restored_and_says_so() {
    let key = storage_key("t", "restore");
    let mut draft = Draft::new();
    draft.values.insert("applicant.name".into(), "王五".into());
    draft.save(&key);
    let root = mount(&key);
    settle().await;
    assert_eq!(input(&root, "f-applicant-name").value(), "王五");
    assert!(root
        .text_content()
        .unwrap()
        .contains("已为您恢复上次填写的内容"));

    // Typing saves again, with the same Idempotency-Key.
    type_into(&input(&root, "f-applicant-name"), "王小五").await;
    let saved = Draft::load(&key).expect("the draft is saved");
    assert_eq!(
        saved.values.get("applicant.name").map(String::as_str),
        Some("王小五")
    );
    assert_eq!(saved.key, draft.key);
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn a_fresh_form_says_nothing_about_a_draft() {
    let key = storage_key("t", "fresh");
    LocalStorage::delete(&key);
    let root = mount(&key);
    settle().await;
    assert!(!root.text_content().unwrap().contains("已为您恢复"));
    LocalStorage::delete(&key);
}
