//! The root component: preferences in context, the session started in the background, the
//! router, and the page frame.

use crate::{
    components::{
        header::Header,
        offline::{offline_notice, use_offline},
    },
    deferred::{self, Deferred},
    pages::{home::Home, not_found::not_found},
    prefs::{Prefs, PrefsAction, PrefsContext},
    route::Route,
    router::{use_route, Router},
    shell,
};
use yew::prelude::*;

/// The first load holds only the page a first visit needs: the list. The item guides are a
/// module of their own and every other route goes to the second wasm module (src/deferred.rs
/// says how to add a page there).
fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::NotFound => not_found(),
        route => html! { <Deferred {route} /> },
    }
}

/// The page of the current route. The home page and a guide show the served page's skeleton
/// until their content is there (`reveal`); every other page at once.
#[component]
fn Pages() -> Html {
    let route = use_route();
    if !matches!(route, Route::Home | Route::Guide { .. }) {
        crate::reveal::now();
    }
    switch(route)
}

#[component]
pub fn App() -> Html {
    let prefs = use_reducer(Prefs::load);
    // The header renders in a task after the frame's and the page in a task after the header's,
    // not in the app's first task: each short (docs/performance.md, "The eighth round" and
    // "The ninth round"). Nothing shows before the page is ready (`reveal`).
    let paged = use_state(|| false);
    let headed = use_state(|| false);
    {
        let (prefs, paged, headed) = (prefs.clone(), paged.clone(), headed.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                crate::tasks::next_task().await;
                headed.set(true);
                crate::tasks::next_task().await;
                paged.set(true);
                // A user agent only suggests a mini-program: the host's getEnv confirms it.
                shell::confirm_host().await;
                // The host's 适老化 preference applies unless the citizen chose on this device.
                if !Prefs::chosen() {
                    if let Some(elder) = shell::elder_preference().await {
                        prefs.dispatch(PrefsAction::Apply(elder));
                    }
                }
                // The session starts once the second module is there (components/header.rs).
                deferred::preload_when_idle();
            });
        });
    }
    // The host's fragment (`#ticket=…`) is read before a hash router takes the fragment over.
    let hash = *use_state(|| {
        shell::detect();
        crate::route::hash_routing()
    });
    let offline = use_offline();
    let class = classes!("frame", prefs.elder.then_some("elder"));
    let frame = html! {
        <div {class}>
            if *headed {
                <Header />
            }
            { offline_notice(offline) }
            <main id="main">
                if *paged {
                    <Pages />
                }
            </main>
        </div>
    };
    html! {
        <ContextProvider<PrefsContext> context={prefs}>
            <Router {hash}>{ frame }</Router>
        </ContextProvider<PrefsContext>>
    }
}
