//! 长辈版's home: six to eight large tiles instead of the whole list — the region's most-used
//! items a person files, 查进度, 亲情代办, 预约, 电话咨询 — and 全部事项 for the rest.

use crate::api::{catalogue::Listed, Catalog};
use crate::route::Route;
use crate::router::{follow, Navigator};
use yew::prelude::*;

/// At most this many item tiles: with the four fixed ones, eight tiles in all.
pub const ITEM_TILES: usize = 4;

/// The items tiled: the region's 高频事项 a person files; when it marks too few, the first items a
/// person can apply for online fill up to two (so there are at least six tiles), up to
/// [`ITEM_TILES`].
pub fn tiled_items(catalog: &Catalog) -> Vec<&Listed> {
    let person = || catalog.items.iter().filter(|i| i.for_person);
    let mut out: Vec<&Listed> = person().filter(|i| i.frequent).take(ITEM_TILES).collect();
    for item in person().filter(|i| i.badges.applicable && i.badges.online) {
        if out.len() >= 2 {
            break;
        }
        if !out.iter().any(|o| o.id == item.id) {
            out.push(item);
        }
    }
    out
}

fn tile(
    navigator: &Navigator,
    to: Route,
    title: &str,
    hint: Option<&str>,
    class: &'static str,
) -> Html {
    let href = navigator.href(&to);
    let onclick = {
        let navigator = navigator.clone();
        Callback::from(move |e: MouseEvent| follow(&e, Some(&navigator), &to))
    };
    html! {
        <li><a class={classes!("tile", class)} {href} {onclick}>
            <span class="tile-title">{ title }</span>
            if let Some(hint) = hint {
                <span class="tile-hint">{ hint }</span>
            }
        </a></li>
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub catalog: Catalog,
    pub on_all: Callback<MouseEvent>,
}

/// The tiles, then 全部事项. The phone tile calls the region's first office that publishes a
/// phone number (asked through the second module, src/deferred.rs); while none is known it opens
/// 附近网点, which lists what there is.
#[component]
pub fn ElderTiles(props: &Props) -> Html {
    let navigator = crate::router::use_navigator();
    let phone = use_state(|| None::<String>);
    {
        let phone = phone.clone();
        use_effect_with(props.catalog.region.clone(), move |region| {
            let region = region.clone();
            phone.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(tel) = crate::deferred::office_phone(region).await {
                    phone.set(Some(tel));
                }
            });
        });
    }
    let Some(navigator) = navigator else {
        return html! {};
    };
    let region = props.catalog.region.clone();
    let items = tiled_items(&props.catalog);
    let call = match &*phone {
        Some(tel) => html! {
            <li><a class="tile tile-call" href={format!("tel:{}", tel.replace('-', ""))}>
                <span class="tile-title">{ "电话咨询" }</span>
                <span class="tile-hint">{ tel }</span>
            </a></li>
        },
        None => tile(
            &navigator,
            Route::Offices,
            "电话咨询",
            Some("查看网点电话"),
            "tile-call",
        ),
    };
    html! {
        <>
            <ul class="tiles" aria-label="常用服务">
                { for items.iter().map(|i| {
                    let to = Route::Guide { region: i.region.clone(), id: i.id.clone() };
                    tile(&navigator, to, &i.name, None, "tile-item")
                }) }
                { tile(&navigator, Route::Mine, "查进度", Some("我的办件"), "tile-progress") }
                { tile(&navigator, Route::Family, "亲情代办", Some("替家人办、请家人办"), "tile-family") }
                { tile(&navigator, Route::Book { region, id: "-".into() }, "预约", Some("到窗口办理"), "tile-book") }
                { call }
            </ul>
            <button type="button" class="secondary all-items" onclick={props.on_all.clone()}>{ "全部事项" }</button>
        </>
    }
}
