//! 预约上门: a home visit for someone who cannot come to the office (行动不便, 高龄, 残疾),
//! one question per page (GOV.UK): for whom (本人 or a bound family member, when there is
//! one), why, where, a phone, two or three half days, then a page to check the answers (each
//! with 修改) before 提交上门申请. Each page checks its answer with the rules crate's own
//! function (`HomeVisitRequest::field_errors`, which the gateway runs again); the answers and
//! the page are kept on the device, so a reload loses nothing; submitted, they go.

use super::visit_draft::{Page, VisitDraft};
use super::{chip, error_line, half_day, ItemProps};
use crate::api::appointments::{self as api};
use crate::api::{family, refusals::refusal};
use crate::components::field::focus_id_later;
use crate::router::use_navigator;
use crate::{route::Route, session, shell};
use tongban_rules::api::{reason_label, Member};
use tongban_rules::FieldError;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const REASONS: [(&str, &str); 3] = [
    ("mobility", "行动不便"),
    ("elderly", "高龄"),
    ("disability", "残疾"),
];

fn card(label: &str, value: String, page: Page, go: &Callback<Page>) -> Html {
    let go = go.clone();
    let onclick = Callback::from(move |_: MouseEvent| go.emit(page));
    html! {
        <div class="card">
            <dt>{ label }</dt>
            <dd>{ value }<button type="button" class="link-button edit" {onclick}>{ "修改" }</button></dd>
        </div>
    }
}

#[component]
pub fn VisitPage(props: &ItemProps) -> Html {
    let storage = VisitDraft::storage_key(&props.region, &props.id);
    let draft = use_state(|| VisitDraft::load(&storage));
    let halves = use_state(Vec::<String>::new);
    // The answer of the page shown is checked: its error shows until it changes.
    let shown_error = use_state(|| None::<FieldError>);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    // 为谁申请: the live bindings this citizen acts for (a page of its own when there are any).
    let members = use_state(Vec::<Member>::new);
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
    {
        let storage = storage.clone();
        use_effect_with((*draft).clone(), move |d| d.save(&storage));
    }
    let pages = Page::all(!members.is_empty());
    let page = draft.page_in(&pages);
    let update = {
        let (draft, shown_error) = (draft.clone(), shown_error.clone());
        move |f: Box<dyn Fn(&mut VisitDraft)>| {
            let mut d = (*draft).clone();
            f(&mut d);
            draft.set(d);
            shown_error.set(None);
        }
    };
    let go = {
        let (draft, shown_error, problem) = (draft.clone(), shown_error.clone(), problem.clone());
        Callback::from(move |to: Page| {
            draft.set(VisitDraft {
                page: Some(to),
                ..(*draft).clone()
            });
            shown_error.set(None);
            problem.set(None);
            gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
        })
    };
    let req = draft.request(&props.region, &props.id);
    let errors = req.field_errors();
    let error_of = |p: Page| errors.iter().find(|e| p.asks(&e.field)).cloned();
    let on_next = {
        let (go, shown_error) = (go.clone(), shown_error.clone());
        let (error, next) = (error_of(page), page.after(&pages));
        Callback::from(move |_: MouseEvent| match &error {
            Some(e) => {
                shown_error.set(Some(e.clone()));
                focus_id_later(page.focus().into());
            }
            None => go.emit(next),
        })
    };
    let on_back = {
        let (go, back) = (go.clone(), page.before(&pages));
        Callback::from(move |_: MouseEvent| match back {
            Some(p) => go.emit(p),
            None => {
                let _ = gloo::utils::window().history().map(|h| h.back());
            }
        })
    };
    let submit = {
        let (problem, busy, navigator) = (problem.clone(), busy.clone(), navigator.clone());
        let (go, storage, req) = (go.clone(), storage.clone(), req.clone());
        let first = errors.first().map(|e| Page::asking(&e.field));
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(p) = first {
                go.emit(p);
                return;
            }
            let (problem, busy, navigator) = (problem.clone(), busy.clone(), navigator.clone());
            let (storage, req) = (storage.clone(), req.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                if session::ensure().await.is_none() {
                    problem.set(Some("请先登录后再申请".into()));
                    busy.set(false);
                    return;
                }
                match api::ask_visit(&req).await {
                    Ok(_) => {
                        VisitDraft::clear(&storage);
                        if let Some(n) = navigator {
                            n.push(&Route::Appointments)
                        }
                    }
                    Err(e) => {
                        busy.set(false);
                        problem.set(Some(refusal(&e)));
                    }
                }
            });
        })
    };
    let error_line_of = |p: Page| -> Html {
        match (*shown_error).as_ref().filter(|e| p.asks(&e.field)) {
            Some(e) => {
                html! { <p class="error" id={format!("{}-error", p.focus())} role="alert">{ &e.message }</p> }
            }
            None => html! {},
        }
    };
    let text_input = |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      auto: &'static str,
                      value: String,
                      set: fn(&mut VisitDraft, String)| {
        let update = update.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            update(Box::new(move |d: &mut VisitDraft| set(d, v.clone())));
        });
        let invalid = shown_error.is_some().then_some("true");
        html! {
            <div class={classes!("field", shown_error.is_some().then_some("has-error"))}>
                <label for={id}><h3 class="question">{ label }</h3></label>
                <input {id} type={kind} inputmode={kind} autocomplete={auto} {value} {oninput}
                    aria-invalid={invalid} aria-describedby={shown_error.is_some().then(|| format!("{id}-error"))} />
            </div>
        }
    };
    let choice = |id: Option<String>, label: String| {
        let on = draft.for_whom == id;
        let update = update.clone();
        html! {
            <label class="choice">
                <input type="radio" name="visit-for-whom" id={(id.is_none()).then_some("visit-for-whom")}
                    value={id.clone().unwrap_or_else(|| "self".into())} checked={on}
                    onchange={Callback::from(move |_: Event| { let id = id.clone(); update(Box::new(move |d: &mut VisitDraft| d.for_whom = id.clone())) })} />
                { label }
            </label>
        }
    };
    let member_name = |id: &Option<String>| match id {
        None => "本人".to_owned(),
        Some(id) => members
            .iter()
            .find(|m| &m.id == id)
            .map_or_else(|| "家人".into(), crate::pages::family::named),
    };
    let body = match page {
        Page::ForWhom => html! {
            <fieldset class="for-whom visit-for-whom">
                <legend><h3 class="question">{ "为谁申请上门服务？" }</h3></legend>
                { choice(None, "本人".into()) }
                { for members.iter().map(|m| choice(Some(m.id.clone()), crate::pages::family::named(m))) }
                if draft.for_whom.is_some() { <p class="hint">{ "上门服务将记在家人名下，家人在自己的“我的预约”中也能看到。接下来请填写家人的上门地址和联系电话。" }</p> }
            </fieldset>
        },
        Page::Reason => html! {
            <fieldset class="reasons-page">
                <legend><h3 class="question">{ "为什么需要上门办理？" }</h3></legend>
                <div class="reasons" role="group" aria-label="申请原因">
                    { for REASONS.iter().enumerate().map(|(i, (code, label))| {
                        let update = update.clone();
                        let on = draft.reason == *code;
                        let c = chip("reason", on, (*label).into(), Callback::from(move |_| update(Box::new(move |d: &mut VisitDraft| d.reason = (*code).into()))));
                        if i == 0 { html! { <span id="visit-reason" tabindex="-1">{ c }</span> } } else { c }
                    }) }
                </div>
                { error_line_of(Page::Reason) }
            </fieldset>
        },
        Page::Address => html! {
            <>
            { text_input("visit-address", "上门地址", "text", "street-address", draft.address.clone(), |d, v| d.address = v) }
            <p class="hint">{ "请写到门牌号，例如：广州市越秀区梅花村街道某巷7号" }</p>
            { error_line_of(Page::Address) }
            </>
        },
        Page::Phone => html! {
            <>
            { text_input("visit-phone", "联系电话", "tel", "tel", draft.phone.clone(), |d, v| d.phone = v) }
            <p class="hint">{ "工作人员上门前会打这个电话与您确认" }</p>
            { error_line_of(Page::Phone) }
            </>
        },
        Page::Times => html! {
            <fieldset class="times-page">
                <legend><h3 class="question">{ "哪些时间方便上门？" }</h3></legend>
                <p class="hint">{ "请选择两到三个（工作日）" }</p>
                <div class="half-days" role="group" aria-label="方便上门的时间" id="visit-times" tabindex="-1">
                    { for halves.iter().map(|h| {
                        let on = draft.preferred.contains(h);
                        let (update, h2) = (update.clone(), h.clone());
                        chip("half-day", on, half_day(h), Callback::from(move |_| {
                            let h2 = h2.clone();
                            update(Box::new(move |d: &mut VisitDraft| d.toggle(&h2)))
                        }))
                    }) }
                </div>
                { error_line_of(Page::Times) }
            </fieldset>
        },
        Page::Check => html! {
            <div class="visit-check">
                <h3 class="question" id="visit-check" tabindex="-1">{ "请核对上门申请" }</h3>
                <dl class="cards">
                    if !members.is_empty() { { card("为谁申请", member_name(&draft.for_whom), Page::ForWhom, &go) } }
                    { card("申请原因", reason_label(&draft.reason).unwrap_or("未选择").into(), Page::Reason, &go) }
                    { card("上门地址", draft.address.clone(), Page::Address, &go) }
                    { card("联系电话", draft.phone.clone(), Page::Phone, &go) }
                    { card("方便的时间", draft.preferred.iter().map(|h| half_day(h)).collect::<Vec<_>>().join("、"), Page::Times, &go) }
                </dl>
                <p>{ "提交后，经办机构会电话联系您确认上门时间；上门人员的姓名、工号和电话会显示在“我的预约”中，请核对后再开门。" }</p>
            </div>
        },
    };
    let (at, of) = (
        pages.iter().position(|p| *p == page).unwrap_or(0) + 1,
        pages.len(),
    );
    html! {
        <section class="visit one-thing" aria-labelledby="visit-title" data-page={page.name()}>
            <button type="button" class="back link-button" onclick={on_back}>{ "‹ 返回" }</button>
            <h2 id="visit-title">{ "预约上门" }</h2>
            <p class="step-count">{ format!("第 {at} 步，共 {of} 步") }</p>
            if page == pages[0] { <p class="lead">{ "行动不便、高龄或残疾的群众，可预约工作人员上门办理。" }</p> }
            <form onsubmit={submit} novalidate=true>
                { body }
                { error_line(&problem) }
                if page == Page::Check {
                    <button type="submit" class="primary" disabled={*busy}>{ if *busy { "正在提交…" } else { "提交上门申请" } }</button>
                } else {
                    <button key={page.name()} type="button" class="primary next" onclick={on_next}>{ "下一步" }</button>
                }
            </form>
        </section>
    }
}
