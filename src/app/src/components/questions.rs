//! One page of an application form's questions: the fields of a page (`form_steps::DataPage`)
//! that are visible now, a region field as a picker once the national division list is here.

use super::division_picker::DivisionPicker;
use super::field::FormField;
use super::form_steps::DataPage;
use super::notice;
use crate::load::Load;
use tongban_rules::form::{is_visible, FieldKind, Step, Values};
use yew::prelude::*;

/// What a page's fields are given: their errors to show, and where typing and leaving go.
pub struct Wiring<'a> {
    pub error_for: &'a dyn Fn(&str) -> Option<String>,
    pub on_input: &'a Callback<(String, String)>,
    pub on_blur: &'a Callback<String>,
}

/// The page `index` (`page`, of the form's step `s`) with the answers in `values`.
pub fn questions(
    (s, page, index): (&Step, &DataPage, usize),
    values: &Values,
    divisions: &Load<()>,
    w: Wiring<'_>,
) -> Html {
    html! {
        <fieldset class="form-step" data-page={index.to_string()}>
            <legend>{ &s.title }</legend>
            { for s.fields.iter().filter(|f| page.fields.contains(&f.path) && is_visible(f, values)).map(|f| {
                let value = values.get(&f.path).cloned().unwrap_or_default();
                let (error, on_input, on_blur) = ((w.error_for)(&f.path), w.on_input.clone(), w.on_blur.clone());
                match (f.kind, &*divisions.state) {
                    (FieldKind::Division | FieldKind::City, Some(Ok(()))) => html! {
                        <DivisionPicker key={f.path.clone()} field={f.clone()} {value} {error} {on_input} {on_blur} />
                    },
                    (FieldKind::Division | FieldKind::City, None) => html! {
                        <div key={f.path.clone()} class="field">{ notice::skeleton() }</div>
                    },
                    (FieldKind::Division | FieldKind::City, Some(Err(e))) => html! {
                        <div key={f.path.clone()} class="field">{ notice::failure(e, divisions.retry.clone()) }</div>
                    },
                    _ => html! {
                        <FormField key={f.path.clone()} field={f.clone()} {value} {error} {on_input} {on_blur} />
                    },
                }
            }) }
        </fieldset>
    }
}
