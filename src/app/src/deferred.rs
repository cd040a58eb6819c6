//! The second wasm module: the pages a first visit does not need, fetched when the home page is
//! idle. A first visit loads the home page and the guides (the main module); everything a citizen
//! reaches by applying, looking up or signing in lives in `pages.wasm`.
//!
//! How it works: [`render`] is the one function the main module calls into the second module.
//! With the `split` feature (pkg-scripts/build only), `#[wasm_split(pages)]` turns it into an
//! import that wasm_split_cli satisfies by fetching the second module on the first call; every
//! function reachable only from `render` (the pages, their components, their decoders) moves
//! there. Without the feature (tests, native builds) it is a plain call.
//!
//! **To put a page in the second module:** give its route an arm in [`render`] and make
//! `app::switch` send that route to `<Deferred route={route} />` (the `_ =>` arm does that for
//! every route it does not name). Nothing else: a page the main module also uses stays in the
//! main module by itself. To keep a page in the first load, name it in `app::switch` instead.
//!
//! A deep link to a deferred page shows 正在加载 until the module arrives, then the page; after
//! the module has arrived every deferred page renders at once.

use crate::{
    pages::{
        apply::Apply,
        appointments::{BookPage, MyAppointmentsPage, VisitPage},
        family::Family,
        messages::Messages,
        mine::Mine,
        not_found::NotFound,
        offices::Offices,
        progress::ProgressPage,
        receipt::ReceiptPage,
    },
    route::Route,
};
use std::cell::Cell;
use yew::prelude::*;

/// Renders a deferred page: a plain function pointer, so once loaded it is called synchronously.
type Renderer = fn(Route) -> Html;

/// The second module did not arrive (offline, or the server answered an error).
#[derive(Debug)]
pub struct LoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for LoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// The entry point of the second module: hands back its page renderer.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(pages, fallible)]
fn pages_entry() -> Result<Renderer, LoadFailed> {
    Ok(render)
}

#[cfg(not(feature = "split"))]
async fn pages_entry() -> Result<Renderer, LoadFailed> {
    Ok(render)
}

/// Every page in the second module, by route.
fn render(route: Route) -> Html {
    match route {
        Route::Apply { region, id } => html! { <Apply {region} {id} /> },
        Route::Resubmit {
            region,
            id,
            receipt_no,
        } => html! { <Apply {region} {id} resubmit={Some(receipt_no)} /> },
        Route::Receipt { receipt_no } => html! { <ReceiptPage {receipt_no} /> },
        Route::Mine => html! { <Mine /> },
        Route::Progress { receipt_no } => html! { <ProgressPage {receipt_no} /> },
        Route::Messages => html! { <Messages /> },
        Route::Offices => html! { <Offices /> },
        Route::Family => html! { <Family /> },
        Route::Appointments => html! { <MyAppointmentsPage /> },
        Route::Book { region, id } => html! { <BookPage {region} {id} /> },
        Route::Visit { region, id } => html! { <VisitPage {region} {id} /> },
        _ => html! { <NotFound /> },
    }
}

thread_local! {
    static LOADED: Cell<Option<Renderer>> = const { Cell::new(None) };
}

/// Loads the second module (once; a failure is not remembered, so a later call retries).
pub async fn load() -> Result<Renderer, LoadFailed> {
    if let Some(render) = LOADED.with(Cell::get) {
        return Ok(render);
    }
    let render = pages_entry().await?;
    LOADED.with(|loaded| loaded.set(Some(render)));
    Ok(render)
}

/// Fetches the second module when the browser is idle (or after a second where it cannot say),
/// so that the citizen's first tap on 在线办理 or 我的办件 finds it there.
pub fn preload_when_idle() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let fetch = Closure::once_into_js(|| {
        wasm_bindgen_futures::spawn_local(async {
            let _ = load().await;
        });
    });
    let window = gloo::utils::window();
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let _ = match idle {
        Some(idle) => idle.call1(&window, &fetch),
        None => window
            .set_timeout_with_callback_and_timeout_and_arguments_0(fetch.unchecked_ref(), 1000)
            .map(Into::into),
    };
}

#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    pub route: Route,
}

/// A page from the second module: rendered at once when the module is there, otherwise after it
/// arrives, with 重试 if it could not be fetched.
#[component]
pub fn Deferred(props: &DeferredProps) -> Html {
    let loaded = use_state(|| LOADED.with(Cell::get));
    let failed = use_state(|| false);
    let attempt = use_state(|| 0u32);
    {
        let (loaded, failed) = (loaded.clone(), failed.clone());
        use_effect_with(*attempt, move |_| {
            if loaded.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    match load().await {
                        Ok(render) => loaded.set(Some(render)),
                        Err(LoadFailed) => failed.set(true),
                    }
                });
            }
        });
    }
    if let Some(render) = *loaded {
        return render(props.route.clone());
    }
    if *failed {
        let retry = {
            let (failed, attempt) = (failed.clone(), attempt.clone());
            Callback::from(move |_| {
                failed.set(false);
                attempt.set(*attempt + 1);
            })
        };
        return html! {
            <section class="notice error" role="alert">
                <p>{ "页面没有加载成功，请检查网络后重试。" }</p>
                <button class="button" onclick={retry}>{ "重试" }</button>
            </section>
        };
    }
    html! { <p class="loading" role="status">{ "正在加载…" }</p> }
}
