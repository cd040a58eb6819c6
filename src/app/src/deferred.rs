//! The second wasm module: the pages a first visit does not need, fetched when the home page is
//! idle. A first visit loads the home page and the guides (the main module); everything a citizen
//! reaches by applying, looking up or signing in lives in `pages.wasm`.
//!
//! How it works: [`pages_entry`] is the one function the main module calls into the second
//! module; it hands back [`Renderer`]: the page renderer, the session start with the unread count
//! (so the ticket exchange and every shell's login chain live here) and the nearest region.
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
//!
//! The item guides are a third module of their own (`guide.wasm`, entry [`guide_entry`]): a
//! guide opened from a shared link fetches it alone, not the pages above, and the home page
//! fetches it first when idle, so a tap on a card finds it there. Code both modules use goes to
//! a chunk that whichever comes first fetches.

use crate::tasks::idle;
use crate::{
    pages::{
        apply::Apply,
        appointments::{BookPage, MyAppointmentsPage, VisitPage},
        family::Family,
        family_accept::FamilyAccept,
        guide::Guide,
        messages::Messages,
        mine::Mine,
        not_found::not_found,
        offices::Offices,
        progress::ProgressPage,
        receipt::ReceiptPage,
    },
    route::Route,
};
use std::{cell::Cell, future::Future, pin::Pin};
use tongban_rules::catalogue::Region;
use yew::prelude::*;

/// A module's page renderer.
type Render = fn(Route) -> Html;

/// An answer the second module computes later.
type Later<T> = Pin<Box<dyn Future<Output = Option<T>>>>;

/// What the second module hands the main module: plain function pointers, so once loaded a
/// deferred page renders synchronously.
#[derive(Clone, Copy)]
pub struct Renderer {
    /// Renders a deferred page.
    render: Render,
    /// Starts the session (the host's ticket exchanged, every shell's login chain and their
    /// decoders live in the second module) and counts the unread messages; `None` without a
    /// session.
    unread: fn() -> Later<usize>,
    /// The region nearest to the device's position (the geolocation, the WGS-84 → GCJ-02
    /// transform and its trigonometry live in the second module).
    nearest: fn(Vec<Region>) -> Later<String>,
    /// The first phone number a region's offices publish (长辈版's 电话咨询 tile): the offices'
    /// decoder (serde) and its number formatting live in the second module.
    phone: fn(String) -> Later<String>,
}

pub use crate::load_failed::LoadFailed;

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
    Ok(RENDERER)
}

#[cfg(not(feature = "split"))]
async fn pages_entry() -> Result<Renderer, LoadFailed> {
    Ok(RENDERER)
}

const RENDERER: Renderer = Renderer {
    render,
    unread: start_and_count,
    nearest: locate,
    phone: phone_of,
};

fn phone_of(region: String) -> Later<String> {
    Box::pin(async move {
        let list = crate::api::offices::offices(&region, None).await.ok()?;
        list.into_iter().find_map(|o| o.phone)
    })
}

fn locate(list: Vec<Region>) -> Later<String> {
    Box::pin(async move { crate::geo::nearest(&list, crate::geo::position().await?) })
}

fn start_and_count() -> Later<usize> {
    Box::pin(async {
        // A task of its own, not the one where the module's instantiation resolved: the
        // session's first calls compile as they run (this code is in the second module, so the
        // wait costs the first load no byte).
        crate::tasks::next_task().await;
        crate::session::ensure().await?;
        crate::api::me::notifications()
            .await
            .ok()
            .map(|inbox| inbox.unread)
    })
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
        Route::FamilyAccept => html! { <FamilyAccept /> },
        Route::Appointments => html! { <MyAppointmentsPage /> },
        Route::Book { region, id } => html! { <BookPage {region} {id} /> },
        Route::Visit { region, id } => html! { <VisitPage {region} {id} /> },
        _ => not_found(),
    }
}

/// The item guide's module: its entry hands back the guide's renderer.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(guide, fallible)]
fn guide_entry() -> Result<fn(Route) -> Html, LoadFailed> {
    Ok(render_guide)
}

#[cfg(not(feature = "split"))]
async fn guide_entry() -> Result<fn(Route) -> Html, LoadFailed> {
    Ok(render_guide)
}

fn render_guide(route: Route) -> Html {
    match route {
        Route::Guide { region, id } => html! { <Guide {region} {id} /> },
        _ => not_found(),
    }
}

thread_local! {
    static LOADED: Cell<Option<Renderer>> = const { Cell::new(None) };
    static GUIDE: Cell<Option<Render>> = const { Cell::new(None) };
}

/// Loads the guide's module (once; a failure is not remembered, so a later call retries).
async fn load_guide() -> Result<Render, LoadFailed> {
    if let Some(render) = GUIDE.with(Cell::get) {
        return Ok(render);
    }
    // The deferred pages' stylesheet downloads beside the module (src/styles.rs).
    let styled = crate::styles::ensure();
    let render = guide_entry().await?;
    styled.await?;
    GUIDE.with(|loaded| loaded.set(Some(render)));
    Ok(render)
}

/// The renderer of `route`'s module, when that module is already there.
fn loaded_for(route: &Route) -> Option<Render> {
    match route {
        Route::Guide { .. } => GUIDE.with(Cell::get),
        _ => LOADED.with(Cell::get).map(|r| r.render),
    }
}

/// Loads `route`'s module and hands back its renderer.
async fn load_for(route: Route) -> Result<Render, LoadFailed> {
    match route {
        Route::Guide { .. } => load_guide().await,
        _ => load().await.map(|r| r.render),
    }
}

/// Loads the second module (once; a failure is not remembered, so a later call retries).
pub async fn load() -> Result<Renderer, LoadFailed> {
    if let Some(render) = LOADED.with(Cell::get) {
        return Ok(render);
    }
    // The deferred pages' stylesheet downloads beside the module (src/styles.rs).
    let styled = crate::styles::ensure();
    let render = pages_entry().await?;
    styled.await?;
    LOADED.with(|loaded| loaded.set(Some(render)));
    Ok(render)
}

/// Fetches the guide's module, then the second module, each when the browser is idle, so that
/// the citizen's first tap on a card, 在线办理 or 我的办件 finds them there. One module per idle
/// period: fetching and instantiating both at once was one long task on a phone's CPU.
pub fn preload_when_idle() {
    wasm_bindgen_futures::spawn_local(async {
        idle().await;
        let _ = load_guide().await;
        idle().await;
        let _ = load().await;
    });
}

/// The region nearest to the citizen's position, when they ask (按我的位置选择地区): waits for
/// the second module if it is not there yet.
pub async fn nearest_region(list: Vec<Region>) -> Option<String> {
    let loaded = load().await.ok()?;
    (loaded.nearest)(list).await
}

/// The first phone number the region's offices publish, once the second module is there (it is
/// fetched when the page is idle); `None` when none does or the module or the list did not come.
pub async fn office_phone(region: String) -> Option<String> {
    let loaded = load().await.ok()?;
    (loaded.phone)(region).await
}

/// The session started (or found) and the unread messages counted, once the second module is
/// there (it is fetched when the page is idle, so a first paint never waits for the session).
/// `None` without a session or without the second module.
pub async fn unread() -> Option<usize> {
    if LOADED.with(Cell::get).is_none() {
        // Not in the idle period the guide's module takes (preload_when_idle).
        idle().await;
        idle().await;
    }
    let loaded = load().await.ok()?;
    (loaded.unread)().await
}

#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    pub route: Route,
}

/// A page from the second module: rendered at once when the module is there, otherwise after it
/// arrives (正在加载 meanwhile); when it could not be fetched, offline it says so and loads by
/// itself when the network returns, online it offers 重试.
#[component]
pub fn Deferred(props: &DeferredProps) -> Html {
    // The renderer is looked up on every render, not kept: the same component shows a guide
    // (its own module) and then, say, 在线办理 (the second module).
    let arrived = use_force_update();
    let failed = use_state(|| false);
    let attempt = use_state(|| 0u32);
    {
        let (failed, route) = (failed.clone(), props.route.clone());
        let guide = matches!(route, Route::Guide { .. });
        use_effect_with((*attempt, guide), move |_| {
            if loaded_for(&route).is_none() {
                failed.set(false);
                wasm_bindgen_futures::spawn_local(async move {
                    match load_for(route).await {
                        Ok(_) => arrived.force_update(),
                        Err(LoadFailed) => failed.set(true),
                    }
                });
            }
        });
    }
    // Offline when the fetch failed: wait for the network and try again by itself.
    {
        let (failed, attempt) = (failed.clone(), attempt.clone());
        let waiting = *failed && !online();
        use_effect_with(waiting, move |&waiting| {
            let listener = waiting.then(|| {
                gloo::events::EventListener::once(&gloo::utils::window(), "online", move |_| {
                    failed.set(false);
                    attempt.set(*attempt + 1);
                })
            });
            move || drop(listener)
        });
    }
    if let Some(render) = loaded_for(&props.route) {
        return render(props.route.clone());
    }
    if *failed {
        // What went wrong is said in place of the served page's skeleton.
        crate::reveal::now();
    }
    if *failed && !online() {
        return html! {
            <section class="notice error" role="status">
                <p>{ "网络已断开：本页还没有下载完，联网后会自动继续加载，不用重新打开。" }</p>
            </section>
        };
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

/// Whether the browser says it is online (a browser that cannot say counts as online).
fn online() -> bool {
    gloo::utils::window().navigator().on_line()
}
