//! One item in a list: its name, the main item it belongs to, and badges for how it can be done.

use crate::route::Route;
use tongban_rules::catalogue::{Channel, Item, Scope};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub item: Item,
}

/// Badges from the item's facts: 跨省通办 / 省内通办 / 全程网办 / 免申即享 / 仅供查看.
pub fn badges(item: &Item) -> Vec<&'static str> {
    let mut out = Vec::new();
    if item.no_application.is_true() {
        out.push("免申即享");
    }
    if item.scopes.contains(&Scope::CrossProvince) {
        out.push("跨省通办");
    } else if item.scopes.contains(&Scope::InProvince) {
        out.push("省内通办");
    }
    if item
        .channels
        .known()
        .is_some_and(|c| c.contains(&Channel::Online))
    {
        out.push("全程网办");
    }
    if !item.applicable.is_true() {
        out.push("仅供查看");
    }
    out
}

#[component]
pub fn ItemCard(props: &Props) -> Html {
    let item = &props.item;
    let parent = item.parent_name.as_ref().filter(|p| **p != item.name);
    html! {
        <li class="item-card" data-item={item.id.clone()}>
            <Link<Route> to={Route::Guide { region: item.region.clone(), id: item.id.clone() }} classes="item-link">
                <span class="item-name">{ &item.name }</span>
                if let Some(parent) = parent {
                    <span class="item-parent">{ parent }</span>
                }
                <span class="badges">
                    { for badges(item).into_iter().map(|b| html! { <span class="badge">{ b }</span> }) }
                </span>
            </Link<Route>>
        </li>
    }
}
