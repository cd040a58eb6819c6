//! The application form rendered from the item's schema, in pages: a step of the form per page,
//! or in 长辈版 one question per page (the GOV.UK pattern: one main button, a visible 返回, a
//! check-your-answers page whose errors and 修改 lead back to the page asking). Validation with
//! the rules crate as the citizen types (an error shows once a field is left, never on the
//! first keystroke), conditional fields, the 承诺书 to sign on 承诺制 items, and the draft — the
//! page it is on included — saved on the device after every change.

use super::commitment::{self, Commitment};
use super::field::{focus_id_later, focus_later};
use super::form_steps::{page_of, pages_with_lead, Step, Steps};
use super::list_wait::{asks_region, use_list_wait, Tap};
use super::materials::{self, Materials, Need};
use super::questions::{questions, Wiring};
use super::restored::use_restored;
use super::review::review;
use super::steps::StepIndicator;
use crate::dates::today;
use crate::draft::{Draft, DraftAction, Upload};
use std::rc::Rc;
use tongban_rules::api::RealName;
use tongban_rules::form::{is_visible, validate_form, FieldKind, Form};

pub use super::answers::answers;
use tongban_rules::FieldError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: Rc<Form>,
    /// Where the draft is kept (`draft::storage_key`).
    pub storage_key: String,
    #[prop_or_default]
    pub commitment: Option<Commitment>,
    /// Materials to upload (the item's, or those the office's return names): a step of their
    /// own after the answers.
    #[prop_or_default]
    pub needs: Vec<Need>,
    #[prop_or_default]
    pub submitting: bool,
    /// Errors the gateway returned (422); each shows on its field until the field changes.
    #[prop_or_default]
    pub server_errors: Vec<FieldError>,
    /// Why the last submission failed, with the way to retry.
    #[prop_or_default]
    pub failure: Option<String>,
    #[prop_or_default]
    pub submit_label: Option<String>,
    /// 本人: the real-name person a form filed for oneself must name; a complete ID number of
    /// someone else shows `applicant_not_self` on the field as it is typed.
    #[prop_or_default]
    pub applicant: Option<RealName>,
    /// Shown above the first page only (为谁办理, whose name the form is filed in).
    #[prop_or_default]
    pub lead: Html,
    /// The lead asks a question (为谁办理, when family members are bound): in 长辈版 it is then a
    /// page of its own, before the form's first question.
    #[prop_or_default]
    pub lead_asks: bool,
    pub on_submit: Callback<Draft>,
}

#[component]
pub fn FormView(props: &Props) -> Html {
    let key = props.storage_key.clone();
    let initial = use_memo(key.clone(), |key| Draft::load(key));
    let draft = use_reducer(|| (*initial).clone().unwrap_or_else(Draft::new));
    let restored = use_restored(
        initial.as_ref().as_ref().is_some_and(Draft::has_content),
        &draft,
    );
    let changed = use_state(std::collections::BTreeSet::<String>::new);
    // A region field needs the national division list, fetched only for such a form.
    let regions = props
        .form
        .fields()
        .any(|f| matches!(f.kind, FieldKind::Division | FieldKind::City));
    let divisions = crate::load::use_load(regions, |regions| async move {
        match regions {
            true => crate::divisions::load().await,
            false => Ok(()),
        }
    });
    let sign_error = use_state(|| false);
    let show_missing = use_state(|| false);
    // 长辈版: one question per page. Without the context (a component test), the standard pages.
    let one_per_page = use_context::<crate::prefs::PrefsContext>().is_some_and(|p| p.elder);
    let lead_asks = props.lead_asks;

    {
        let key = key.clone();
        use_effect_with((*draft).clone(), move |d| d.save(&key));
    }

    // The gateway refused some answers: back to the page of the first, its errors shown.
    {
        let (draft, form) = (draft.clone(), props.form.clone());
        use_effect_with(props.server_errors.clone(), move |errors| {
            let pages = pages_with_lead(&form, &draft.values, one_per_page, lead_asks);
            let first = errors
                .first()
                .and_then(|e| page_of(&pages, &e.field).map(|i| (i, e.field.clone())));
            if let Some((index, path)) = first {
                let fields: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
                draft.dispatch(DraftAction::Show {
                    step: index,
                    touched: fields,
                });
                focus_later(path);
            }
        });
    }

    let form = props.form.clone();
    let pages = Rc::new(pages_with_lead(
        &form,
        &draft.values,
        one_per_page,
        lead_asks,
    ));
    let lead_page = pages.first().is_some_and(|p| p.is_lead());
    let steps = Steps::new(
        pages.len(),
        !props.needs.is_empty(),
        props.commitment.is_some(),
    );
    let materials_step = steps.materials();
    let after_materials = steps.after_materials();
    let commit_step = steps.commitment();
    let review_step = steps.review();
    let first_missing = materials::missing(&props.needs, &draft.uploads)
        .first()
        .and_then(|m| props.needs.iter().position(|n| n == *m));
    let step = steps.clamp(draft.step);

    let mut errors = validate_form(&form, &answers(&form, &draft.values), today());
    if let Some(e) = props
        .applicant
        .as_ref()
        .and_then(|me| me.check(&draft.values))
    {
        if !errors.iter().any(|x| x.field == e.field) {
            errors.push(e);
        }
    }
    let error_for = |path: &str| -> Option<String> {
        if draft.touched.contains(path) {
            if let Some(e) = errors.iter().find(|e| e.field == path) {
                return Some(e.message.clone());
            }
        }
        props
            .server_errors
            .iter()
            .find(|e| e.field == path && !changed.contains(path))
            .map(|e| e.message.clone())
    };

    let on_input = {
        let (draft, changed) = (draft.clone(), changed.clone());
        Callback::from(move |(path, value): (String, String)| {
            draft.dispatch(DraftAction::Input {
                path: path.clone(),
                value,
            });
            let mut c = (*changed).clone();
            if c.insert(path) {
                changed.set(c);
            }
        })
    };
    let on_blur = {
        let draft = draft.clone();
        Callback::from(move |path: String| {
            if !draft.touched.contains(&path) {
                draft.dispatch(DraftAction::Touch(vec![path]));
            }
        })
    };
    let go = {
        let draft = draft.clone();
        Callback::from(move |to: usize| {
            draft.dispatch(DraftAction::Go(to));
            gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
        })
    };
    // Shows the errors of every field of page `index` and focuses the first; false if there are any.
    let check_step = {
        let (draft, form, pages) = (draft.clone(), form.clone(), pages.clone());
        move |index: usize, errors: &[FieldError]| -> bool {
            let paths: Vec<String> = form
                .fields()
                .filter(|f| pages[index].fields.contains(&f.path))
                .filter(|f| is_visible(f, &draft.values))
                .map(|f| f.path.clone())
                .collect();
            let first = paths.iter().find(|p| errors.iter().any(|e| &e.field == *p));
            let Some(first) = first.cloned() else {
                return true;
            };
            draft.dispatch(DraftAction::Show {
                step: index,
                touched: paths,
            });
            focus_later(first);
            false
        }
    };
    // Shows 请上传 on the materials still missing and focuses the first; false if any is.
    let check_materials = {
        let (go, show_missing) = (go.clone(), show_missing.clone());
        move || -> bool {
            let (Some(at), Some(index)) = (materials_step, first_missing) else {
                return true;
            };
            show_missing.set(true);
            if step != at {
                go.emit(at);
            }
            focus_id_later(materials::input_id(index));
            false
        }
    };
    // 下一步 and 提交, carried out: at once, or once the division list a page needs is here.
    let advance = {
        let (go, errors, draft, sign_error) = (
            go.clone(),
            errors.clone(),
            draft.clone(),
            sign_error.clone(),
        );
        let (check_step, check_materials) = (check_step.clone(), check_materials.clone());
        move || match steps.at(step) {
            Step::Data(index) => {
                if check_step(index, &errors) {
                    go.emit(steps.next(step));
                }
            }
            Step::Materials => {
                if check_materials() {
                    go.emit(steps.next(step));
                }
            }
            Step::Commitment => {
                if draft.signed {
                    go.emit(steps.next(step));
                } else {
                    sign_error.set(true);
                }
            }
            Step::Review => {}
        }
    };
    let on_back = {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| go.emit(steps.back(step)))
    };
    let submit = {
        let (draft, on_submit, errors, go) = (
            draft.clone(),
            props.on_submit.clone(),
            errors.clone(),
            go.clone(),
        );
        let pages = pages.clone();
        let needs_sign = commit_step.is_some();
        move || {
            if let Some(first) = errors.first() {
                if let Some(i) = page_of(&pages, &first.field) {
                    check_step(i, &errors);
                }
                return;
            }
            if !check_materials() {
                return;
            }
            if needs_sign && !draft.signed {
                go.emit(after_materials);
                return;
            }
            on_submit.emit((*draft).clone());
        }
    };
    // The page (or, to submit, the form) shows a region field and its list is not here yet.
    let needs_list = divisions.state.is_none()
        && match steps.at(step) {
            Step::Data(i) => asks_region(&form, Some(&pages[i]), &draft.values),
            Step::Review => asks_region(&form, None, &draft.values),
            _ => false,
        };
    let carry_out = Callback::from(move |tap| match tap {
        Tap::Next => advance(),
        Tap::Submit => submit(),
    });
    let wait = use_list_wait(&divisions.state, step, needs_list, carry_out);
    let on_next = {
        let wait = wait.clone();
        Callback::from(move |_: MouseEvent| wait.tap(Tap::Next))
    };
    let on_submit = {
        let wait = wait.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            wait.tap(Tap::Submit);
        })
    };
    let on_sign = {
        let (draft, sign_error) = (draft.clone(), sign_error.clone());
        Callback::from(move |e: MouseEvent| {
            let checked = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            draft.dispatch(DraftAction::Sign(checked));
            sign_error.set(false);
        })
    };
    let on_added = {
        let draft = draft.clone();
        Callback::from(move |u: Upload| draft.dispatch(DraftAction::Uploaded(u)))
    };
    let on_removed = {
        let draft = draft.clone();
        Callback::from(move |id: String| draft.dispatch(DraftAction::Removed(id)))
    };

    let (titles, current) = steps.titles(&form, &pages, step, one_per_page);

    // To the page asking `path` (修改 and the errors on the check-your-answers page).
    let edit = {
        let (go, pages) = (go.clone(), pages.clone());
        Callback::from(move |path: String| {
            if let Some(i) = page_of(&pages, &path) {
                go.emit(i);
                focus_later(path);
            }
        })
    };
    let body = if let (Step::Data(index), true) = (steps.at(step), lead_page && step == 0) {
        html! { <div class="form-step lead-page" data-page={index.to_string()}>{ props.lead.clone() }</div> }
    } else if let Step::Data(index) = steps.at(step) {
        let page = &pages[index];
        let wiring = Wiring {
            error_for: &error_for,
            on_input: &on_input,
            on_blur: &on_blur,
        };
        questions(
            (&form.steps[page.step], page, index),
            &draft.values,
            &divisions,
            wiring,
        )
    } else if Some(step) == materials_step {
        html! {
            <Materials needs={props.needs.clone()} uploads={draft.uploads.clone()}
                show_missing={*show_missing} {on_added} {on_removed} />
        }
    } else if let (Some(c), true) = (&props.commitment, Some(step) == commit_step) {
        commitment::step(
            c,
            (&form, &draft.values),
            (draft.signed, *sign_error),
            on_sign,
        )
    } else {
        review(
            &form,
            &draft,
            (&errors, &props.server_errors),
            &edit,
            one_per_page,
            commit_step.is_some(),
        )
    };
    let submit_label = props
        .submit_label
        .clone()
        .unwrap_or_else(|| "提交申请".into());
    html! {
        <form class="apply-form" novalidate=true onsubmit={on_submit} data-page={step.to_string()}
            data-one-per-page={one_per_page.to_string()}>
            { restored }
            <StepIndicator titles={titles} {current} />
            if step == 0 && !lead_page { { props.lead.clone() } }
            { body }
            if let Some(f) = &props.failure { <p class="notice failure" role="alert">{ f }</p> }
            <div class="form-actions">
                if regions { { wait.notice() } }
                // Keyed: the click on 下一步 must never land on a submit button put in its place.
                if step > 0 { <button key="back" type="button" class="secondary back" onclick={on_back}>{ "返回" }</button> }
                if step < review_step {
                    <button key={format!("next-{step}")} type="button" class="primary next" onclick={on_next}>{ "下一步" }</button>
                } else {
                    <button key="submit" type="submit" class="primary submit" disabled={props.submitting}>
                        { if props.submitting { "正在提交…".to_owned() } else if props.failure.is_some() { "重新提交".to_owned() } else { submit_label } }
                    </button>
                }
            </div>
        </form>
    }
}
