//! What the form's browser tests share: the transfer form as the gateway serves it, mounted with
//! the national division list installed as if fetched, and the taps and waits they need.
#![allow(dead_code)] // each test file uses its own part of it

use std::rc::Rc;
use tongban_app::components::form_view::{FormView, Props};
use tongban_app::components::materials::Need;
use tongban_app::draft::Draft;
use tongban_rules::api::RealName;
use tongban_rules::catalogue::embedded::FORM_FILES;
use tongban_rules::division::{self, Divisions};
use tongban_rules::form::parse_form;
use wasm_bindgen::JsCast;
use web_sys::{Element, EventInit, HtmlSelectElement};
use yew::prelude::*;

/// A form as the gateway serves it (`GET /items/{id}`), standard blocks in place.
pub fn form(name: &str) -> tongban_rules::form::Form {
    let (id, text) = FORM_FILES.iter().find(|(id, _)| *id == name).unwrap();
    parse_form(id, text).expect("the form")
}

/// The transfer form (its draft under `key`) with `needs` to upload, filed for `applicant`
/// when given; its region fields' list as the bundle ships it, installed as if fetched.
pub fn mount_transfer(key: &str, needs: Vec<Need>, applicant: Option<RealName>) -> Element {
    mount_form("transfer", key, needs, applicant)
}

/// The form `name` (its draft under `key`), as [`mount_transfer`] mounts the transfer form.
pub fn mount_form(name: &str, key: &str, needs: Vec<Need>, applicant: Option<RealName>) -> Element {
    division::install(Divisions::parse(DIVISIONS).unwrap());
    mount_fetching(name, key, (needs, applicant), Callback::noop())
}

/// The national division list as the bundle ships it.
pub const DIVISIONS: &str = include_str!("../../../../assets/divisions/divisions.txt");

/// The form `name` as [`mount_form`] mounts it, but its region fields' list left to the form to
/// fetch, as the app does (installed once fetched, unless it is there already); what it submits
/// goes to `on_submit`.
pub fn mount_fetching(
    name: &str,
    key: &str,
    (needs, applicant): (Vec<Need>, Option<RealName>),
    on_submit: Callback<Draft>,
) -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = Props {
        form: Rc::new(form(name)),
        storage_key: key.to_owned(),
        commitment: None,
        needs,
        submitting: false,
        server_errors: vec![],
        failure: None,
        submit_label: None,
        applicant,
        lead: Html::default(),
        lead_asks: false,
        on_submit,
    };
    yew::Renderer::<FormView>::with_root_and_props(root.clone(), props).render();
    root
}

/// Every answer of the transfer form, valid: what a citizen would have typed on its pages.
pub const TRANSFER_ANSWERS: [(&str, &str); 8] = [
    ("applicant.name", "张三"),
    ("applicant.id_type", "resident"),
    ("applicant.id_number", "11010519491231002X"),
    ("applicant.phone", "13800138000"),
    ("transfer.direction", "in"),
    ("transfer.from_region", "431102"),
    ("transfer.to_region", "440106"),
    ("transfer.insurance_type", "employee"),
];

/// The text of what `selector` finds under `root` ("" when nothing).
pub fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Taps what `selector` finds under `root` (it must be rendered), then lets the app settle.
pub async fn tap(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is rendered"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
}

/// Lets the app's tasks and Yew's renders run.
pub async fn settle() {
    gloo::timers::future::sleep(std::time::Duration::from_millis(10)).await;
    yew::scheduler::flush().await;
}

/// Lets the app run until `state` holds, for at most about five seconds.
pub async fn until(what: &str, state: impl Fn() -> bool) {
    for _ in 0..500 {
        if state() {
            return;
        }
        settle().await;
    }
    panic!("{what}: not within five seconds");
}

pub fn select(root: &Element, id: &str) -> Option<HtmlSelectElement> {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .map(JsCast::unchecked_into)
}

/// Chooses the option named `name` in `#id`, as a tap would (a `change` event).
pub async fn choose(root: &Element, id: &str, name: &str) {
    let el = select(root, id).unwrap_or_else(|| panic!("#{id} is rendered"));
    let options = el.options();
    let value = (0..options.length())
        .filter_map(|i| options.item(i))
        .find(|o| o.text_content().as_deref() == Some(name))
        .unwrap_or_else(|| panic!("#{id} offers {name}"))
        .unchecked_into::<web_sys::HtmlOptionElement>()
        .value();
    el.set_value(&value);
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    settle().await;
}
