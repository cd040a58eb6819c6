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
use tongban_rules::catalogue::{Channel, Fact, Item, Kind, Level, Material, Scope, Subject};
use tongban_rules::citation::cite;
use yew::prelude::*;

pub const UNKNOWN: &str = "以当地经办机构公布为准";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub region: String,
    pub id: String,
}

pub fn level_label(l: Level) -> &'static str {
    match l {
        Level::City => "市级",
        Level::County => "县级",
        Level::Township => "乡镇（街道）",
        Level::Village => "村（社区）",
    }
}

pub fn scope_label(s: Scope) -> &'static str {
    match s {
        Scope::CrossProvince => "跨省通办",
        Scope::InProvince => "省内通办",
        Scope::CityWide => "全市通办",
    }
}

pub fn channel_label(c: Channel) -> &'static str {
    match c {
        Channel::Online => "全程网办",
        Channel::OnlineMail => "网上申请 + 邮寄材料",
        Channel::Kiosk => "自助一体机",
        Channel::Window => "窗口办理",
    }
}

fn days(f: &Fact<u32>) -> String {
    f.known()
        .map_or_else(|| UNKNOWN.to_owned(), |d| format!("{d} 个工作日"))
}

/// 预计办结, as the gateway counted it from today with its holiday calendar.
pub fn expected(e: Option<&Expected>) -> String {
    match e {
        None => UNKNOWN.to_owned(),
        Some(e) if e.statutory => format!("最迟 {}（按法定时限计算）", chinese_date(&e.due)),
        Some(e) if e.estimated => {
            format!("{}（节假日安排未公布，按周末推算）", chinese_date(&e.due))
        }
        Some(e) => chinese_date(&e.due),
    }
}

/// One material: its name, 原件/复印件 and copies where known, the case it is for, 免提交 with
/// why (a 告知承诺 exemption only on a 承诺制 item) or 容缺, and the documents it rests on.
fn material(m: &Material, commitment: bool) -> Html {
    let mut facts: Vec<String> = m
        .paper
        .known()
        .map(|p| p.label().to_owned())
        .into_iter()
        .collect();
    facts.extend(m.copies.known().map(|n| format!("{n} 份")));
    let exempt = m
        .exempt
        .known()
        .filter(|_| m.is_exempt(commitment))
        .map(|e| e.why());
    let deferrable = m.may_defer.is_true() && exempt.is_none();
    let mut sources: Vec<String> = vec![];
    let cited = [
        Some(m.source.as_str()),
        m.paper.source(),
        m.copies.source(),
        m.when.as_ref().map(|w| w.source.as_str()),
        m.may_defer.source(),
        m.exempt.source(),
    ];
    for line in cited.into_iter().flatten().map(cite) {
        if !sources.contains(&line) {
            sources.push(line);
        }
    }
    html! {
        <li class="material">
            <span class="material-name">{ &m.name }</span>
            if exempt.is_some() { <span class="mark">{ "免提交" }</span> }
            if deferrable {
                <span class="mark" title="暂缺时可先受理，之后补交">{ "容缺" }<span class="mark-says">{ "：暂缺时可先受理，之后补交" }</span></span>
            }
            if !facts.is_empty() { <p class="hint material-facts">{ facts.join("，") }</p> }
            if let Some(w) = &m.when { <p class="hint material-when">{ format!("适用：{}", w.value) }</p> }
            if let Some(why) = exempt { <p class="hint material-exempt">{ format!("免提交：{why}") }</p> }
            <p class="hint material-source">{ format!("依据：{}", sources.join("；")) }</p>
        </li>
    }
}

/// 告知承诺制 as this item's region states it, with the document that says so in full.
fn commitment_hint(item: &Item) -> Option<String> {
    let source = item
        .commitment
        .is_true()
        .then(|| item.commitment.source())??;
    // JM 13: automatic approval at the self-service terminal only (lifecycle::SELF_SERVICE).
    let decided = if item.auto_approval.is_true() {
        "在手机上提交后由经办机构审核办理（在自助服务终端办理的，系统自动审核办结）"
    } else {
        "提交后由经办机构审核办理"
    };
    Some(format!(
        "本事项实行告知承诺制：签署承诺书即可，{decided}。（依据：{}）",
        cite(source)
    ))
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
    let kind = match item.kind.known() {
        Some(Kind::Immediate) => "即办件（当场办结）".to_owned(),
        Some(Kind::Promised) => "承诺件".to_owned(),
        None => UNKNOWN.to_owned(),
    };
    let levels = if item.levels.is_empty() {
        UNKNOWN.to_owned()
    } else {
        item.levels
            .iter()
            .map(|l| level_label(*l))
            .collect::<Vec<_>>()
            .join("、")
    };
    let scopes = item
        .scopes
        .iter()
        .map(|s| scope_label(*s))
        .collect::<Vec<_>>()
        .join("、");
    let channels = item.channels.known().map_or_else(
        || UNKNOWN.to_owned(),
        |c| {
            c.iter()
                .map(|c| channel_label(*c))
                .collect::<Vec<_>>()
                .join("、")
        },
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
                    <p class="strong">{ "免申即享：您无需申请，也不用做任何事。" }</p>
                    <p>{ "符合条件的，经办机构通过数据比对自动为您办理，待遇直接发放。如有疑问，可咨询当地经办机构。" }</p>
                </div>
            }
            if !item.applicable.is_true() {
                <p class="notice">{ "本事项暂不能在手机上申请，以下信息供您了解。" }</p>
            }
            // Who may file, said before anything else: a citizen learns it here, not at a form's end.
            if let Some(who) = not_for_citizens(item.subject) {
                <p class="notice not-for-citizens" role="note">{ who }</p>
            } else if can_apply && !online {
                <p class="notice window-only" role="note">{ "本事项只能到窗口办理，不能在线申请。" }</p>
            }
            <section class="guide-section" aria-labelledby="g-time">
                <h3 id="g-time">{ "办理时间" }</h3>
                <dl class="facts">
                    { row("事项类型", html! { kind }) }
                    { row("承诺时限", html! { days(&item.promised_days) }) }
                    { row("法定时限", html! { days(&item.statutory_days) }) }
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
                if let Some(hint) = commitment_hint(item) { <p class="hint">{ hint }</p> }
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

/// What a citizen reads on an item that only a unit or an institution files; `None` for a
/// person's item.
fn not_for_citizens(subject: Subject) -> Option<&'static str> {
    match subject {
        Subject::Person => None,
        Subject::Unit => Some("本事项须由单位办理，个人不能申请。请联系您单位的医保经办人员；单位经办人可用单位账号登录后申请。"),
        Subject::Institution => Some("本事项由定点医药机构办理，个人不能申请。"),
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
