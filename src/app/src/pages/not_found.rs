//! A path the app does not know: say so and offer the way home. A plain function, not a
//! component: it has no state, and a component costs the first load's wasm its own machinery.

use crate::route::Route;
use crate::router::Link;
use yew::prelude::*;

pub fn not_found() -> Html {
    html! {
        <section class="not-found">
            <h2>{ "没有找到这个页面" }</h2>
            <Link to={Route::Home} classes="button">{ "回到首页" }</Link>
        </section>
    }
}
