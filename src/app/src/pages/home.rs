//! Home: pick the region (remembered), search its items, 高频事项 first, then by category.
//! The frame renders at once with skeletons; the catalogue fills in when it arrives.

use crate::api::{self, ApiError, Catalog};
use crate::components::notice::{failure, skeleton, Loaded};
use crate::components::{item_card::ItemCard, region_picker::RegionPicker};
use crate::json;
use crate::route::Route;
use std::collections::BTreeMap;
use tongban_rules::catalogue::{Item, Region};
use tongban_rules::search::initials_match;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// Where the chosen region is remembered (the offices page starts from it too).
pub const REGION_KEY: &str = "tongban.region";

/// Items matching the search words, by name or main item name, in Chinese or by the first
/// letters of their pinyin (`ydjy` → 异地就医).
pub fn matches(item: &Item, query: &str) -> bool {
    let q = query.trim();
    let found = |name: &str| name.contains(q) || initials_match(name, q);
    q.is_empty() || found(&item.name) || item.parent_name.as_deref().is_some_and(found)
}

fn item_list(title: &str, items: &[&Item]) -> Html {
    html! {
        <section class="group">
            <h3>{ title }</h3>
            <ul class="items">{ for items.iter().map(|i| html! { <ItemCard item={(*i).clone()} /> }) }</ul>
        </section>
    }
}

fn catalogue_view(catalog: &Catalog, query: &str) -> Html {
    let found: Vec<&Item> = catalog.items.iter().filter(|i| matches(i, query)).collect();
    if found.is_empty() {
        return html! { <p class="empty">{ "没有找到相关事项，换个说法试试，例如“备案”“报销”。" }</p> };
    }
    let frequent: Vec<&Item> = found
        .iter()
        .copied()
        .filter(|i| i.high_frequency.is_true() && i.applicable.is_true())
        .collect();
    let mut groups: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in found
        .iter()
        .copied()
        .filter(|i| !(i.high_frequency.is_true() && i.applicable.is_true()))
    {
        groups.entry(item.category.as_str()).or_default().push(item);
    }
    html! {
        <>
            if !frequent.is_empty() { { item_list("高频事项", &frequent) } }
            { for groups.iter().map(|(category, items)| item_list(category, items)) }
        </>
    }
}

/// The region whose centre is nearest to `at` (lat, lng): an equirectangular distance is
/// plenty to tell provinces and cities apart.
pub fn nearest(list: &[Region], at: (f64, f64)) -> Option<String> {
    let d = |r: &Region| {
        let dx = (r.centre.lng - at.1) * at.0.to_radians().cos();
        let dy = r.centre.lat - at.0;
        dx * dx + dy * dy
    };
    list.iter()
        .min_by(|a, b| d(a).total_cmp(&d(b)))
        .map(|r| r.code.clone())
}

#[component]
pub fn Home() -> Html {
    use_effect_with((), |_| crate::shell::set_title("通办 · 医保服务"));
    let regions = use_state(|| None::<Result<Vec<Region>, ApiError>>);
    let region = use_state(|| json::load::<String>(REGION_KEY));
    let catalog = use_state(|| None::<Result<Catalog, ApiError>>);
    let query = use_state(String::new);
    let attempt = use_state(|| 0u32);

    // The region the answers are for: a catalogue that lands after the citizen (or the host)
    // chose another region is dropped.
    let wanted = use_mut_ref(|| None::<String>);
    *wanted.borrow_mut() = (*region).clone();
    {
        let (regions, region) = (regions.clone(), region.clone());
        use_effect_with(*attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = api::regions().await;
                if let Ok(list) = &loaded {
                    // Not chosen yet: the region the host places the citizen in (a provincial
                    // app knows the position without a prompt), else the first.
                    if let Some(at) = crate::shell::location().await {
                        if let Some(near) = nearest(list, at).filter(|_| region.is_none()) {
                            region.set(Some(near));
                        }
                    }
                }
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
                    let loaded = api::catalog(code.as_deref()).await;
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
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    let on_region = {
        let region = region.clone();
        Callback::from(move |code: String| {
            json::save(REGION_KEY, &code);
            region.set(Some(code));
        })
    };
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };

    let picker = match &*regions as &Loaded<Vec<Region>> {
        Some(Ok(list)) => {
            // The browser's position only when the citizen asks (its prompt is a pop-up).
            let locate = {
                let (list, on_region) = (list.clone(), on_region.clone());
                Callback::from(move |_| {
                    let (list, on_region) = (list.clone(), on_region.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Some(code) = crate::geo::position()
                            .await
                            .and_then(|at| nearest(&list, at))
                        {
                            on_region.emit(code);
                        }
                    });
                })
            };
            html! {
                <>
                    <RegionPicker regions={list.clone()} selected={(*region).clone().unwrap_or_default()} on_change={on_region} />
                    <button type="button" class="secondary locate-region" onclick={locate}>{ "按我的位置选择地区" }</button>
                </>
            }
        }
        _ => html! {},
    };
    let body = match (&*regions, &*catalog as &Loaded<Catalog>) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => failure(e, retry),
        (_, Some(Ok(c))) => catalogue_view(c, &query),
        _ => skeleton(),
    };
    html! {
        <section class="home" aria-labelledby="home-title">
            <h2 id="home-title">{ "医保业务，掌上通办" }</h2>
            <p class="lead">{ "参保登记、转移接续、异地就医备案、费用报销，在手机上申请，随时查进度。" }</p>
            <nav class="shortcuts" aria-label="常用">
                <Link<Route> to={Route::Mine} classes="shortcut">{ "查办理进度" }</Link<Route>>
                <Link<Route> to={Route::Offices} classes="shortcut">{ "附近网点" }</Link<Route>>
            </nav>
            { picker }
            <div class="field search">
                <label for="search">{ "搜索事项" }</label>
                <input id="search" type="search" enterkeyhint="search" placeholder="例如：备案、报销，或拼音首字母 ydjy" value={(*query).clone()} oninput={on_search} />
            </div>
            { body }
        </section>
    }
}
