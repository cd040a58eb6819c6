//! Loading skeletons, calm and actionable failure notices, and what the office asked for on a
//! return (退回补正): the notices shared by the pages.

use crate::api::{applications::Asked, ApiError};
use yew::prelude::*;

/// What a page shows before its data arrives.
pub fn skeleton() -> Html {
    html! {
        <div class="skeleton" aria-busy="true" aria-label="正在加载">
            <p class="skeleton-line"></p><p class="skeleton-line"></p><p class="skeleton-line short"></p>
        </div>
    }
}

/// A failure with what to do about it, and a retry button.
pub fn failure(err: &ApiError, retry: Callback<MouseEvent>) -> Html {
    html! {
        <div class="notice" role="status">
            <p>{ err.text() }</p>
            <button type="button" onclick={retry}>{ "重试" }</button>
        </div>
    }
}

/// Something loaded from the gateway: not yet, or the answer.
pub type Loaded<T> = Option<Result<T, ApiError>>;

/// 退回补正: the office's note and the materials it asks for, kept in view.
pub fn asked(a: &Asked) -> Html {
    html! {
        <div class="notice asked" role="status">
            <p>{ "经办机构要求补正：" }{ &a.note }</p>
            if !a.materials.is_empty() {
                <ul>{ for a.materials.iter().map(|m| html! { <li>{ m }</li> }) }</ul>
            }
        </div>
    }
}
