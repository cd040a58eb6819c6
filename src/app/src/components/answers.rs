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
        FieldKind::Division | FieldKind::City => tongban_rules::division::shown(v),
        _ => v.to_owned(),
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: std::rc::Rc<Form>,
    pub values: Values,
    /// Offered per step (or per answer, `per_field`): back to the page asking that field (the
    /// step's first visible one) to change it.
    #[prop_or_default]
    pub on_edit: Option<Callback<String>>,
    /// 修改 beside each answer (长辈版, a question per page) instead of beside each step.
    #[prop_or_default]
    pub per_field: bool,
}

#[component]
pub fn Answers(props: &Props) -> Html {
    let edit = |path: &str| {
        props.on_edit.clone().map(|cb| {
            let path = path.to_owned();
            let onclick = Callback::from(move |_| cb.emit(path.clone()));
            html! { <button type="button" class="link-button edit" {onclick}>{ "修改" }</button> }
        })
    };
    html! {
        <div class="answers">
            { for props.form.steps.iter().map(|step| {
                let shown_now: Vec<_> = step.fields.iter().filter(|f| is_visible(f, &props.values)).collect();
                let step_edit = (!props.per_field).then(|| shown_now.first().and_then(|f| edit(&f.path))).flatten();
                html! {
                    <section class="answer-group">
                        <h4>{ &step.title }{ for step_edit }</h4>
                        <dl>
                            { for shown_now.iter().map(|f| {
                                let field_edit = props.per_field.then(|| edit(&f.path)).flatten();
                                html! { <><dt>{ &f.label }</dt><dd>{ shown(f, &props.values) }{ for field_edit }</dd></> }
                            }) }
                        </dl>
                    </section>
                }
            }) }
        </div>
    }
}
