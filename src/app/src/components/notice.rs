//! Loading skeletons and calm, actionable failure notices shared by the pages.

use crate::api::ApiError;
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
            <p>{ err.message() }</p>
            <button type="button" onclick={retry}>{ "重试" }</button>
        </div>
    }
}

/// Something loaded from the gateway: not yet, or the answer.
pub type Loaded<T> = Option<Result<T, ApiError>>;
