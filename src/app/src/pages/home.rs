//! Home: pick the region (remembered), search its items, 高频事项 first, then by category.
//! The frame renders at once with skeletons; the catalogue fills in when it arrives. 长辈版 opens
//! on large tiles (`components::elder_tiles`, in a wasm module of their own:
//! `components::elder_home`) until 全部事项 or a search asks for the list.

use crate::api::{self, catalogue::Listed, ApiError, Catalog};
use crate::components::elder_home::ElderHome;
use crate::components::notice::{failure, skeleton, Loaded};
use crate::components::{item_card::item_card, region_picker::region_picker};
use crate::json;
use crate::prefs::{PrefsContext, REGION_KEY};
use crate::route::Route;
use crate::router::{use_navigator, Link, Navigator};
use tongban_rules::catalogue::{home, Region};
use tongban_rules::search::Initials;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Items matching the search words, by name or main item name, in Chinese, through everyday
/// words (医保转移 → 转移接续, `tongban_rules::search::synonyms`) or by the first letters of their
/// pinyin (`ydjy` → 异地就医). `words` is `synonyms(query)` and `initials` `Initials::of(query)`,
/// each read once for the whole list, not once an item (a keystroke in a catalogue of thousands).
pub fn matches(item: &Listed, query: &str, words: &[&str], initials: Option<&Initials>) -> bool {
    let q = query.trim();
    let found = |name: &str| name.contains(q) || words.iter().any(|w| name.contains(w));
    q.is_empty()
        || found(&item.name)
        || item.parent_name.as_deref().is_some_and(found)
        || initials.is_some_and(|i| item.has_initials(i))
}

pub use tongban_rules::catalogue::home::PAGE;

/// How many cards the list's first render shows: what a phone's screen holds above the fold. The
/// rest of the first [`PAGE`] follow in a task of their own, so the page's first list is two
/// short tasks on the main thread instead of one long one (Lighthouse's blocking time).
pub const FIRST: usize = 6;

fn item_list(title: &str, items: &[&Listed], navigator: &Navigator) -> Html {
    html! {
        <section class="group">
            <h3>{ title }</h3>
            // Keyed: a search that keeps a card keeps its DOM, instead of re-creating every card.
            <ul class="items">{ for items.iter().map(|i| item_card(i, navigator)) }</ul>
        </section>
    }
}

/// The found items in the order shown: 高频事项 first, then each category
/// (`tongban_rules::catalogue::home`, which the gateway's static list follows too).
fn sections<'a>(catalog: &'a Catalog, query: &str) -> Vec<(&'a str, Vec<&'a Listed>)> {
    let initials = Initials::of(query);
    let words = tongban_rules::search::synonyms(query);
    let found = catalog
        .items
        .iter()
        .filter(|i| matches(i, query, &words, initials.as_ref()));
    home::sections(found, |i| i.frequent, |i| i.category.as_str())
}

fn catalogue_view(
    catalog: &Catalog,
    query: &str,
    limit: usize,
    on_more: Option<Callback<MouseEvent>>,
    navigator: &Navigator,
) -> Html {
    let (shown, hidden) = home::first_items(sections(catalog, query), limit);
    // The first slice says nothing of the rest: its count would be wrong for a moment.
    let on_more = on_more.filter(|_| hidden > 0);
    if shown.is_empty() {
        return html! { <p class="empty">{ "没有找到相关事项，换个说法试试，例如“备案”“报销”。" }</p> };
    }
    html! {
        <>
            { for shown.iter().map(|(title, items)| item_list(title, items, navigator)) }
            if let Some(on_more) = on_more {
                <button type="button" class="secondary more-items" onclick={on_more}>
                    { format!("显示更多事项（还有 {hidden} 项）") }
                </button>
            }
        </>
    }
}

#[component]
pub fn Home() -> Html {
    use_effect_with((), |_| crate::shell::set_title("通办 · 医保服务"));
    let regions = use_state(|| None::<Result<Vec<Region>, ApiError>>);
    let region = use_state(|| json::load_text(REGION_KEY));
    let catalog = use_state(|| None::<Result<Catalog, ApiError>>);
    let query = use_state(String::new);
    // The list's first render shows FIRST cards; the rest of the first PAGE come in the next task.
    let limit = use_state(|| FIRST);
    let attempt = use_state(|| 0u32);
    let navigator = use_navigator();
    // 长辈版 opens on tiles; 全部事项 (or a search) shows the list.
    let elder = use_context::<PrefsContext>().is_some_and(|p| p.elder);
    let all = use_state(|| false);

    // The region the answers are for: a catalogue that lands after the citizen (or the host)
    // chose another region is dropped.
    let wanted = use_mut_ref(|| None::<String>);
    *wanted.borrow_mut() = (*region).clone();
    {
        let regions = regions.clone();
        use_effect_with(*attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // No position is asked on page load (a privacy review refuses it): the region
                // is the citizen's choice, or the one 按我的位置 finds on their tap. Not in the
                // task that runs the first render's effects: a fetch() call alone cost 1–6 ms of
                // main thread on the bench's machine.
                crate::tasks::next_task().await;
                let loaded = api::regions().await;
                regions.set(Some(loaded));
            });
        });
    }
    {
        let (catalog, region, wanted) = (catalog.clone(), region.clone(), wanted.clone());
        use_effect_with(((*region).clone(), *attempt), move |(code, _)| {
            // Nothing to fetch when the list already shown is this region's (a first visit's
            // default catalogue naming the region it is for).
            let shown = matches!(&*catalog, Some(Ok(c)) if Some(&c.region) == code.as_ref());
            if !shown {
                let code = code.clone();
                catalog.set(None);
                wasm_bindgen_futures::spawn_local(async move {
                    // Not in the task that runs the first render's effects: each short.
                    crate::tasks::next_task().await;
                    let loaded = match api::inline_catalog(code.as_deref()) {
                        Some(inline) => Ok(inline),
                        None => api::catalog(code.as_deref()).await,
                    };
                    let current = wanted.borrow().clone();
                    match (&loaded, current) {
                        // First visit: the default answer names the region it is for.
                        (Ok(c), None) => {
                            let code = c.region.clone();
                            catalog.set(Some(loaded));
                            region.set(Some(code));
                        }
                        (Ok(c), Some(w)) if c.region != w => {}
                        _ => catalog.set(Some(loaded)),
                    }
                });
            }
        });
    }
    {
        let limit = limit.clone();
        let listed = matches!(&*catalog, Some(Ok(_)));
        use_effect_with(listed && *limit < PAGE, move |&first| {
            if first {
                wasm_bindgen_futures::spawn_local(async move {
                    crate::tasks::next_task().await;
                    limit.set(PAGE);
                });
            }
        });
    }
    // The served page's static list stays until this one's first PAGE cards (or the tiles, or
    // what went wrong) are rendered.
    {
        let ready = match (&*regions, &*catalog) {
            (Some(Err(_)), _) | (_, Some(Err(_))) => true,
            (_, Some(Ok(_))) => *limit >= PAGE || (elder && !*all),
            _ => false,
        };
        if ready {
            crate::reveal::now();
        }
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    let on_region = {
        let (region, limit) = (region.clone(), limit.clone());
        Callback::from(move |code: String| {
            json::save_text(REGION_KEY, &code);
            limit.set(PAGE);
            region.set(Some(code));
        })
    };
    let on_search = {
        let (query, limit) = (query.clone(), limit.clone());
        Callback::from(move |e: InputEvent| {
            limit.set(PAGE);
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };

    // The picker and its button are there from the first render, empty and disabled until
    // `/regions` answers, so the list (shown at once from the page) is never pushed down.
    let list = match &*regions as &Loaded<Vec<Region>> {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };
    // The browser's position only when the citizen asks (its prompt is a pop-up).
    let locate = {
        let (list, on_region) = (list.clone(), on_region.clone());
        Callback::from(move |_| {
            let (list, on_region) = (list.clone(), on_region.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(code) = crate::deferred::nearest_region(list).await {
                    on_region.emit(code);
                }
            });
        })
    };
    let picker = html! {
        <>
            { region_picker(&list, region.as_deref().unwrap_or_default(), on_region) }
            <button type="button" class="secondary locate-region" onclick={locate} disabled={list.is_empty()}>{ home::LOCATE }</button>
        </>
    };
    let tiles = elder && !*all && query.trim().is_empty();
    let body = match (&*regions, &*catalog as &Loaded<Catalog>) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => failure(e, retry),
        (_, Some(Ok(c))) if tiles => {
            let (on_all, on_unavailable) = (all.clone(), all.clone());
            let on_all = Callback::from(move |_| on_all.set(true));
            // Offline before the tiles' module came: the list, which needs no module.
            let on_unavailable = Callback::from(move |()| on_unavailable.set(true));
            html! { <ElderHome catalog={c.clone()} {on_all} {on_unavailable} /> }
        }
        (_, Some(Ok(c))) => {
            let grow = limit.clone();
            let more = Callback::from(move |_| grow.set(*grow + PAGE));
            let more = (*limit >= PAGE).then_some(more);
            match &navigator {
                Some(navigator) => catalogue_view(c, &query, *limit, more, navigator),
                None => skeleton(),
            }
        }
        _ => skeleton(),
    };
    let search = html! {
        <div class="field search">
            <label for="search">{ home::SEARCH }</label>
            <input id="search" type="search" enterkeyhint="search" placeholder={home::SEARCH_HINT} value={(*query).clone()} oninput={on_search} />
        </div>
    };
    html! {
        <section class="home" aria-labelledby="home-title">
            <h2 id="home-title">{ home::TITLE }</h2>
            <p class="lead">{ home::LEAD }</p>
            if tiles {
                // 长辈版: the tiles first, where the eye lands; the region and search below.
                { body }
                { picker }
                { search }
            } else {
                <nav class="shortcuts" aria-label={home::SHORTCUTS}>
                    <Link to={Route::Mine} classes="shortcut">{ home::MINE }</Link>
                    <Link to={Route::Offices} classes="shortcut">{ home::OFFICES }</Link>
                </nav>
                { picker }
                { search }
                { body }
            }
        </section>
    }
}
