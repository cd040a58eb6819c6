//! The top bar: the product name, the way to 我的办件 and 消息 (with the unread count), and the
//! elder-mode switch (适老化), always in reach.

use crate::prefs::{PrefsAction, PrefsContext};
use crate::router::{use_route, Link};
use crate::{deferred, route::Route};
use yew::prelude::*;

#[component]
pub fn Header() -> Html {
    let prefs = use_context::<PrefsContext>().expect("Header needs the prefs context");
    let route = use_route();
    let unread = use_state(|| 0usize);
    {
        let unread = unread.clone();
        use_effect_with(route, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // The session starts in the second module, fetched when the page is idle.
                if let Some(n) = deferred::unread().await {
                    unread.set(n);
                }
            });
        });
    }
    let elder = prefs.elder;
    let toggle = {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetElder(!elder)))
    };
    let badge_label = format!("消息，{} 条未读", *unread);
    html! {
        <header class="topbar">
            <Link to={Route::Home} classes="brand">{ "通办 · 医保服务" }</Link>
            <nav class="topnav" aria-label="主要">
                <Link to={Route::Mine} classes="nav-link">{ "我的办件" }</Link>
                <Link to={Route::Messages} classes="nav-link messages-link">
                    <span aria-hidden={(*unread > 0).then_some("true")}>{ "消息" }</span>
                    if *unread > 0 {
                        <span class="unread-badge" aria-hidden="true">{ *unread }</span>
                        <span class="visually-hidden">{ badge_label }</span>
                    }
                </Link>
                <button type="button" class="elder-toggle" aria-pressed={elder.to_string()} onclick={toggle}>
                    { if elder { "标准版" } else { "长辈版" } }
                </button>
            </nav>
        </header>
    }
}
