//! One form field rendered from its schema: label bound to the input, the hint and the error
//! tied to it with `aria-describedby`, the keyboard each answer type needs (`inputmode`).

use tongban_rules::form::{Field, FieldKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub field: Field,
    /// The answer (a region field's: a code, or empty).
    pub value: String,
    /// Shown only once the citizen has left the field (or tried to go on).
    pub error: Option<String>,
    /// `(path, value)` on every change; from a region field (`DivisionPicker`, which takes these
    /// props too) `(path, code)` once a division at the bottom is chosen, `(path, "")` while
    /// one above is.
    pub on_input: Callback<(String, String)>,
    /// `path` when the field is left.
    pub on_blur: Callback<String>,
}

/// The element id of a field's input (`applicant.id_number` → `f-applicant-id_number`).
pub fn input_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

/// The keyboard and autofill each answer type wants: (input type, inputmode, autocomplete).
fn keyboard(kind: FieldKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        FieldKind::Phone => ("tel", "tel", "tel"),
        FieldKind::BankCard => ("text", "numeric", "off"),
        FieldKind::Amount => ("text", "decimal", "off"),
        FieldKind::Date => ("date", "", "off"),
        FieldKind::PersonName => ("text", "text", "name"),
        _ => ("text", "text", "off"),
    }
}

/// What every field's label block shares (this one's and the region picker's): the ids of the
/// input, hint and error, what describes the input, and the required mark.
pub struct Labels {
    pub id: String,
    pub hint_id: String,
    pub error_id: String,
    /// `aria-describedby`: the hint and the error, when shown.
    pub described: Option<String>,
    /// `aria-invalid`.
    pub invalid: Option<&'static str>,
    /// The `*` after the label of a required field.
    pub required: Option<Html>,
}

impl Labels {
    pub fn of(f: &Field, error: Option<&String>) -> Labels {
        let id = input_id(&f.path);
        let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
        let described: Vec<&str> = [
            f.hint.as_ref().map(|_| hint_id.as_str()),
            error.map(|_| error_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let described = (!described.is_empty()).then(|| described.join(" "));
        Labels {
            invalid: error.is_some().then_some("true"),
            required: f
                .required
                .then_some(html! { <span class="req" aria-hidden="true">{ "*" }</span> }),
            id,
            hint_id,
            error_id,
            described,
        }
    }

    /// The hint under the label, when the field has one.
    pub fn hint(&self, f: &Field) -> Html {
        match &f.hint {
            Some(hint) => html! { <p class="hint" id={self.hint_id.clone()}>{ hint }</p> },
            None => Html::default(),
        }
    }

    /// The error, once shown.
    pub fn error(&self, error: Option<&String>) -> Html {
        match error {
            Some(err) => html! { <p class="error" id={self.error_id.clone()}>{ err }</p> },
            None => Html::default(),
        }
    }
}

#[component]
pub fn FormField(props: &Props) -> Html {
    let f = &props.field;
    let labels = Labels::of(f, props.error.as_ref());
    let Labels {
        id,
        hint_id,
        error_id,
        described,
        invalid,
        ..
    } = &labels;
    let (id, hint_id, error_id, described, invalid) = (
        id.clone(),
        hint_id.clone(),
        error_id.clone(),
        described.clone(),
        *invalid,
    );
    let path = f.path.clone();
    let on_input = props.on_input.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let v = e.target_unchecked_into::<HtmlInputElement>().value();
        on_input.emit((path.clone(), v));
    });
    let path = f.path.clone();
    let on_change = props.on_input.clone();
    let onchange = Callback::from(move |e: Event| {
        let el = e.target_unchecked_into::<HtmlInputElement>();
        on_change.emit((path.clone(), el.value()));
    });
    let path = f.path.clone();
    let on_blur = props.on_blur.clone();
    let onblur = Callback::from(move |_: FocusEvent| on_blur.emit(path.clone()));
    let required = labels.required.clone();

    let control = match f.kind {
        FieldKind::Choice | FieldKind::IdType => html! {
            <select id={id.clone()} name={f.path.clone()} required={f.required}
                aria-describedby={described.clone()} aria-invalid={invalid}
                onchange={onchange} onblur={onblur}>
                <option value="" selected={props.value.is_empty()}>{ "请选择" }</option>
                { for f.options.iter().map(|o| html! {
                    <option value={o.value.clone()} selected={o.value == props.value}>{ &o.label }</option>
                }) }
            </select>
        },
        FieldKind::Consent => {
            let path = f.path.clone();
            let on_input = props.on_input.clone();
            let onclick = Callback::from(move |e: MouseEvent| {
                let el = e.target_unchecked_into::<HtmlInputElement>();
                let v = if el.checked() { "true" } else { "" };
                on_input.emit((path.clone(), v.to_owned()));
            });
            return html! {
                <div class={classes!("field", "consent", props.error.is_some().then_some("has-error"))}>
                    <input type="checkbox" id={id.clone()} name={f.path.clone()} checked={props.value == "true"}
                        aria-describedby={described} aria-invalid={invalid} {onclick} onblur={onblur} />
                    <label for={id}>{ &f.label }{ required }</label>
                    if let Some(hint) = &f.hint { <p class="hint" id={hint_id}>{ hint }</p> }
                    if let Some(err) = &props.error { <p class="error" id={error_id} role="alert">{ err }</p> }
                </div>
            };
        }
        FieldKind::LongText => html! {
            <textarea id={id.clone()} name={f.path.clone()} rows="4" required={f.required}
                aria-describedby={described.clone()} aria-invalid={invalid}
                value={props.value.clone()} {oninput} onblur={onblur} />
        },
        kind => {
            let (ty, mode, auto) = keyboard(kind);
            let caps =
                matches!(kind, FieldKind::IdNumber | FieldKind::CreditCode).then_some("characters");
            let onchange = (kind == FieldKind::Date).then_some(onchange);
            html! {
                <input type={ty} id={id.clone()} name={f.path.clone()} inputmode={(!mode.is_empty()).then_some(mode)}
                    autocomplete={auto} autocapitalize={caps} required={f.required}
                    aria-describedby={described.clone()} aria-invalid={invalid}
                    value={props.value.clone()} {oninput} {onchange} onblur={onblur} />
            }
        }
    };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))} data-field={f.path.clone()}>
            <label for={id}>{ &f.label }{ required }</label>
            { labels.hint(f) }
            { control }
            { labels.error(props.error.as_ref()) }
        </div>
    }
}

/// Moves the focus to a field once the page has rendered (first error on submit).
pub fn focus_later(path: String) {
    focus_id_later(input_id(&path));
}

/// Moves the focus to the element `id` once the page has rendered.
pub fn focus_id_later(id: String) {
    gloo::timers::callback::Timeout::new(0, move || {
        if let Some(el) = gloo::utils::document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    })
    .forget();
}
