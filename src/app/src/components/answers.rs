//! The answers as a table a person checks before submitting (also the 备案登记表): each
//! visible field's label and what was typed or chosen, a choice shown by its label.

use tongban_rules::form::{is_visible, Field, FieldKind, Form, Values};
use yew::prelude::*;

/// The answers to send: visible fields only, empty ones left out.
pub fn answers(form: &Form, values: &Values) -> Values {
    form.fields()
        .filter(|f| is_visible(f, values))
        .filter_map(|f| {
            let v = values.get(&f.path)?.trim();
            (!v.is_empty()).then(|| (f.path.clone(), v.to_owned()))
        })
        .collect()
}

/// What a field's answer reads as.
pub fn shown(field: &Field, values: &Values) -> String {
    let v = values.get(&field.path).map_or("", |v| v.trim());
    match field.kind {
        _ if v.is_empty() => "未填写".into(),
        FieldKind::Choice | FieldKind::IdType => field
            .options
            .iter()
            .find(|o| o.value == v)
            .map_or_else(|| v.to_owned(), |o| o.label.clone()),
        FieldKind::Consent => "已同意".into(),
        FieldKind::Amount => format!("{v} 元"),
        FieldKind::Division => tongban_rules::division::shown(v),
        _ => v.to_owned(),
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: std::rc::Rc<Form>,
    pub values: Values,
    /// Offered per step: go back to that step to change it.
    #[prop_or_default]
    pub on_edit: Option<Callback<usize>>,
}

#[component]
pub fn Answers(props: &Props) -> Html {
    html! {
        <div class="answers">
            { for props.form.steps.iter().enumerate().map(|(i, step)| {
                let edit = props.on_edit.clone().map(|cb| {
                    let onclick = Callback::from(move |_| cb.emit(i));
                    html! { <button type="button" class="link-button" {onclick}>{ "修改" }</button> }
                });
                html! {
                    <section class="answer-group">
                        <h4>{ &step.title }{ for edit }</h4>
                        <dl>
                            { for step.fields.iter().filter(|f| is_visible(f, &props.values)).map(|f| html! {
                                <><dt>{ &f.label }</dt><dd>{ shown(f, &props.values) }</dd></>
                            }) }
                        </dl>
                    </section>
                }
            }) }
        </div>
    }
}
