//! Browser tests (wasm-bindgen-test in headless Chromium): the form renderer, when field errors
//! show (after the field is left, never on the first keystroke), and draft restore.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{mount_transfer, settle, tap as click, text, TRANSFER_ANSWERS};
use gloo::storage::{LocalStorage, Storage};
use tongban_app::components::materials::Need;
use tongban_app::draft::{storage_key, Draft, Upload};
use tongban_rules::api::RealName;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, EventInit, FocusEvent, HtmlInputElement, HtmlSelectElement, InputEvent};

wasm_bindgen_test_configure!(run_in_browser);

fn mount(key: &str) -> Element {
    mount_transfer(key, vec![], None)
}

/// The transfer form with `needs` to upload (a step of its own after the answers).
fn mount_with(key: &str, needs: Vec<Need>) -> Element {
    mount_transfer(key, needs, None)
}

/// The transfer form filed for oneself: `applicant` is the session's real-name person.
fn mount_as(key: &str, needs: Vec<Need>, applicant: Option<RealName>) -> Element {
    mount_transfer(key, needs, applicant)
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
async fn another_persons_id_shows_the_real_name_error_on_the_field_as_it_is_typed() {
    let key = storage_key("t", "real-name");
    LocalStorage::delete(&key);
    let me = RealName {
        name: Some("王*明".into()),
        id_tail: Some("002X".into()),
    };
    let root = mount_as(&key, vec![], Some(me));
    settle().await;
    let id = input(&root, "f-applicant-id_number");
    type_into(&id, "110105194912310038").await;
    leave(&id).await;
    let shown = errors(&root);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].contains("只能为本人申请"), "{shown:?}");
    // The citizen's own number, typed with a lower-case x: the error goes as they type.
    type_into(&id, "11010519491231002x").await;
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

fn need(name: &str, required: bool) -> Need {
    Need {
        name: name.into(),
        required,
    }
}

/// A draft of the transfer form, answered, standing on its materials step (index 2).
fn answered_draft(key: &str, uploads: Vec<Upload>) {
    let mut d = Draft::new();
    for (k, v) in TRANSFER_ANSWERS {
        d.values.insert(k.into(), v.into());
    }
    d.step = 2;
    d.uploads = uploads;
    d.save(key);
}

#[wasm_bindgen_test]
async fn a_required_material_stops_the_form_at_its_step_and_takes_the_focus() {
    let key = storage_key("t", "materials-missing");
    answered_draft(&key, vec![]);
    let root = mount_with(
        &key,
        vec![need("参保缴费凭证", true), need("出院小结", false)],
    );
    settle().await;
    assert!(text(&root, ".step-indicator").contains("上传材料"));
    assert!(text(&root, ".uploads").contains("参保缴费凭证"));
    assert!(text(&root, ".uploads").contains("容缺，可后补"));
    let file = input(&root, "material-file-0");
    assert_eq!(file.type_(), "file");
    assert_eq!(file.accept(), "image/*,application/pdf");
    click(&root, "button.next").await;
    settle().await;
    let errors = root.query_selector_all(".upload-row .error").unwrap();
    assert_eq!(errors.length(), 1, "only the required material is missing");
    assert_eq!(text(&root, ".upload-row .error"), "请上传这项材料");
    let active = gloo::utils::document().active_element().map(|e| e.id());
    assert_eq!(active.as_deref(), Some("material-file-0"));
    assert!(
        file.get_attribute("aria-describedby")
            .unwrap_or_default()
            .contains("material-error-0"),
        "the error is tied to the input"
    );
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn an_uploaded_material_survives_a_reload_and_is_listed_for_review() {
    let key = storage_key("t", "materials-kept");
    answered_draft(
        &key,
        vec![Upload {
            id: "0123456789abcdef0123456789abcdef".into(),
            material: "参保缴费凭证".into(),
            name: "凭证.jpg".into(),
            size: 180 * 1024,
        }],
    );
    let root = mount_with(&key, vec![need("参保缴费凭证", true)]);
    settle().await;
    assert!(text(&root, ".uploaded").contains("凭证.jpg"));
    assert!(text(&root, ".uploaded").contains("180KB"));
    assert!(text(&root, ".file-button").contains("再传一份"));
    click(&root, "button.next").await;
    assert!(text(&root, ".uploaded-review").contains("参保缴费凭证：凭证.jpg"));
    click(&root, "button.secondary").await; // 上一步
    click(&root, ".uploaded .remove").await;
    assert!(root.query_selector(".uploaded").unwrap().is_none());
    let saved = Draft::load(&key).unwrap();
    assert!(saved.uploads.is_empty(), "taking a file back is saved too");
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn the_check_page_lists_a_wrong_answer_and_leads_back_to_the_page_asking_it() {
    let key = storage_key("t", "review-errors");
    answered_draft(&key, vec![]);
    let mut d = Draft::load(&key).unwrap();
    d.values
        .insert("applicant.phone".into(), "1380013800".into());
    d.step = usize::MAX; // past the last page: the check-your-answers page
    d.save(&key);
    let root = mount(&key);
    settle().await;
    let summary = text(&root, ".review .error-summary");
    assert!(summary.contains("以下内容需要修改"), "{summary}");
    assert!(
        summary.contains("手机号码"),
        "the field is named: {summary}"
    );
    let listed = root
        .query_selector_all(".review .error-summary li")
        .unwrap();
    assert_eq!(
        listed.length(),
        1,
        "only the wrong answer is listed: {summary}"
    );
    click(&root, ".review .error-summary button").await;
    assert!(
        root.query_selector(".review").unwrap().is_none(),
        "the error leads away from the check page"
    );
    let phone = input(&root, "f-applicant-phone");
    assert_eq!(phone.value(), "1380013800", "the answer is kept to mend");
    let mut focused = false;
    for _ in 0..50 {
        settle().await;
        let active = gloo::utils::document().active_element().map(|e| e.id());
        if active.as_deref() == Some("f-applicant-phone") {
            focused = true;
            break;
        }
    }
    assert!(focused, "the focus is on the answer to mend");
    LocalStorage::delete(&key);
}

#[wasm_bindgen_test]
async fn the_check_page_lists_no_errors_when_every_answer_passes() {
    let key = storage_key("t", "review-clean");
    answered_draft(&key, vec![]);
    let mut d = Draft::load(&key).unwrap();
    d.step = usize::MAX;
    d.save(&key);
    let root = mount(&key);
    settle().await;
    assert!(root.query_selector(".review").unwrap().is_some());
    assert!(root.query_selector(".error-summary").unwrap().is_none());
    LocalStorage::delete(&key);
}
