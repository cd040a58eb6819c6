//! The router: the current [`Route`] read from the address, links and [`Navigator::push`] that
//! change it without a reload, and the back and forward buttons. Routes are paths under the
//! page's `<base href>` (`/`, or the gateway's `TONGBAN_BASE_PATH`), or, when the page routes by
//! hash (`route::hash_routing`), the fragment (`index.html#/items/…`).
//!
//! Written here instead of taken from yew-router: the app has fourteen routes and no query or
//! history state of its own, and yew-router with route-recognizer and gloo-history was about
//! 27 KB of the first load's wasm.

use crate::route::Route;
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Where routes live in the address, and how to move to one.
#[derive(Clone, PartialEq)]
pub struct Navigator {
    hash: bool,
    /// The `<base href>` path without its trailing slash (`""` at the root, `/h5` under a base).
    base: Rc<str>,
    set: Callback<Route>,
    /// The route shown now: one context for both, so the first load's wasm carries one
    /// provider, not two.
    route: Route,
}

impl Navigator {
    /// The address of `route`: under the base path, or in the fragment.
    pub fn href(&self, route: &Route) -> String {
        if self.hash {
            format!("#{}", route.to_path())
        } else {
            format!("{}{}", self.base, route.to_path())
        }
    }

    /// Goes to `route`: a new history entry, the page shown at once.
    pub fn push(&self, route: &Route) {
        if let Ok(history) = gloo::utils::window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&self.href(route)));
        }
        self.set.emit(route.clone());
    }

    /// The route the address names now.
    fn current(&self) -> Route {
        let location = gloo::utils::window().location();
        let path = if self.hash {
            let fragment = location.hash().unwrap_or_default();
            fragment.trim_start_matches('#').to_owned()
        } else {
            let path = location.pathname().unwrap_or_default();
            match path.strip_prefix(&*self.base) {
                Some(rest) => rest.to_owned(),
                None => path,
            }
        };
        Route::recognize(&path)
    }
}

/// The path of the page's `<base href>`, without its trailing slash; `""` without one.
fn base_path() -> String {
    let href = gloo::utils::document()
        .query_selector("base[href]")
        .ok()
        .flatten()
        .and_then(|_| gloo::utils::document().base_uri().ok().flatten());
    href.and_then(|h| web_sys::Url::new(&h).ok())
        .map(|u| u.pathname().trim_end_matches('/').to_owned())
        .unwrap_or_default()
}

/// In hash routing, a page opened without a route in its fragment (`index.html`, or a host's
/// `#…` the shell has already read) gets the home route there (`#/`), in place: the address then
/// always names the page shown.
fn route_in_fragment() {
    let window = gloo::utils::window();
    let fragment = window.location().hash().unwrap_or_default();
    if !fragment.starts_with("#/") {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some("#/"));
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    /// Routes in the fragment instead of the path.
    pub hash: bool,
    #[prop_or_default]
    pub children: Html,
}

/// Provides the [`Navigator`], with the current [`Route`] in it, to everything inside it.
#[component]
pub fn Router(props: &RouterProps) -> Html {
    let route = use_state_eq(|| None::<Route>);
    let navigator = {
        let setter = route.setter();
        use_memo(props.hash, move |&hash| {
            if hash {
                route_in_fragment();
            }
            Navigator {
                hash,
                base: if hash { "".into() } else { base_path().into() },
                set: Callback::from(move |r| setter.set(Some(r))),
                route: Route::Home, // set on every render, below
            }
        })
    };
    {
        // Back, forward, and a fragment changed by hand.
        let (navigator, route) = ((*navigator).clone(), route.clone());
        use_effect_with(props.hash, move |&hash| {
            let window = gloo::utils::window();
            let follow = move || route.set(Some(navigator.current()));
            let on_pop = {
                let follow = follow.clone();
                EventListener::new(&window, "popstate", move |_| follow())
            };
            let on_hash =
                hash.then(|| EventListener::new(&window, "hashchange", move |_| follow()));
            move || drop((on_pop, on_hash))
        });
    }
    let route = (*route).clone().unwrap_or_else(|| navigator.current());
    let context = Navigator {
        route,
        ..(*navigator).clone()
    };
    html! {
        <ContextProvider<Navigator> {context}>
            { props.children.clone() }
        </ContextProvider<Navigator>>
    }
}

/// The [`Navigator`] of the [`Router`] around the component; `None` outside one.
#[hook]
pub fn use_navigator() -> Option<Navigator> {
    use_context::<Navigator>()
}

/// The current route ([`Route::Home`] outside a [`Router`]).
#[hook]
pub fn use_route() -> Route {
    use_context::<Navigator>().map_or(Route::Home, |n| n.route)
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a route: a real `<a href>` (a long press or a modified click is the browser's),
/// which a plain click follows inside the app.
#[component]
pub fn Link(props: &LinkProps) -> Html {
    let navigator = use_navigator();
    let href = navigator.as_ref().map(|n| n.href(&props.to));
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| follow(&e, navigator.as_ref(), &to))
    };
    html! {
        <a class={props.classes.clone()} {href} {onclick}>{ props.children.clone() }</a>
    }
}

/// A plain click on a link to `to`: moves inside the app instead of loading the page again.
pub fn follow(e: &MouseEvent, navigator: Option<&Navigator>, to: &Route) {
    if let Some(navigator) = navigator {
        if !(e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key()) {
            e.prevent_default();
            navigator.push(to);
        }
    }
}
