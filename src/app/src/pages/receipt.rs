//! The receipt: the 受理编号 to keep (with a copy button), the status, the due date and what
//! happens next.

use crate::components::receipt_no;
use crate::dates::chinese_date;
use crate::router::Link;
use crate::{receipts, route::Route, shell};
use tongban_rules::lifecycle::Status;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub receipt_no: String,
}

fn next_steps(status: Status) -> &'static str {
    match status {
        Status::Completed => "您的申请已办结，无需再做任何事。办理结果已记录，可随时在“我的办件”中查看。",
        _ => "经办机构将在承诺时限内审核您的申请，结果会通过“消息”通知您；需要补充材料时也会告诉您。您可以随时在“我的办件”中查看进度。",
    }
}

#[component]
pub fn ReceiptPage(props: &Props) -> Html {
    let copied = use_state(|| false);
    let unsubscribed = use_state(|| false);
    {
        let (failed, no) = (unsubscribed.clone(), props.receipt_no.clone());
        use_effect_with((), move |_| {
            shell::set_title("提交成功");
            shell::offer_subscription(&no, Callback::from(move |_| failed.set(true)));
        });
    }
    let kept = receipts::recall(&props.receipt_no);
    let onclick = {
        let (copied, no) = (copied.clone(), props.receipt_no.clone());
        Callback::from(move |_| copied.set(shell::copy_text(&no)))
    };
    let progress = Route::Progress {
        receipt_no: props.receipt_no.clone(),
    };
    html! {
        <section class="receipt" aria-labelledby="receipt-title">
            <h2 id="receipt-title">{ "申请已提交" }</h2>
            if let Some(k) = &kept { <p class="item-title">{ &k.item_name }</p> }
            <div class="receipt-box">
                <p class="label">{ "受理编号（请妥善保存，用于查询进度）" }</p>
                <p class="receipt-no" id="receipt-no">{ receipt_no::groups(&props.receipt_no) }</p>
                <button type="button" class="secondary copy" {onclick} aria-describedby="receipt-no">
                    { if *copied { "已复制" } else { "复制编号" } }
                </button>
                <span class="visually-hidden" role="status">{ if *copied { "受理编号已复制" } else { "" } }</span>
            </div>
            if let Some(k) = &kept {
                <dl class="facts">
                    <dt>{ "当前状态" }</dt><dd class="status-label">{ &k.receipt.status_label }</dd>
                    if let Some(a) = &k.applicant { <dt>{ "申请人" }</dt><dd class="applicant">{ a }</dd> }
                    if let Some(agent) = k.receipt.acting.as_ref().and_then(|a| a.agent.as_ref()) {
                        <dt>{ "经办人" }</dt><dd class="agent">{ agent }</dd>
                    }
                    if let Some(due) = &k.receipt.due_date {
                        <dt>{ "预计办结" }</dt>
                        <dd class="due">{ chinese_date(due) }{ if k.receipt.due_estimated { "（预计）" } else { "" } }</dd>
                    }
                    if let Some(unit) = k.receipt.acting.as_ref().and_then(|a| a.unit.as_ref()) {
                        <dt>{ "经办单位" }</dt><dd class="acting-unit">{ unit }</dd>
                    }
                </dl>
                <h3>{ "接下来" }</h3>
                <p class="next">{ next_steps(k.receipt.status) }</p>
            }
            if *unsubscribed {
                <p class="hint subscribe-failed" role="status">{ "未能打开订阅提醒页面。办理结果会在“消息”中通知您。" }</p>
            }
            <p class="hint">{ "不在本机查询时，可凭受理编号和证件号码后6位查询进度。" }</p>
            <div class="form-actions">
                <Link to={progress} classes="button primary">{ "查看办理进度" }</Link>
                <Link to={Route::Home} classes="button secondary">{ "返回首页" }</Link>
            </div>
        </section>
    }
}
