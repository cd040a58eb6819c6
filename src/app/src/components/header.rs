//! The top bar: the product name and the elder-mode switch (适老化), always in reach.

use crate::prefs::{PrefsAction, PrefsContext};
use yew::prelude::*;

#[component]
pub fn Header() -> Html {
    let prefs = use_context::<PrefsContext>().expect("Header needs the prefs context");
    let elder = prefs.elder;
    let toggle = {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetElder(!elder)))
    };
    html! {
        <header class="topbar">
            <h1 class="brand">{ "通办 · 医保服务" }</h1>
            <button type="button" class="elder-toggle" aria-pressed={elder.to_string()} onclick={toggle}>
                { if elder { "标准版" } else { "长辈版" } }
            </button>
        </header>
    }
}
