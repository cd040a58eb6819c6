//! One item in a list: its name, the main item it belongs to, and badges for how it can be done.

use crate::api::catalogue::Listed;
use crate::route::Route;
use crate::router::{follow, Navigator};
use yew::prelude::*;

/// One card: a plain function, not a component, so a list of them costs no component state
/// and no router hooks per card; `navigator` is the list's, asked once.
pub fn item_card(item: &Listed, navigator: &Navigator) -> Html {
    let to = Route::Guide {
        region: item.region.clone(),
        id: item.id.clone(),
    };
    let href = navigator.href(&to);
    let onclick = {
        let navigator = navigator.clone();
        Callback::from(move |e: MouseEvent| follow(&e, Some(&navigator), &to))
    };
    let parent = item.parent_name.as_ref().filter(|p| **p != item.name);
    html! {
        <li class="item-card" key={item.id.clone()} data-item={item.id.clone()}>
            <a class="item-link" {href} {onclick}>
                <span class="item-name">{ &item.name }</span>
                if let Some(parent) = parent {
                    <span class="item-parent">{ parent }</span>
                }
                <span class="badges">
                    { for item.badges.labels().into_iter().map(|b| html! { <span class="badge">{ b }</span> }) }
                </span>
            </a>
        </li>
    }
}
