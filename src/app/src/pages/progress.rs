//! One application's progress (the owner's session): the timeline and what may be done next.

use crate::api::applications::{self, Progress};
use crate::api::ApiError;
use crate::components::actions::Actions;
use crate::components::notice::{failure, skeleton, Loaded};
use crate::components::timeline::Timeline;
use crate::draft::{self, Draft};
use crate::load::{use_load, Load};
use crate::router::Link;
use crate::{json, route::Route, session, shell};
use gloo::storage::SessionStorage;
use yew::prelude::*;

/// The receipt number a progress page could not open, for 我的办件's lookup form.
pub const LOOKUP_NO: &str = "tongban.lookup_no";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub receipt_no: String,
}

#[component]
pub fn ProgressPage(props: &Props) -> Html {
    use_effect_with((), |_| shell::set_title("办理进度"));
    let Load {
        state: progress,
        retry,
    } = use_load(props.receipt_no.clone(), |no| async move {
        session::ensure().await;
        let loaded = applications::progress(&no, None).await;
        // Not this device's (a QR code on a window receipt, another phone): 我的办件's lookup
        // opens with the number filled in, and the citizen types only the verifier.
        if matches!(loaded, Err(ApiError::Status(404, _))) {
            json::save_in::<SessionStorage, _>(LOOKUP_NO, &no);
        }
        if let Ok(p) = &loaded {
            // After a 补正 or a decision the one-time subscriptions are used up: inside a
            // mini-program its native page offers them again (once per status).
            shell::offer_subscription_again(&p.receipt_no, p.status, Callback::noop());
            // Finished applications need no correction: forget a correction draft left behind.
            if p.status.is_final() {
                Draft::clear(&draft::storage_key(&p.region, &p.receipt_no));
            }
        }
        loaded
    });
    let on_change = {
        let progress = progress.clone();
        Callback::from(move |p: Progress| progress.set(Some(Ok(p))))
    };
    let body = match &*progress as &Loaded<Progress> {
        None => skeleton(),
        Some(Err(ApiError::Status(404, _))) => html! {
            <div class="notice" role="status">
                <p>{ "在本机登录的账号下没有找到这件申请。如果是在窗口或其他设备上提交的，请用受理编号和证件号码后6位查询。" }</p>
                <Link to={Route::Mine} classes="button">{ "去查询" }</Link>
            </div>
        },
        Some(Err(e)) => failure(e, retry),
        Some(Ok(p)) => html! {
            <>
                <Timeline progress={p.clone()} />
                <Actions progress={p.clone()} {on_change} />
            </>
        },
    };
    html! {
        <section class="progress-page" aria-labelledby="pp-title">
            <h2 id="pp-title">{ "办理进度" }</h2>
            { body }
        </section>
    }
}
