//! The root component: preferences in context, the router, and the page frame.

use crate::{
    components::header::Header,
    pages::{home::Home, not_found::NotFound},
    prefs::{Prefs, PrefsContext},
    route::Route,
};
use yew::prelude::*;
use yew_router::prelude::*;

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

#[component]
pub fn App() -> Html {
    let prefs = use_reducer(Prefs::load);
    let class = classes!("frame", prefs.elder.then_some("elder"));
    html! {
        <ContextProvider<PrefsContext> context={prefs}>
            <BrowserRouter>
                <div {class}>
                    <Header />
                    <main id="main">
                        <Switch<Route> render={switch} />
                    </main>
                </div>
            </BrowserRouter>
        </ContextProvider<PrefsContext>>
    }
}
