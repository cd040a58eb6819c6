//! Browser tests (wasm-bindgen-test in headless Chromium): the 受理编号 shown in groups of four
//! that a line never breaks inside, with the app's own style sheet, at 长辈版 size in a phone's
//! width.
#![cfg(target_arch = "wasm32")]

use tongban_app::components::receipt_no::groups;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const NO: &str = "TB7K2M9Q4R8T1V6W30";

#[derive(Properties, PartialEq)]
struct Props {
    no: String,
}

#[component]
fn Shown(props: &Props) -> Html {
    html! { <p class="receipt-no" id="receipt-no">{ groups(&props.no) }</p> }
}

/// The app's stylesheets once (`www/style.css`, and `www/pages.css`, which the receipt's page
/// comes with), then a `width` px wide frame in elder mode holding the number.
async fn mount(width: u32) -> Element {
    let document = gloo::utils::document();
    if document.get_element_by_id("app-style").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("app-style");
        style.set_text_content(Some(concat!(
            include_str!("../../../www/style.css"),
            include_str!("../../../www/pages.css")
        )));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let frame = document.create_element("div").unwrap();
    frame.set_class_name("frame elder");
    frame
        .set_attribute("style", &format!("width:{width}px;font-size:22px"))
        .unwrap();
    let root = document.create_element("div").unwrap();
    root.set_class_name("receipt-box");
    frame.append_child(&root).unwrap();
    document.body().unwrap().append_child(&frame).unwrap();
    yew::Renderer::<Shown>::with_root_and_props(root.clone(), Props { no: NO.into() }).render();
    gloo::timers::future::sleep(std::time::Duration::ZERO).await;
    yew::scheduler::flush().await;
    root
}

fn shown_groups(root: &Element) -> Vec<HtmlElement> {
    let list = root
        .query_selector_all("#receipt-no .receipt-group")
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

#[wasm_bindgen_test]
async fn the_receipt_number_is_shown_in_groups_of_four_and_copies_as_stored() {
    let root = mount(390).await;
    let texts: Vec<String> = shown_groups(&root)
        .iter()
        .map(|g| g.text_content().unwrap_or_default())
        .collect();
    assert_eq!(texts, ["TB7K", "2M9Q", "4R8T", "1V6W", "30"]);
    let whole = root.query_selector("#receipt-no").unwrap().unwrap();
    assert_eq!(
        whole.text_content().as_deref(),
        Some(NO),
        "no text between the groups"
    );
}

#[wasm_bindgen_test]
async fn in_elder_mode_a_narrow_line_breaks_between_groups_never_inside_one() {
    // Narrower than the whole number, so that it has to wrap.
    let root = mount(150).await;
    let shown = shown_groups(&root);
    let line = shown[0].offset_height();
    assert!(line > 0);
    let mut tops = vec![];
    for g in &shown {
        assert_eq!(
            g.offset_height(),
            line,
            "{:?} spans one line",
            g.text_content()
        );
        tops.push(g.offset_top());
    }
    tops.dedup();
    assert!(
        tops.len() > 1,
        "the number wrapped, between groups: {tops:?}"
    );
}
