//! 预约: 我的预约 (hall appointments and home visits, each cancellable until the day before),
//! 预约办理 (a place in an office's slot) and 预约上门 (a home visit request). Loaded only when
//! one of these pages is opened.

use crate::api::appointments::{
    self as api, Booking, HomeVisitRequest, MyAppointments, OfficeSlots,
};
use crate::api::{family, offices, ApiError};
use crate::components::notice::{failure, skeleton, Loaded};
use crate::router::{use_navigator, Link};
use crate::{route::Route, session, shell};
use tongban_rules::api::Member;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the citizen reads for a refusal of these pages.
fn refusal(e: &ApiError) -> String {
    match e.code() {
        "slot_full" => "这个时段已约满，请选择其他时段。".into(),
        "already_booked" => "您已预约这个时段，可在“我的预约”中查看。".into(),
        "too_late_to_cancel" => "预约前一天起不能在线取消，如不能前往请致电网点。".into(),
        "too_many_appointments" => "您的预约已达上限，请先办理或取消已有预约。".into(),
        "no_hall_appointments" => "该网点暂未开放在线预约，请致电网点。".into(),
        _ => match e {
            ApiError::Invalid(errors) => errors
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join("；"),
            e => e.text(),
        },
    }
}

/// `2026-12-01 am` → `12月1日 上午`.
fn half_day(text: &str) -> String {
    let (day, half) = text.split_once(' ').unwrap_or((text, ""));
    let md = day.get(5..).unwrap_or(day).replacen('-', "月", 1);
    let md = md.trim_start_matches('0').replace("月0", "月");
    let half = if half == "am" { "上午" } else { "下午" };
    format!("{md}日 {half}")
}

fn error_line(problem: &Option<String>) -> Html {
    match problem {
        Some(p) => html! { <p class="error" role="alert">{ p }</p> },
        None => html! {},
    }
}

#[component]
pub fn MyAppointmentsPage() -> Html {
    let mine = use_state(|| None::<Result<MyAppointments, ApiError>>);
    let attempt = use_state(|| 0u32);
    let problem = use_state(|| None::<String>);
    {
        let mine = mine.clone();
        use_effect_with(*attempt, move |_| {
            shell::set_title("我的预约");
            wasm_bindgen_futures::spawn_local(async move {
                if session::ensure().await.is_none() {
                    mine.set(Some(Ok(MyAppointments::default())));
                    return;
                }
                mine.set(Some(api::mine().await));
            });
        });
    }
    let reload = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    let cancel = |id: String, visit: bool| {
        let (attempt, problem) = (attempt.clone(), problem.clone());
        Callback::from(move |_| {
            let (id, attempt, problem) = (id.clone(), attempt.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let done = if visit {
                    api::cancel_visit(&id).await
                } else {
                    api::cancel(&id).await
                };
                problem.set(done.err().map(|e| refusal(&e)));
                attempt.set(*attempt + 1);
            });
        })
    };
    let body = match &*mine as &Loaded<MyAppointments> {
        None => skeleton(),
        Some(Err(e)) => failure(e, reload),
        Some(Ok(m)) if m.appointments.is_empty() && m.home_visits.is_empty() => {
            html! { <p class="empty">{ "您还没有预约。可在办事指南中选择“预约办理”或“预约上门”。" }</p> }
        }
        Some(Ok(m)) => html! {
            <>
                <ul class="appointments">
                    { for m.appointments.iter().map(|a| html! {
                        <li class="appointment" data-status={a.status.clone()}>
                            <span class="item-name">{ &a.item_name }</span>
                            <span class={format!("status status-{}", a.status)}>{ &a.label }</span>
                            <span class="meta">{ format!("{} {} {}", a.office_name, a.day, a.slot) }</span>
                            if a.cancellable {
                                <button type="button" class="secondary cancel" onclick={cancel(a.id.clone(), false)}>{ "取消预约" }</button>
                            }
                        </li>
                    }) }
                </ul>
                <ul class="home-visits">
                    { for m.home_visits.iter().map(|v| html! {
                        <li class="home-visit" data-status={v.status.clone()}>
                            <span class="item-name">{ format!("上门服务：{}", v.item_name) }</span>
                            <span class={format!("status status-{}", v.status)}>{ &v.label }</span>
                            if let Some(s) = &v.slot { <span class="meta slot">{ format!("上门时间：{}", half_day(s)) }</span> }
                            if let Some(c) = &v.clerk { <span class="meta">{ format!("工作人员：{c}") }</span> }
                            <ol class="steps">{ for v.steps.iter().map(|s| html! { <li>{ &s.label }{ s.note.as_ref().map(|n| format!("：{n}")).unwrap_or_default() }</li> }) }</ol>
                            if v.cancellable {
                                <button type="button" class="secondary cancel" onclick={cancel(v.id.clone(), true)}>{ "取消上门申请" }</button>
                            }
                        </li>
                    }) }
                </ul>
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

#[derive(Properties, PartialEq)]
pub struct ItemProps {
    pub region: String,
    pub id: String,
}

/// The first office of the region taking appointments, and its slots.
async fn first_bookable(region: &str) -> Result<Option<OfficeSlots>, ApiError> {
    for o in offices::offices(region, None).await? {
        if o.booking.is_some() {
            return api::slots(region, &o.id).await.map(Some);
        }
    }
    Ok(None)
}

#[component]
pub fn BookPage(props: &ItemProps) -> Html {
    let slots = use_state(|| None::<Result<Option<OfficeSlots>, ApiError>>);
    let items = use_state(Vec::<(String, String)>::new);
    let item = use_state(|| (props.id != "-").then(|| props.id.clone()));
    let day = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    let attempt = use_state(|| 0u32);
    let navigator = use_navigator();
    {
        let (slots, items, need_items) = (slots.clone(), items.clone(), props.id == "-");
        use_effect_with((props.region.clone(), *attempt), move |(region, _)| {
            shell::set_title("预约办理");
            let region = region.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if need_items {
                    if let Ok(c) = crate::api::catalog(Some(&region)).await {
                        items.set(c.items.into_iter().map(|i| (i.id, i.name)).collect());
                    }
                }
                slots.set(Some(first_bookable(&region).await));
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    let on_item = {
        let item = item.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            item.set((!v.is_empty()).then_some(v));
        })
    };
    let body = match &*slots as &Loaded<Option<OfficeSlots>> {
        None => skeleton(),
        Some(Err(e)) => failure(e, retry),
        Some(Ok(None)) => {
            html! { <p class="empty">{ "本地区的网点暂未开放在线预约，请致电网点或选择“预约上门”。" }</p> }
        }
        Some(Ok(Some(s))) => {
            let mut days: Vec<&str> = s.slots.iter().map(|x| x.day.as_str()).collect();
            days.dedup();
            let chosen = (*day)
                .clone()
                .unwrap_or_else(|| days.first().map(|d| d.to_string()).unwrap_or_default());
            let book = |slot: String| {
                let (region, office, item, day, problem, navigator) = (
                    props.region.clone(),
                    s.office.clone(),
                    item.clone(),
                    chosen.clone(),
                    problem.clone(),
                    navigator.clone(),
                );
                Callback::from(move |_| {
                    let Some(item_id) = (*item).clone() else {
                        problem.set(Some("请先选择要办理的事项".into()));
                        return;
                    };
                    let b = Booking {
                        region: region.clone(),
                        item_id,
                        office: office.clone(),
                        day: day.clone(),
                        slot: slot.clone(),
                        receipt_no: None,
                    };
                    let (problem, navigator) = (problem.clone(), navigator.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        if session::ensure().await.is_none() {
                            problem.set(Some("请先登录后再预约".into()));
                            return;
                        }
                        match api::book(&b).await {
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
            html! {
                <>
                    <h3 class="office-name">{ &s.office_name }</h3>
                    <div class="days" role="group" aria-label="预约日期">
                        { for days.iter().map(|d| {
                            let (day, d2) = (day.clone(), d.to_string());
                            let on = d2 == chosen;
                            html! { <button type="button" class={if on { "primary day" } else { "secondary day" }} aria-pressed={on.to_string()}
                                onclick={Callback::from(move |_| day.set(Some(d2.clone())))}>{ d.get(5..).unwrap_or(d) }</button> }
                        }) }
                    </div>
                    <div class="slots" role="group" aria-label="预约时段">
                        { for s.slots.iter().filter(|x| x.day == chosen).map(|x| html! {
                            <button type="button" class="secondary slot" disabled={x.free == 0} onclick={book(x.slot.clone())}>
                                { format!("{} 余{}", x.slot, x.free) }
                            </button>
                        }) }
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="book" aria-labelledby="book-title">
            <h2 id="book-title">{ "预约办理" }</h2>
            if props.id == "-" {
                <div class="field">
                    <label for="book-item">{ "办理事项" }</label>
                    <select id="book-item" onchange={on_item}>
                        <option value="">{ "请选择" }</option>
                        { for items.iter().map(|(id, name)| html! { <option value={id.clone()}>{ name }</option> }) }
                    </select>
                </div>
            }
            { error_line(&problem) }
            { body }
        </section>
    }
}

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
                        html! { <button type="button" class={if on { "primary reason" } else { "secondary reason" }} aria-pressed={on.to_string()}
                            onclick={Callback::from(move |_| r.set(Some(code)))}>{ *label }</button> }
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
                        html! { <button type="button" class={if on { "primary half-day" } else { "secondary half-day" }} aria-pressed={on.to_string()}
                            onclick={Callback::from(move |_| {
                                let mut p = (*picked).clone();
                                if let Some(i) = p.iter().position(|x| *x == h2) { p.remove(i); } else if p.len() < 3 { p.push(h2.clone()); }
                                picked.set(p);
                            })}>{ half_day(h) }</button> }
                    }) }
                </div>
                { error_line(&problem) }
                <button type="submit" class="primary">{ "提交上门申请" }</button>
            </form>
        </section>
    }
}
