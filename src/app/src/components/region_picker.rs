//! Choose the region whose catalogue to show; the choice is remembered on the device. Without
//! regions yet (`/regions` has not answered) it is there, empty and disabled, holding its place.

use tongban_rules::catalogue::Region;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub regions: Vec<Region>,
    pub selected: String,
    pub on_change: Callback<String>,
}

#[component]
pub fn RegionPicker(props: &Props) -> Html {
    let on_change = props.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        on_change.emit(select.value());
    });
    html! {
        <div class="field region-picker">
            <label for="region">{ "办理地区" }</label>
            <select id="region" {onchange} disabled={props.regions.is_empty()}>
                { for props.regions.iter().map(|r| html! {
                    <option value={r.code.clone()} selected={r.code == props.selected}>{ &r.name }</option>
                }) }
            </select>
        </div>
    }
}
