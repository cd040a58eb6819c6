//! 消息 (即时知): the status changes of the citizen's applications, newest first; opening the
//! inbox marks them read.

use crate::api::me;
use crate::components::notice::{failure, skeleton, Loaded};
use crate::dates::chinese_time;
use crate::load::{use_load, Load};
use crate::router::Link;
use crate::{route::Route, session, shell};
use yew::prelude::*;

#[component]
pub fn Messages() -> Html {
    use_effect_with((), |_| shell::set_title("消息"));
    let Load {
        state: inbox,
        retry,
    } = use_load((), |_| async {
        if session::ensure().await.is_none() {
            return Ok(me::Inbox::default());
        }
        let loaded = me::notifications().await;
        if let Ok(Some(newest)) = loaded.as_ref().map(|i| i.items.first()) {
            if !newest.read {
                let _ = me::mark_read(&newest.at).await;
            }
        }
        loaded
    });
    let body = match &*inbox as &Loaded<me::Inbox> {
        None => skeleton(),
        Some(Err(e)) => failure(e, retry),
        Some(Ok(i)) if i.items.is_empty() => {
            html! { <p class="empty">{ "暂时没有消息。办理进度有变化时会通知您。" }</p> }
        }
        Some(Ok(i)) => html! {
            <ul class="notifications">
                { for i.items.iter().map(|n| html! {
                    <li class={classes!("notification", (!n.read).then_some("unread"))}>
                        <Link to={if n.appointment.is_some() { Route::Appointments } else { Route::Progress { receipt_no: n.receipt_no.clone() } }} classes="notification-link">
                            <span class="item-name">{ &n.item_name }</span>
                            <span class={format!("status status-{}", n.status.map_or("appointment", |s| s.code()))}>{ &n.label }</span>
                            <span class="message">{ &n.message }</span>
                            <time>{ chinese_time(&n.at) }</time>
                            if !n.read { <span class="visually-hidden">{ "未读" }</span> }
                        </Link>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <section class="messages" aria-labelledby="messages-title">
            <h2 id="messages-title">{ "消息" }</h2>
            { body }
        </section>
    }
}
