//! Choose the region whose catalogue to show; the choice is remembered on the device. Without
//! regions yet (`/regions` has not answered) it is there, empty and disabled, holding its place.
//! A plain function of the home page, not a component: a component costs the first load's wasm
//! its own machinery.

use tongban_rules::catalogue::Region;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The picker over `regions`, `selected` chosen; `on_change` gets the code chosen.
pub fn region_picker(regions: &[Region], selected: &str, on_change: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        on_change.emit(select.value());
    });
    html! {
        <div class="field region-picker">
            <label for="region">{ tongban_rules::catalogue::home::REGION }</label>
            <select id="region" {onchange} disabled={regions.is_empty()}>
                { for regions.iter().map(|r| html! {
                    <option value={r.code.clone()} selected={r.code == selected}>{ &r.name }</option>
                }) }
            </select>
        </div>
    }
}
