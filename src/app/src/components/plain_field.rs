//! Plain fields of the small forms outside an item's schema (亲情代办's code, relation and
//! applicant block): rendered with their label, read back by id when the form is sent.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The current value of the input or select `id` (a checkbox: `true`/`false`).
pub fn value(id: &str) -> String {
    let Some(e) = gloo::utils::document().get_element_by_id(id) else {
        return String::new();
    };
    match e.dyn_into::<HtmlInputElement>() {
        Ok(i) if i.type_() == "checkbox" => i.checked().to_string(),
        Ok(i) => i.value(),
        Err(e) => e.unchecked_into::<HtmlSelectElement>().value(),
    }
}

pub fn input(id: &str, label: &str, kind: &str, mode: &str) -> Html {
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }</label>
            <input id={id.to_owned()} type={kind.to_owned()} inputmode={mode.to_owned()} autocomplete="off" />
        </div>
    }
}

pub fn select(id: &str, label: &str, options: Vec<(String, String)>) -> Html {
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }</label>
            <select id={id.to_owned()}>
                { for options.into_iter().enumerate().map(|(i, (v, l))| html! {
                    <option value={v} selected={i == 0}>{ l }</option>
                }) }
            </select>
        </div>
    }
}
