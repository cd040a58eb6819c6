//! One application's progress (the owner's session): the timeline and what may be done next.

use crate::api::applications::{self, Progress};
use crate::api::ApiError;
use crate::components::actions::Actions;
use crate::components::notice::{failure, skeleton, Loaded};
use crate::components::timeline::Timeline;
use crate::draft::{self, Draft};
use crate::{route::Route, session, shell};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub receipt_no: String,
}

#[component]
pub fn ProgressPage(props: &Props) -> Html {
    let progress = use_state(|| None::<Result<Progress, ApiError>>);
    let attempt = use_state(|| 0u32);
    {
        let progress = progress.clone();
        use_effect_with((props.receipt_no.clone(), *attempt), move |(no, _)| {
            shell::set_title("办理进度");
            let no = no.clone();
            wasm_bindgen_futures::spawn_local(async move {
                session::ensure().await;
                let loaded = applications::progress(&no, None).await;
                if let Ok(p) = &loaded {
                    // Finished applications need no correction: forget a correction draft left behind.
                    if p.status.is_final() {
                        Draft::clear(&draft::storage_key(&p.region, &p.receipt_no));
                    }
                }
                progress.set(Some(loaded));
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    let on_change = {
        let progress = progress.clone();
        Callback::from(move |p: Progress| progress.set(Some(Ok(p))))
    };
    let body = match &*progress as &Loaded<Progress> {
        None => skeleton(),
        Some(Err(ApiError::Status(404, _))) => html! {
            <div class="notice" role="status">
                <p>{ "在本机登录的账号下没有找到这件申请。如果是在其他设备上提交的，请用受理编号和证件号码后6位查询。" }</p>
                <Link<Route> to={Route::Mine} classes="button">{ "去查询" }</Link<Route>>
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
