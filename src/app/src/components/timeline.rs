//! 办理进度 at a glance: the current status in large type, the due date, and every step so far
//! with its time and the office's note, newest last.

use super::{notice, receipt_no};
use crate::api::applications::Progress;
use crate::dates::{chinese_date, chinese_time};
use tongban_rules::lifecycle::Status;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub progress: Progress,
}

/// What the citizen should know about a status, in one sentence.
pub fn explain(status: Status) -> &'static str {
    match status {
        Status::Submitted => "申请已提交，等待经办机构受理。",
        Status::Accepted => "经办机构已受理，正在审核。",
        Status::InProgress => "正在办理中，请耐心等待。",
        Status::Completed => "已办结。如有疑问可咨询经办机构。",
        Status::Returned => "需要补正材料，请按提示补充后重新提交。",
        Status::Rejected => "不予受理，原因见下方说明。",
        Status::Revoked => "申请已撤销。",
    }
}

#[component]
pub fn Timeline(props: &Props) -> Html {
    let p = &props.progress;
    let status_class = format!("status status-{}", p.status.code());
    html! {
        <section class="progress" aria-labelledby="progress-title">
            <h3 id="progress-title" class="item-title">{ &p.item_name }</h3>
            <p class={status_class}>{ &p.status_label }</p>
            <p class="explain">{ explain(p.status) }</p>
            <dl class="facts">
                <dt>{ "受理编号" }</dt><dd class="receipt-no">{ receipt_no::groups(&p.receipt_no) }</dd>
                <dt>{ "提交时间" }</dt><dd>{ chinese_time(&p.submitted_at) }</dd>
                if let Some(due) = &p.due_date { <dt>{ "预计办结" }</dt><dd>{ chinese_date(due) }</dd> }
                if !p.applicant.name.is_empty() { <dt>{ "申请人" }</dt><dd>{ &p.applicant.name }</dd> }
                if let Some(agent) = p.acting.as_ref().and_then(|a| a.agent.as_ref()) { <dt>{ "经办人" }</dt><dd class="agent">{ agent }</dd> }
            </dl>
            if let Some(asked) = &p.asked { { notice::asked(asked) } }
            if !p.attachments.is_empty() {
                <div class="on-file">
                    <h4>{ "已提交的材料" }</h4>
                    <ul>{ for p.attachments.iter().map(|f| html! { <li key={f.id.clone()}>{ &f.material }</li> }) }</ul>
                </div>
            }
            <ol class="timeline" aria-label="办理过程">
                { for p.timeline.iter().enumerate().map(|(i, e)| {
                    let last = i + 1 == p.timeline.len();
                    html! {
                        <li class={classes!("event", last.then_some("latest"))}>
                            <span class="event-label">{ &e.label }</span>
                            <time class="event-at">{ chinese_time(&e.at) }</time>
                            if let Some(note) = &e.note { <p class="event-note">{ note }</p> }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
