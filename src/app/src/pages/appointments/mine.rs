//! 我的预约: hall appointments and home visits as cards (label plain, value bold, status in its
//! colour); cancelling says what follows first. A home visit shows who will come and the
//! office's number to check them by before the door is opened.

use super::{error_line, half_day};
use crate::api::appointments::{self as api, MyAppointments};
use crate::api::{offices, refusals::refusal, ApiError};
use crate::components::notice::{failure, skeleton, Loaded};
use crate::load::use_load;
use crate::router::Link;
use crate::{route::Route, session, shell};
use std::collections::BTreeMap;
use tongban_rules::api::{Appointment, HomeVisit};
use yew::prelude::*;

/// 我的预约 and, by region, the office number a home visit is checked by.
#[derive(PartialEq)]
struct Mine {
    list: MyAppointments,
    phones: BTreeMap<String, String>,
}

async fn load() -> Result<Mine, ApiError> {
    if session::ensure().await.is_none() {
        return Ok(Mine {
            list: MyAppointments::default(),
            phones: BTreeMap::new(),
        });
    }
    let list = api::mine().await?;
    let mut phones = BTreeMap::new();
    for v in &list.home_visits {
        if phones.contains_key(&v.region) {
            continue;
        }
        let phone = offices::offices(&v.region, None)
            .await
            .ok()
            .and_then(|all| all.into_iter().find_map(|o| o.phone));
        if let Some(p) = phone {
            phones.insert(v.region.clone(), p);
        }
    }
    Ok(Mine { list, phones })
}

/// Who comes to the door, to check them by: 姓名（工号…） 电话…, as far as the office recorded.
pub fn visitor(v: &HomeVisit) -> Option<String> {
    let name = v.clerk.as_deref()?;
    let mut line = match &v.clerk_work_no {
        Some(no) => format!("{name}（工号 {no}）"),
        None => name.to_owned(),
    };
    if let Some(phone) = &v.clerk_phone {
        line.push_str(&format!(" 电话 {phone}"));
    }
    Some(line)
}

fn card(label: &str, value: String) -> Html {
    html! { <div class="card"><dt>{ label }</dt><dd>{ value }</dd></div> }
}

/// What cancelling does, said before it is done.
fn confirm(what: &str, yes: Callback<MouseEvent>, no: Callback<MouseEvent>) -> Html {
    html! {
        <div class="confirm" role="alert">
            <p>{ format!("取消后，{what}。确定取消吗？") }</p>
            <button type="button" class="danger confirm-cancel" onclick={yes}>{ "确定取消" }</button>
            <button type="button" class="secondary" onclick={no}>{ "不取消" }</button>
        </div>
    }
}

#[component]
pub fn MyAppointmentsPage() -> Html {
    let loaded = use_load((), |()| load());
    let problem = use_state(|| None::<String>);
    let asking = use_state(|| None::<String>);
    use_effect_with((), |_| shell::set_title("我的预约"));
    let ask = |id: Option<String>| {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(id.clone()))
    };
    let cancel = |id: String, visit: bool| {
        let (retry, problem, asking) = (loaded.retry.clone(), problem.clone(), asking.clone());
        Callback::from(move |e: MouseEvent| {
            let (id, retry, problem) = (id.clone(), retry.clone(), problem.clone());
            asking.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let done = if visit {
                    api::cancel_visit(&id).await
                } else {
                    api::cancel(&id).await
                };
                problem.set(done.err().map(|e| refusal(&e)));
                retry.emit(e);
            });
        })
    };
    let hall = |a: &Appointment| {
        html! {
            <li class="appointment" data-status={a.status.clone()}>
                <span class="item-name">{ &a.item_name }</span>
                <span class={format!("status status-{}", a.status)}>{ &a.label }</span>
                <dl class="cards">
                    { card("网点", a.office_name.clone()) }
                    { card("时间", format!("{} {}", crate::dates::day_with_weekday(&a.day), a.slot)) }
                </dl>
                if a.cancellable && asking.as_deref() == Some(a.id.as_str()) {
                    { confirm("这个时段会让给其他人；要办理请重新预约", cancel(a.id.clone(), false), ask(None)) }
                } else if a.cancellable {
                    <button type="button" class="secondary cancel" onclick={ask(Some(a.id.clone()))}>{ "取消预约" }</button>
                }
            </li>
        }
    };
    let visit = |v: &HomeVisit, phones: &BTreeMap<String, String>| {
        let check = phones.get(&v.region).map(|p| {
            format!("上门前请拨打 {p} 核实上门人员的姓名和工号；不要向任何人透露密码或验证码。")
        });
        html! {
            <li class="home-visit" data-status={v.status.clone()}>
                <span class="item-name">{ format!("上门服务：{}", v.item_name) }</span>
                <span class={format!("status status-{}", v.status)}>{ &v.label }</span>
                <dl class="cards">
                    if let Some(s) = &v.slot { { card("上门时间", half_day(s)) } }
                    if let Some(c) = visitor(v) { { card("上门人员", c) } }
                    if let Some(a) = &v.address { { card("上门地址", a.clone()) } }
                    if let Some(p) = phones.get(&v.region) { { card("经办机构电话", p.clone()) } }
                </dl>
                if let Some(c) = check { <p class="hint verify">{ c }</p> }
                <ol class="visit-steps">{ for v.steps.iter().map(|s| html! { <li>{ &s.label }{ s.note.as_ref().map(|n| format!("：{n}")).unwrap_or_default() }</li> }) }</ol>
                if v.cancellable && asking.as_deref() == Some(v.id.as_str()) {
                    { confirm("工作人员不会上门；要办理请重新申请", cancel(v.id.clone(), true), ask(None)) }
                } else if v.cancellable {
                    <button type="button" class="secondary cancel" onclick={ask(Some(v.id.clone()))}>{ "取消上门申请" }</button>
                }
            </li>
        }
    };
    let body = match &*loaded.state as &Loaded<Mine> {
        None => skeleton(),
        Some(Err(e)) => failure(e, loaded.retry.clone()),
        Some(Ok(m)) if m.list.appointments.is_empty() && m.list.home_visits.is_empty() => {
            html! { <p class="empty">{ "您还没有预约。可在办事指南中选择“预约办理”或“预约上门”。" }</p> }
        }
        Some(Ok(m)) => html! {
            <>
                <ul class="appointments">{ for m.list.appointments.iter().map(hall) }</ul>
                <ul class="home-visits">{ for m.list.home_visits.iter().map(|v| visit(v, &m.phones)) }</ul>
            </>
        },
    };
    html! {
        <section class="my-appointments" aria-labelledby="appointments-title">
            <h2 id="appointments-title">{ "我的预约" }</h2>
            { error_line(&problem) }
            { body }
            <Link to={Route::Mine} classes="link">{ "查看我的办件" }</Link>
        </section>
    }
}
