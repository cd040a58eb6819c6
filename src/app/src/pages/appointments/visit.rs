//! 预约上门: a home visit for someone who cannot come to the office (行动不便, 高龄, 残疾) —
//! for whom (本人 or a bound family member), why, where, a phone, and two or three half days.

use super::{chip, error_line, half_day, ItemProps};
use crate::api::appointments::{self as api, HomeVisitRequest};
use crate::api::{family, refusals::refusal};
use crate::router::use_navigator;
use crate::{route::Route, session, shell};
use tongban_rules::api::Member;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const REASONS: [(&str, &str); 3] = [
    ("mobility", "行动不便"),
    ("elderly", "高龄"),
    ("disability", "残疾"),
];

#[component]
pub fn VisitPage(props: &ItemProps) -> Html {
    let halves = use_state(Vec::<String>::new);
    let picked = use_state(Vec::<String>::new);
    let reason = use_state(|| None::<&'static str>);
    let problem = use_state(|| None::<String>);
    // 为谁申请: the live bindings this citizen acts for, and the one chosen (`None`: 本人).
    let members = use_state(Vec::<Member>::new);
    let for_whom = use_state(|| None::<String>);
    let navigator = use_navigator();
    {
        let (halves, members) = (halves.clone(), members.clone());
        use_effect_with((), move |_| {
            shell::set_title("预约上门");
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(h) = api::half_days().await {
                    halves.set(h);
                }
            });
            wasm_bindgen_futures::spawn_local(async move {
                members.set(family::live_members().await);
            });
        });
    }
    let submit = {
        let (region, id) = (props.region.clone(), props.id.clone());
        let (picked, reason, problem) = (picked.clone(), reason.clone(), problem.clone());
        let for_whom = for_whom.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |id: &str| {
                gloo::utils::document()
                    .get_element_by_id(id)
                    .and_then(|el| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(el).ok())
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let req = HomeVisitRequest {
                region: region.clone(),
                item_id: id.clone(),
                address: value("visit-address"),
                reason: reason.unwrap_or_default().to_owned(),
                preferred: (*picked).clone(),
                phone: value("visit-phone"),
                receipt_no: None,
                on_behalf_of: (*for_whom).clone(),
            };
            let (problem, navigator) = (problem.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if session::ensure().await.is_none() {
                    problem.set(Some("请先登录后再申请".into()));
                    return;
                }
                match api::ask_visit(&req).await {
                    Ok(_) => {
                        if let Some(n) = navigator {
                            n.push(&Route::Appointments)
                        }
                    }
                    Err(e) => problem.set(Some(refusal(&e))),
                }
            });
        })
    };
    let choice = |id: Option<String>, label: String| {
        let on = *for_whom == id;
        let f = for_whom.clone();
        html! {
            <label class="choice">
                <input type="radio" name="visit-for-whom" value={id.clone().unwrap_or_else(|| "self".into())}
                    checked={on} onchange={Callback::from(move |_: Event| f.set(id.clone()))} />
                { label }
            </label>
        }
    };
    // Always one node, so the fields after it keep their places when the members arrive.
    let for_whom_view = html! {
        if !members.is_empty() {
            <fieldset class="for-whom visit-for-whom">
                <legend>{ "为谁申请" }</legend>
                { choice(None, "本人".into()) }
                { for members.iter().map(|m| choice(Some(m.id.clone()), crate::pages::family::named(m))) }
                if for_whom.is_some() { <p class="hint">{ "上门服务将记在家人名下，家人在自己的“我的预约”中也能看到。请填写家人的上门地址和联系电话。" }</p> }
            </fieldset>
        }
    };
    html! {
        <section class="visit" aria-labelledby="visit-title">
            <h2 id="visit-title">{ "预约上门" }</h2>
            <p class="lead">{ "行动不便、高龄或残疾的群众，可预约工作人员上门办理。" }</p>
            <form onsubmit={submit} novalidate=true>
                { for_whom_view }
                <div class="reasons" role="group" aria-label="申请原因">
                    { for REASONS.iter().map(|(code, label)| {
                        let (r, on) = (reason.clone(), *reason == Some(*code));
                        chip("reason", on, (*label).into(), Callback::from(move |_| r.set(Some(code))))
                    }) }
                </div>
                <div class="field">
                    <label for="visit-address">{ "上门地址" }</label>
                    <input id="visit-address" type="text" autocomplete="street-address" />
                </div>
                <div class="field">
                    <label for="visit-phone">{ "联系电话" }</label>
                    <input id="visit-phone" type="tel" inputmode="tel" autocomplete="tel" />
                </div>
                <p class="hint">{ "请选择两到三个方便的时间（工作日）" }</p>
                <div class="half-days" role="group" aria-label="方便上门的时间">
                    { for halves.iter().map(|h| {
                        let on = picked.contains(h);
                        let (picked, h2) = (picked.clone(), h.clone());
                        chip("half-day", on, half_day(h), Callback::from(move |_| {
                            let mut p = (*picked).clone();
                            if let Some(i) = p.iter().position(|x| *x == h2) { p.remove(i); } else if p.len() < 3 { p.push(h2.clone()); }
                            picked.set(p);
                        }))
                    }) }
                </div>
                { error_line(&problem) }
                <button type="submit" class="primary">{ "提交上门申请" }</button>
            </form>
        </section>
    }
}
