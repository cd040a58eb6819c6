//! `use_load`: what the pages that show one answer from the gateway had each written out — the
//! answer (none while loading), 重试, and dropping an answer that lands after the page asked
//! again (another receipt number, another item, a retry). A load that failed for the network
//! asks again by itself when the network returns (the browser's `online`), as the deferred
//! pages do: 重试 is there meanwhile.

use crate::api::ApiError;
use crate::components::notice::Loaded;
use std::future::Future;
use yew::prelude::*;

/// A page's answer and its 重试.
pub struct Load<T> {
    /// `None` while the first answer is on its way.
    pub state: UseStateHandle<Loaded<T>>,
    /// Asks again with the same inputs.
    pub retry: Callback<MouseEvent>,
}

/// Calls `load(deps)` when the page mounts, whenever `deps` change and on 重试; only the answer to
/// the newest call is kept.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, load: F) -> Load<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| None::<Result<T, ApiError>>);
    let attempt = use_state(|| 0u32);
    let newest = use_mut_ref(|| 0u64);
    {
        let (state, newest) = (state.clone(), newest.clone());
        use_effect_with((deps, *attempt), move |(deps, _)| {
            let call = {
                let mut n = newest.borrow_mut();
                *n += 1;
                *n
            };
            let future = load(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = future.await;
                if *newest.borrow() == call {
                    state.set(Some(loaded));
                }
            });
        });
    }
    {
        let (attempt, offline) = (
            attempt.clone(),
            matches!(&*state, Some(Err(ApiError::Network))),
        );
        use_effect_with(offline, move |&offline| {
            let listener = offline.then(|| {
                gloo::events::EventListener::once(&gloo::utils::window(), "online", move |_| {
                    attempt.set(*attempt + 1)
                })
            });
            move || drop(listener)
        });
    }
    let retry = Callback::from(move |_| attempt.set(*attempt + 1));
    Load { state, retry }
}
