//! What the applicant may do next on an application: revoke (撤销), correct after 退回补正, and
//! rate the service (好差评: five grades, a reason required for the two bad ones).

use crate::api::applications::{self, Progress};
use crate::api::family;
use crate::api::ApiError;
use crate::route::Route;
use crate::router::Link;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub progress: Progress,
    /// The application after a successful action.
    pub on_change: Callback<Progress>,
}

pub const GRADES: [(u8, &str); 5] = [
    (5, "非常满意"),
    (4, "满意"),
    (3, "基本满意"),
    (2, "不满意"),
    (1, "非常不满意"),
];

#[component]
pub fn Actions(props: &Props) -> Html {
    let p = &props.progress;
    let confirming = use_state(|| false);
    let grade = use_state(|| None::<u8>);
    let reason = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);

    let run = {
        let (on_change, problem, busy) = (props.on_change.clone(), problem.clone(), busy.clone());
        move |fut: std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<Progress, ApiError>>>,
        >| {
            let (on_change, problem, busy) = (on_change.clone(), problem.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match fut.await {
                    Ok(p) => {
                        problem.set(None);
                        on_change.emit(p);
                    }
                    Err(e) => problem.set(Some(e.message().into())),
                }
                busy.set(false);
            });
        }
    };
    let on_revoke = {
        let (confirming, run, no) = (confirming.clone(), run.clone(), p.receipt_no.clone());
        Callback::from(move |_: MouseEvent| {
            if *confirming {
                let no = no.clone();
                run(Box::pin(async move { applications::revoke(&no).await }));
                confirming.set(false);
            } else {
                confirming.set(true);
            }
        })
    };
    let objecting = use_state(|| false);
    let on_object = {
        let (run, no, objecting) = (run.clone(), p.receipt_no.clone(), objecting.clone());
        Callback::from(move |_: MouseEvent| {
            if !*objecting {
                objecting.set(true);
                return;
            }
            objecting.set(false);
            let no = no.clone();
            run(Box::pin(async move {
                family::object(&no).await?;
                applications::progress(&no, None).await
            }));
        })
    };
    let on_rate = {
        let (grade, reason, problem, no) = (
            grade.clone(),
            reason.clone(),
            problem.clone(),
            p.receipt_no.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(g) = *grade else {
                problem.set(Some("请选择一个评价等级".into()));
                return;
            };
            let text = reason.trim().to_owned();
            if g <= 2 && text.is_empty() {
                problem.set(Some("请告诉我们不满意的原因，我们会跟进整改".into()));
                if let Some(el) = gloo::utils::document().get_element_by_id("rating-reason") {
                    let _ =
                        wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
                }
                return;
            }
            let no = no.clone();
            run(Box::pin(async move {
                let reason = (!text.is_empty()).then_some(text);
                applications::rate(&no, g, reason.as_deref()).await
            }));
        })
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| {
            reason.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let a = p.actions;
    html! {
        <div class="actions">
            if let Some(msg) = &*problem { <p class="notice failure" role="alert">{ msg }</p> }
            if a.resubmit {
                <Link to={Route::Resubmit { region: p.region.clone(), id: p.item.clone(), receipt_no: p.receipt_no.clone() }}
                    classes="button primary resubmit">{ "补正后重新提交" }</Link>
            }
            if a.revoke {
                if *confirming { <p class="confirm" role="status">{ "撤销后需要重新申请。确定撤销吗？再点一次“确认撤销”。" }</p> }
                <button type="button" class="secondary revoke" disabled={*busy} onclick={on_revoke}>
                    { if *confirming { "确认撤销" } else { "撤销申请" } }
                </button>
            }
            if a.object {
                if *objecting { <p class="confirm" role="status">{ "不同意后，家人不能再撤销这件申请，只有您本人可以撤销；申请本身不会停止。确定不同意吗？再点一次“确认不同意”。" }</p> }
                <button type="button" class="secondary object" disabled={*busy} onclick={on_object}>
                    { if *objecting { "确认不同意" } else { "不同意此代办" } }
                </button>
                <p class="hint">{ "家人为您代办了这件申请。不同意时，只有您本人可以撤销它。" }</p>
            }
            if let Some(r) = &p.rating {
                <p class="rated">{ format!("您的评价：{}", GRADES.iter().find(|(g, _)| *g == r.grade).map_or("", |(_, l)| l)) }</p>
            }
            if a.rate {
                <form class="rating" onsubmit={on_rate} novalidate=true>
                    <fieldset>
                        <legend>{ "请为本次服务评价（好差评）" }</legend>
                        { for GRADES.iter().map(|(g, label)| {
                            let g = *g;
                            let (handle, problem) = (grade.clone(), problem.clone());
                            let onclick = Callback::from(move |_| { handle.set(Some(g)); problem.set(None); });
                            let id = format!("grade-{g}");
                            html! {
                                <div class="choice">
                                    <input type="radio" name="grade" id={id.clone()} value={g.to_string()} checked={*grade == Some(g)} {onclick} />
                                    <label for={id}>{ *label }</label>
                                </div>
                            }
                        }) }
                    </fieldset>
                    <div class="field">
                        <label for="rating-reason">{ if grade.is_some_and(|g| g <= 2) { "不满意的原因（必填）" } else { "意见或建议（选填）" } }</label>
                        <textarea id="rating-reason" rows="3" value={(*reason).clone()} oninput={on_reason} />
                    </div>
                    <button type="submit" class="primary" disabled={*busy}>{ "提交评价" }</button>
                </form>
            }
        </div>
    }
}
