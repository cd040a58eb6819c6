//! A path the app does not know: say so and offer the way home.

use crate::route::Route;
use crate::router::Link;
use yew::prelude::*;

#[component]
pub fn NotFound() -> Html {
    html! {
        <section class="not-found">
            <h2>{ "没有找到这个页面" }</h2>
            <Link to={Route::Home} classes="button">{ "回到首页" }</Link>
        </section>
    }
}
