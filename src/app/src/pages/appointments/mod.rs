//! 预约: 我的预约 (`mine`: hall appointments and home visits, each cancellable until the day
//! before, after saying what cancelling does), 预约办理 (`book`: a day and a time, then a page
//! to confirm them with the address and what to bring) and 预约上门 (`visit`: a home visit
//! request). Loaded only when one of these pages is opened.

mod book;
mod mine;
mod visit;
mod visit_draft;

pub use book::BookPage;
pub use mine::{visitor, MyAppointmentsPage};
pub use visit::VisitPage;

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ItemProps {
    pub region: String,
    pub id: String,
}

/// `2026-12-01 am` → `12月1日 星期二 上午`.
pub(crate) fn half_day(text: &str) -> String {
    let (day, half) = text.split_once(' ').unwrap_or((text, ""));
    let half = if half == "am" { "上午" } else { "下午" };
    format!("{} {half}", crate::dates::day_with_weekday(day))
}

pub(crate) fn error_line(problem: &Option<String>) -> Html {
    match problem {
        Some(p) => html! { <p class="error" role="alert">{ p }</p> },
        None => html! {},
    }
}

/// A choice among several (a day, a time, a reason): the same size chosen or not, a tick and
/// a heavier border when chosen (`aria-pressed`), never the look of the page's main button.
pub(crate) fn chip(
    class: &'static str,
    on: bool,
    label: String,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" class={classes!("chip", class)} aria-pressed={on.to_string()} {onclick}>
            <span class="tick" aria-hidden="true">{ if on { "✓" } else { "" } }</span>{ label }
        </button>
    }
}
