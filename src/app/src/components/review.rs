//! The check-your-answers page of an application form: the errors still to mend (each leading
//! back to the page asking it), the answers with 修改, the uploaded materials and whether the
//! 承诺书 is signed.

use super::answers::Answers;
use crate::draft::Draft;
use std::rc::Rc;
use tongban_rules::form::{is_visible, Form, Values};
use tongban_rules::FieldError;
use yew::prelude::*;

/// The page: `errors` are the rules' and the gateway's; `edit` goes to the page asking a field;
/// `per_field` gives each answer its own 修改 (长辈版, one question per page).
pub fn review(
    form: &Rc<Form>,
    draft: &Draft,
    (errors, server): (&[FieldError], &[FieldError]),
    edit: &Callback<String>,
    per_field: bool,
    commitment: bool,
) -> Html {
    html! {
        <div class="form-step review">
            <h3>{ "请核对您填写的内容" }</h3>
            { error_summary(form, &draft.values, errors, server, edit) }
            <Answers form={form.clone()} values={draft.values.clone()} on_edit={edit.clone()} {per_field} />
            if !draft.uploads.is_empty() {
                <h3>{ "已上传的材料" }</h3>
                <ul class="uploaded-review">
                    { for draft.uploads.iter().map(|u| html! {
                        <li key={u.id.clone()}>{ format!("{}：{}", u.material, u.name) }</li>
                    }) }
                </ul>
            }
            if commitment && draft.signed { <p class="signed">{ "已签署告知承诺书" }</p> }
        </div>
    }
}

/// The check-your-answers page's errors (GOV.UK's error summary): each names its field and
/// leads back to the page asking it. None when every answer passes.
fn error_summary(
    form: &Form,
    values: &Values,
    errors: &[FieldError],
    server: &[FieldError],
    edit: &Callback<String>,
) -> Html {
    let listed: Vec<(String, String, String)> = form
        .fields()
        .filter(|f| is_visible(f, values))
        .filter_map(|f| {
            let e = errors.iter().chain(server).find(|e| e.field == f.path)?;
            Some((f.path.clone(), f.label.clone(), e.message.clone()))
        })
        .collect();
    if listed.is_empty() {
        return html! {};
    }
    html! {
        <div class="notice error-summary" role="alert">
            <p><strong>{ "以下内容需要修改" }</strong></p>
            <ul>
                { for listed.into_iter().map(|(path, label, message)| {
                    let edit = edit.clone();
                    let onclick = Callback::from(move |_: MouseEvent| edit.emit(path.clone()));
                    html! { <li><button type="button" class="link-button" {onclick}>{ format!("{label}：{message}") }</button></li> }
                }) }
            </ul>
        </div>
    }
}
