//! 一次性告知: everything a citizen needs before applying — conditions, materials with their
//! 容缺 / 告知承诺 / 免提交 marks, promised and statutory time, the expected completion date from
//! today, levels, scope and channels — and one tap to apply. A fact no source gives reads
//! 以当地经办机构公布为准, never a guess.

use crate::api::{
    self,
    catalogue::{Expected, ItemView},
};
use crate::badges::Badges;
use crate::components::notice::{failure, skeleton, Loaded};
use crate::dates::{chinese_date, chinese_time};
use crate::load::{use_load, Load};
use crate::router::Link;
use crate::{route::Route, shell};
use tongban_rules::api::ListVersion;
use tongban_rules::catalogue::{guide as words, Item, Material};
use tongban_rules::citation::cite;
use yew::prelude::*;

pub use tongban_rules::catalogue::guide::UNKNOWN;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub region: String,
    pub id: String,
}

/// 预计办结, as the gateway counted it from today with its holiday calendar.
pub fn expected(e: Option<&Expected>) -> String {
    e.map_or_else(
        || UNKNOWN.to_owned(),
        |e| words::expected(&chinese_date(&e.due), e.statutory, e.estimated),
    )
}

/// One material: its name, 原件/复印件 and copies where known, the case it is for, 免提交 with
/// why (a 告知承诺 exemption only on a 承诺制 item) or 容缺, and the documents it rests on.
fn material(m: &Material, commitment: bool) -> Html {
    let words::MaterialText {
        exempt,
        deferrable,
        facts,
        when,
        source,
    } = words::material(m, commitment);
    html! {
        <li class="material">
            <span class="material-name">{ &m.name }</span>
            if exempt.is_some() { <span class="mark">{ "免提交" }</span> }
            if deferrable {
                <span class="mark" title={words::DEFERRABLE_TITLE}>{ "容缺" }<span class="mark-says">{ format!("：{}", words::DEFERRABLE_TITLE) }</span></span>
            }
            if !facts.is_empty() { <p class="hint material-facts">{ facts }</p> }
            if let Some(w) = when { <p class="hint material-when">{ w }</p> }
            if let Some(why) = exempt { <p class="hint material-exempt">{ format!("免提交：{why}") }</p> }
            <p class="hint material-source">{ source }</p>
        </li>
    }
}

/// 办理依据: every document behind the facts on this page, in full, once each.
fn basis(item: &Item) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for line in item.sources().into_iter().map(cite) {
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out
}

/// 本指南更新于: the day (Beijing) the list version the guide comes from took effect, and the
/// sources that version cites.
fn updated(list: &ListVersion) -> Html {
    let time = chinese_time(&list.effective_at);
    let day = time.split(' ').next().unwrap_or_default().to_owned();
    html! {
        <footer class="guide-updated">
            <p class="hint">{ format!("本指南更新于{day}（清单第{}版）", list.number) }</p>
            if !list.sources.is_empty() {
                <p class="hint">{ format!("来源：{}", list.sources.join("；")) }</p>
            }
        </footer>
    }
}

fn row(label: &str, value: Html) -> Html {
    html! { <><dt>{ label }</dt><dd>{ value }</dd></> }
}

fn guide(view: &ItemView) -> Html {
    let item = &view.item;
    let (kind, levels, scopes, channels) = (
        words::kind(item),
        words::levels(item),
        words::scopes(item),
        words::channels(item),
    );
    let can_apply = item.application_form().is_some();
    // Channels that name only the window (or the terminal): the gateway answers `not_online`,
    // so the guide shows how to apply at the window instead of 立即申请.
    let online = item.offered_online();
    let at_window = format!(
        "本事项在本地只能到窗口办理（{channels}），不能在线申请：请带齐上述材料到医保经办窗口，可先预约办理。"
    );
    html! {
        <>
            if item.no_application.is_true() {
                <div class="notice no-application" role="status">
                    <p class="strong">{ words::NO_APPLICATION[0] }</p>
                    <p>{ words::NO_APPLICATION[1] }</p>
                </div>
            }
            if !item.applicable.is_true() {
                <p class="notice">{ words::NOT_APPLICABLE }</p>
            }
            // Who may file, said before anything else: a citizen learns it here, not at a form's end.
            if let Some(who) = words::not_for_citizens(item.subject) {
                <p class="notice not-for-citizens" role="note">{ who }</p>
            } else if can_apply && !online {
                <p class="notice window-only" role="note">{ words::WINDOW_ONLY }</p>
            }
            <section class="guide-section" aria-labelledby="g-time">
                <h3 id="g-time">{ "办理时间" }</h3>
                <dl class="facts">
                    { row("事项类型", html! { kind }) }
                    { row("承诺时限", html! { words::days(&item.promised_days) }) }
                    { row("法定时限", html! { words::days(&item.statutory_days) }) }
                    if can_apply { { row("今天申请，预计办结", html! { <strong class="expected">{ expected(view.expected.as_ref()) }</strong> }) } }
                </dl>
            </section>
            <section class="guide-section" aria-labelledby="g-cond">
                <h3 id="g-cond">{ "办理条件" }</h3>
                if item.conditions.is_empty() { <p>{ UNKNOWN }</p> } else {
                    <ul class="conditions">{ for item.conditions.iter().map(|c| html! { <li>{ &c.value }</li> }) }</ul>
                }
            </section>
            <section class="guide-section" aria-labelledby="g-mat">
                <h3 id="g-mat">{ "申请材料" }</h3>
                if item.materials.is_empty() { <p>{ UNKNOWN }</p> } else {
                    <ul class="materials">{ for item.materials.iter().map(|m| material(m, item.commitment.is_true())) }</ul>
                    if !item.materials_complete.is_true() { <p class="hint materials-rest">{ format!("其他材料{UNKNOWN}") }</p> }
                }
                if let Some(hint) = words::commitment_hint(item) { <p class="hint">{ hint }</p> }
            </section>
            <section class="guide-section" aria-labelledby="g-where">
                <h3 id="g-where">{ "在哪里办" }</h3>
                <dl class="facts">
                    { row("办理渠道", html! { channels }) }
                    { row("办理层级", html! { levels }) }
                    if !scopes.is_empty() { { row("通办范围", html! { scopes }) } }
                </dl>
                <Link to={Route::Offices} classes="link">{ "查看附近的医保经办网点" }</Link>
                <div class="book-links">
                    <Link to={Route::Book { region: item.region.clone(), id: item.id.clone() }} classes="button secondary book-hall">{ "预约办理" }</Link>
                    <Link to={Route::Visit { region: item.region.clone(), id: item.id.clone() }} classes="button secondary book-visit">{ "预约上门" }</Link>
                </div>
            </section>
            if !item.notes.is_empty() || item.remarks.is_some() {
                <section class="guide-section" aria-labelledby="g-notes">
                    <h3 id="g-notes">{ "温馨提示" }</h3>
                    <ul>
                        { for item.notes.iter().map(|n| html! { <li>{ &n.value }</li> }) }
                        if let Some(r) = &item.remarks { <li>{ r }</li> }
                    </ul>
                </section>
            }
            <section class="guide-section" aria-labelledby="g-basis">
                <h3 id="g-basis">{ "办理依据" }</h3>
                <ul class="basis">{ for basis(item).into_iter().map(|b| html! { <li>{ b }</li> }) }</ul>
            </section>
            if let Some(list) = &view.list { { updated(list) } }
            if can_apply && online {
                <div class="sticky-action">
                    <Link to={Route::Apply { region: item.region.clone(), id: item.id.clone() }} classes="button primary apply-now">
                        { "立即申请" }
                    </Link>
                </div>
            }
            if can_apply && !online {
                <div class="sticky-action at-window">
                    <p class="hint">{ at_window }</p>
                    <Link to={Route::Book { region: item.region.clone(), id: item.id.clone() }} classes="button primary book-window">
                        { "预约到窗口办理" }
                    </Link>
                </div>
            }
        </>
    }
}

#[component]
pub fn Guide(props: &Props) -> Html {
    let Load { state: item, retry } = use_load(
        (props.region.clone(), props.id.clone()),
        |(region, id)| async move {
            let loaded = api::item(&region, &id).await;
            if let Ok(v) = &loaded {
                shell::set_title(&v.item.name);
            }
            loaded
        },
    );
    // The served page's static guide stays until this one has the item (or what went wrong).
    if item.is_some() {
        crate::reveal::now();
    }
    let (title, parent, tags, body) = match &*item as &Loaded<ItemView> {
        None => (html! { "正在加载…" }, None, vec![], skeleton()),
        Some(Err(e)) => (html! { "办事指南" }, None, vec![], failure(e, retry)),
        Some(Ok(v)) => (
            html! { &v.item.name },
            v.item.parent_name.clone().filter(|p| *p != v.item.name),
            Badges::of(&v.item).labels(),
            guide(v),
        ),
    };
    html! {
        <section class="guide" aria-labelledby="guide-title">
            <p class="eyebrow">{ "一次性告知" }</p>
            <h2 id="guide-title">{ title }</h2>
            if let Some(p) = parent { <p class="item-parent">{ p }</p> }
            <p class="badges">{ for tags.into_iter().map(|b| html! { <span class="badge">{ b }</span> }) }</p>
            { body }
        </section>
    }
}
