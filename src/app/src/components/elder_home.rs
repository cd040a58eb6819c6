//! 长辈版's tiles come in a wasm module of their own (`split_elder-<hash>.wasm`, a few KB), which
//! only 长辈版 fetches: the first load of everyone else does not carry them. [`ElderHome`] shows
//! 正在加载 until the module is there, then the tiles; when it cannot be fetched (offline), the
//! whole list instead (`on_unavailable`), so the home page still lists the items.
//!
//! With the `split` feature (pkg-scripts/build only), `#[wasm_split(elder)]` makes
//! [`tiles_entry`] an import that wasm_split_cli satisfies by fetching the module on the first
//! call (src/deferred.rs says how); without it, a plain call.

use crate::api::Catalog;
use crate::components::elder_tiles::ElderTiles;
use crate::deferred::LoadFailed;
use std::cell::Cell;
use yew::prelude::*;

/// The tiles' renderer, as the module hands it back.
type RenderTiles = fn(Catalog, Callback<MouseEvent>) -> Html;

fn render_tiles(catalog: Catalog, on_all: Callback<MouseEvent>) -> Html {
    html! { <ElderTiles {catalog} {on_all} /> }
}

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(elder, fallible)]
fn tiles_entry() -> Result<RenderTiles, LoadFailed> {
    Ok(render_tiles)
}

#[cfg(not(feature = "split"))]
async fn tiles_entry() -> Result<RenderTiles, LoadFailed> {
    Ok(render_tiles)
}

thread_local! {
    static TILES: Cell<Option<RenderTiles>> = const { Cell::new(None) };
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub catalog: Catalog,
    /// 全部事项.
    pub on_all: Callback<MouseEvent>,
    /// The tiles' module could not be fetched: the page shows the list instead.
    pub on_unavailable: Callback<()>,
}

/// The tiles, once their module is there (fetched once; a failure is not remembered).
#[component]
pub fn ElderHome(props: &Props) -> Html {
    let arrived = use_force_update();
    {
        let on_unavailable = props.on_unavailable.clone();
        use_effect_with((), move |_| {
            if TILES.with(Cell::get).is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    match tiles_entry().await {
                        Ok(render) => {
                            TILES.with(|t| t.set(Some(render)));
                            arrived.force_update();
                        }
                        Err(LoadFailed) => on_unavailable.emit(()),
                    }
                });
            }
        });
    }
    match TILES.with(Cell::get) {
        Some(render) => render(props.catalog.clone(), props.on_all.clone()),
        None => html! { <p class="loading" role="status">{ "正在加载…" }</p> },
    }
}
