//! 我的办件: the applications of this device's citizen, newest first; and the lookup of any
//! application by receipt number + the last 6 characters of the ID number (sent in a header,
//! never in the URL), its progress shown right here.

use crate::api::applications::{self, Progress};
use crate::api::{me, ApiError};
use crate::components::actions::Actions;
use crate::components::notice::{failure, skeleton, Loaded};
use crate::components::receipt_no;
use crate::components::timeline::Timeline;
use crate::dates::chinese_time;
use crate::load::{use_load, Load};
use crate::router::Link;
use crate::{json, route::Route, session, shell};
use gloo::storage::SessionStorage;
use web_sys::HtmlInputElement;
use yew::prelude::*;

fn list(items: &[me::Summary]) -> Html {
    if items.is_empty() {
        return html! { <p class="empty">{ "您还没有在本机提交过申请。" }</p> };
    }
    html! {
        <ul class="applications">
            { for items.iter().map(|a| html! {
                <li class="application" data-receipt={a.receipt_no.clone()}>
                    <Link to={Route::Progress { receipt_no: a.receipt_no.clone() }} classes="application-link">
                        <span class="item-name">{ &a.item_name }</span>
                        <span class={format!("status status-{}", a.status.code())}>{ &a.status_label }</span>
                        <span class="meta">{ format!("提交于 {}", chinese_time(&a.submitted_at)) }</span>
                        <span class="meta">{ "受理编号 " }<span class="receipt-no">{ receipt_no::groups(&a.receipt_no) }</span></span>
                        if let Some(unit) = a.acting.as_ref().and_then(|x| x.unit.as_ref()) {
                            <span class="meta acting-unit">{ format!("经办单位：{unit}") }</span>
                        }
                    </Link>
                </li>
            }) }
        </ul>
    }
}

/// What was typed into the input `id`.
fn input_value(id: &str) -> String {
    gloo::utils::document()
        .get_element_by_id(id)
        .map(|e| wasm_bindgen::JsCast::unchecked_into::<HtmlInputElement>(e).value())
        .unwrap_or_default()
}

#[component]
pub fn Mine() -> Html {
    use_effect_with((), |_| shell::set_title("我的办件"));
    let Load { state: mine, retry } = use_load((), |_| async {
        if session::ensure().await.is_none() {
            return Ok(vec![]);
        }
        me::applications().await
    });
    let found = use_state(|| None::<Result<Progress, ApiError>>);
    let problem = use_state(|| None::<&'static str>);
    let on_lookup = {
        let (found, problem) = (found.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // The number with the gateway's own rule (any spacing, either case, O/I/L read as
            // 0/1/1); the verifier with the ID number's (spaces dropped, full-width made
            // half-width, upper case): the gateway reads both the same way.
            let Some(no) = tongban_rules::receipt_no::parse(&input_value("lookup-no")) else {
                problem.set(Some("受理编号为 TB 开头的18位字母和数字，请核对"));
                return;
            };
            let verifier =
                tongban_rules::validate::identifier::id_number(&input_value("lookup-verifier"));
            if verifier.chars().count() != 6 {
                problem.set(Some("请填写证件号码的后6位"));
                return;
            }
            problem.set(None);
            let found = found.clone();
            wasm_bindgen_futures::spawn_local(async move {
                found.set(Some(applications::progress(&no, Some(&verifier)).await));
            });
        })
    };
    // Filled in when a progress page could not open this number here (`progress::LOOKUP_NO`).
    let lookup_no = use_memo((), |_| {
        json::load_in::<SessionStorage, String>(super::progress::LOOKUP_NO).unwrap_or_default()
    });
    // Put in once, after the first render: an input with a `value` would be reset to it by every
    // re-render (the list arriving after the citizen started typing, a lookup's answer).
    {
        let lookup_no = (*lookup_no).clone();
        use_effect_with((), move |_| {
            if let Some(input) = gloo::utils::document().get_element_by_id("lookup-no") {
                if !lookup_no.is_empty() {
                    wasm_bindgen::JsCast::unchecked_into::<HtmlInputElement>(input)
                        .set_value(&lookup_no);
                }
            }
        });
    }
    let signed_out = use_state(|| false);
    let leaving = use_state(|| false);
    let ask_logout = |on: bool| {
        let leaving = leaving.clone();
        Callback::from(move |_: MouseEvent| leaving.set(on))
    };
    let on_logout = {
        let (mine, signed_out, leaving) = (mine.clone(), signed_out.clone(), leaving.clone());
        Callback::from(move |_| {
            leaving.set(false);
            let (mine, signed_out) = (mine.clone(), signed_out.clone());
            wasm_bindgen_futures::spawn_local(async move {
                session::logout().await;
                mine.set(Some(Ok(vec![])));
                signed_out.set(true);
            });
        })
    };
    let on_change = {
        let found = found.clone();
        Callback::from(move |p: Progress| found.set(Some(Ok(p))))
    };
    let mine_view = match &*mine as &Loaded<Vec<me::Summary>> {
        None => skeleton(),
        Some(Err(e)) => failure(e, retry),
        Some(Ok(items)) => list(items),
    };
    let result = match &*found {
        None => html! {},
        Some(Err(e)) => html! { <p class="notice failure" role="alert">{ e.text() }</p> },
        Some(Ok(p)) => {
            html! { <><Timeline progress={p.clone()} /><Actions progress={p.clone()} {on_change} /></> }
        }
    };
    html! {
        <section class="mine" aria-labelledby="mine-title">
            <h2 id="mine-title">{ "我的办件" }</h2>
            <Link to={Route::Appointments} classes="link my-appointments-link">{ "我的预约" }</Link>
            { mine_view }
            <Link to={Route::Family} classes="button secondary family-link">{ "亲情代办：为家人办理" }</Link>
            <form class="lookup" onsubmit={on_lookup} novalidate=true aria-labelledby="lookup-title">
                <h3 id="lookup-title">{ "按受理编号查询" }</h3>
                <div class="field">
                    <label for="lookup-no">{ "受理编号" }</label>
                    <input id="lookup-no" type="text" autocapitalize="characters" autocomplete="off" placeholder="TB 开头的18位编号" />
                </div>
                <div class="field">
                    <label for="lookup-verifier">{ "证件号码后6位" }</label>
                    <input id="lookup-verifier" type="text" inputmode="text" autocomplete="off" maxlength="6"
                        aria-describedby={problem.map(|_| "lookup-error")} />
                </div>
                if let Some(p) = *problem { <p class="error" id="lookup-error" role="alert">{ p }</p> }
                <button type="submit" class="primary">{ "查询进度" }</button>
            </form>
            <div class="lookup-result">{ result }</div>
            if *signed_out {
                <p class="notice" role="status">{ "已退出登录，本机保存的草稿和受理回执已清除。" }</p>
            } else if session::token().is_some() && *leaving {
                <div class="confirm" role="alert">
                    <p>{ "退出后，本机保存的草稿和受理回执会被清除；已提交的申请不受影响，重新登录后仍可查看。确定退出吗？" }</p>
                    <button type="button" class="danger confirm-logout" onclick={on_logout}>{ "确定退出" }</button>
                    <button type="button" class="secondary" onclick={ask_logout(false)}>{ "不退出" }</button>
                </div>
            } else if session::token().is_some() {
                <button type="button" class="secondary logout" onclick={ask_logout(true)}>{ "退出登录" }</button>
            }
        </section>
    }
}
