//! 预约办理, one thing per page: the day and the time (chips that keep their size and show a
//! tick when chosen; nothing is booked yet), then a page that says what is being booked — the
//! day with its weekday, the time, the office's address and phone, what to bring — with one
//! main button, 确认预约.

use super::{chip, error_line, ItemProps};
use crate::api::appointments::{self as api, Booking, OfficeSlots};
use crate::api::{offices, refusals::refusal, ApiError};
use crate::components::notice::{failure, skeleton, Loaded};
use crate::dates::day_with_weekday;
use crate::load::use_load;
use crate::router::{use_navigator, Link};
use crate::{route::Route, session, shell};
use yew::prelude::*;

/// The first office of the region taking appointments: its slots, address and phone.
#[derive(PartialEq)]
struct Place {
    slots: OfficeSlots,
    address: String,
    phone: Option<String>,
}

/// What the page needs: the region's items (when the item is chosen here) and the place.
#[derive(PartialEq)]
struct Offer {
    items: Vec<(String, String)>,
    place: Option<Place>,
}

async fn load(region: String, need_items: bool) -> Result<Offer, ApiError> {
    let items = if need_items {
        crate::api::catalog(Some(&region))
            .await
            .map(|c| c.items.into_iter().map(|i| (i.id, i.name)).collect())
            .unwrap_or_default()
    } else {
        vec![]
    };
    for o in offices::offices(&region, None).await? {
        if o.booking.is_some() {
            let slots = api::slots(&region, &o.id).await?;
            let place = Place {
                slots,
                address: o.address,
                phone: o.phone,
            };
            return Ok(Offer {
                items,
                place: Some(place),
            });
        }
    }
    Ok(Offer { items, place: None })
}

/// The item's name and what to bring: its materials as its guide lists them (empty when
/// unknown).
async fn to_bring(region: String, id: String) -> (String, Vec<String>) {
    match crate::api::catalogue::item(&region, &id).await {
        Ok(v) => (
            v.item.name,
            v.item.materials.into_iter().map(|m| m.name).collect(),
        ),
        Err(_) => (String::new(), vec![]),
    }
}

fn card(label: &str, value: Html) -> Html {
    html! { <div class="card"><dt>{ label }</dt><dd>{ value }</dd></div> }
}

#[component]
pub fn BookPage(props: &ItemProps) -> Html {
    let need_items = props.id == "-";
    let offer = use_load((props.region.clone(), need_items), |(r, n)| load(r, n));
    let item = use_state(|| (!need_items).then(|| props.id.clone()));
    let day = use_state(|| None::<String>);
    let slot = use_state(|| None::<String>);
    let confirming = use_state(|| false);
    let bring = use_state(|| (String::new(), Vec::<String>::new()));
    let problem = use_state(|| None::<String>);
    let navigator = use_navigator();
    use_effect_with((), |_| shell::set_title("预约办理"));
    let on_item = {
        let item = item.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            item.set((!v.is_empty()).then_some(v));
        })
    };
    let Some(Ok(Offer {
        items,
        place: Some(place),
    })) = &*offer.state as &Loaded<Offer>
    else {
        let body = match &*offer.state {
            None => skeleton(),
            Some(Err(e)) => failure(e, offer.retry.clone()),
            Some(Ok(_)) => html! {
                <p class="empty">{ "本地区的网点暂未开放在线预约，请致电网点或选择“预约上门”。" }</p>
            },
        };
        return html! {
            <section class="book one-thing" aria-labelledby="book-title">
                <h2 id="book-title">{ "预约办理" }</h2>
                { body }
            </section>
        };
    };
    let s = &place.slots;
    let mut days: Vec<&str> = s.slots.iter().map(|x| x.day.as_str()).collect();
    days.dedup();
    let chosen_day = (*day)
        .clone()
        .unwrap_or_else(|| days.first().map(|d| d.to_string()).unwrap_or_default());
    let to_confirm = {
        let (item, slot, problem, confirming, bring) = (
            item.clone(),
            slot.clone(),
            problem.clone(),
            confirming.clone(),
            bring.clone(),
        );
        let region = props.region.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(id) = (*item).clone() else {
                problem.set(Some("请先选择要办理的事项".into()));
                return;
            };
            if slot.is_none() {
                problem.set(Some("请选择一个时段".into()));
                return;
            }
            problem.set(None);
            confirming.set(true);
            let (bring, region) = (bring.clone(), region.clone());
            wasm_bindgen_futures::spawn_local(async move { bring.set(to_bring(region, id).await) });
        })
    };
    if *confirming {
        let booking = Booking {
            region: props.region.clone(),
            item_id: (*item).clone().unwrap_or_default(),
            office: s.office.clone(),
            day: chosen_day.clone(),
            slot: (*slot).clone().unwrap_or_default(),
            receipt_no: None,
        };
        let book = {
            let (problem, navigator) = (problem.clone(), navigator.clone());
            Callback::from(move |_: MouseEvent| {
                let (b, problem, navigator) = (booking.clone(), problem.clone(), navigator.clone());
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
        let back = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(false))
        };
        let (item_name, bring) = &*bring;
        let bring_view = if bring.is_empty() {
            html! { { "本人有效身份证件；其他材料见办事指南" } }
        } else {
            html! { <ul class="bring">{ for bring.iter().map(|m| html! { <li>{ m }</li> }) }</ul> }
        };
        return html! {
            <section class="book one-thing confirm-booking" aria-labelledby="book-title">
                <button type="button" class="back link-button" onclick={back}>{ "‹ 返回" }</button>
                <h2 id="book-title">{ "请确认预约" }</h2>
                <dl class="cards">
                    if !item_name.is_empty() { { card("办理事项", html! { { item_name.clone() } }) } }
                    { card("日期", html! { { day_with_weekday(&chosen_day) } }) }
                    { card("时间", html! { { (*slot).clone().unwrap_or_default() } }) }
                    { card("地点", html! { { format!("{}（{}）", s.office_name, place.address) } }) }
                    if let Some(p) = &place.phone { { card("网点电话", html! { { p.clone() } }) } }
                    { card("请带上", bring_view) }
                </dl>
                <p>{ "确认后将为您保留这个时段。如不能前往，请在前一天之前在“我的预约”中取消。" }</p>
                { error_line(&problem) }
                <button type="button" class="primary confirm-book" onclick={book}>{ "确认预约" }</button>
            </section>
        };
    }
    html! {
        <section class="book one-thing" aria-labelledby="book-title">
            <Link to={Route::Home} classes="back">{ "‹ 返回" }</Link>
            <h2 id="book-title">{ "预约办理" }</h2>
            if need_items {
                <div class="field">
                    <label for="book-item">{ "办理事项" }</label>
                    <select id="book-item" onchange={on_item}>
                        <option value="">{ "请选择" }</option>
                        { for items.iter().map(|(id, name)| html! { <option value={id.clone()} selected={item.as_deref() == Some(id.as_str())}>{ name }</option> }) }
                    </select>
                </div>
            }
            <h3 class="office-name">{ &s.office_name }</h3>
            <p class="hint">{ &place.address }</p>
            <h3 id="days-title">{ "选择日期" }</h3>
            <div class="days" role="group" aria-labelledby="days-title">
                { for days.iter().map(|d| {
                    let (day, slot, d2) = (day.clone(), slot.clone(), d.to_string());
                    chip("day", d2 == chosen_day, day_with_weekday(d), Callback::from(move |_| {
                        slot.set(None);
                        day.set(Some(d2.clone()));
                    }))
                }) }
            </div>
            <h3 id="slots-title">{ "选择时间" }</h3>
            <div class="slots" role="group" aria-labelledby="slots-title">
                { for s.slots.iter().filter(|x| x.day == chosen_day).map(|x| {
                    let (slot, t) = (slot.clone(), x.slot.clone());
                    let on = slot.as_deref() == Some(t.as_str());
                    let label = format!("{} 余{}", x.slot, x.free);
                    if x.free == 0 {
                        html! { <button type="button" class="chip slot" disabled=true>{ label }</button> }
                    } else {
                        chip("slot", on, label, Callback::from(move |_| slot.set(Some(t.clone()))))
                    }
                }) }
            </div>
            { error_line(&problem) }
            <button type="button" class="primary next" onclick={to_confirm}>{ "下一步" }</button>
        </section>
    }
}
