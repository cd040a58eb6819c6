//! Browser tests (wasm-bindgen-test): `use_load` keeps only the answer to the newest question —
//! an answer that lands after the inputs changed is dropped — and 重试 asks again.
//! Each call's answer is a promise the test settles, so the order the answers land in is the
//! test's, not the network's.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use tongban_app::api::ApiError;
use tongban_app::load::{use_load, Load};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The calls made so far: each one's input and the function that settles its answer (a string
/// answer; a network failure when the test settles it with `null`, an answer of another shape
/// with anything else).
type Calls = Rc<RefCell<Vec<(u32, Function)>>>;

#[derive(Properties, Clone)]
struct Props {
    input: u32,
    calls: Calls,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.input == other.input && Rc::ptr_eq(&self.calls, &other.calls)
    }
}

#[component]
fn Probe(props: &Props) -> Html {
    let calls = props.calls.clone();
    let Load { state, retry } = use_load(props.input, move |input| {
        let mut settle = None;
        let promise = Promise::new(&mut |resolve, _| settle = Some(resolve));
        calls
            .borrow_mut()
            .push((input, settle.expect("the promise's resolve")));
        async move {
            let settled = JsFuture::from(promise).await.unwrap_or(JsValue::NULL);
            match settled.as_string() {
                Some(answer) => Ok(answer),
                None if settled.is_null() => Err(ApiError::Network),
                None => Err(ApiError::Decode),
            }
        }
    });
    let shown = match &*state {
        None => "loading".to_owned(),
        Some(Ok(answer)) => answer.clone(),
        Some(Err(_)) => "failed".to_owned(),
    };
    html! { <><p class="shown">{ shown }</p><button class="retry" onclick={retry}>{ "重试" }</button></> }
}

async fn settle() {
    for _ in 0..3 {
        gloo::timers::future::sleep(std::time::Duration::from_millis(10)).await;
        yew::scheduler::flush().await;
    }
}

fn shown(root: &Element) -> String {
    root.query_selector(".shown")
        .unwrap()
        .expect(".shown is rendered")
        .text_content()
        .unwrap_or_default()
}

fn answer(calls: &Calls, n: usize, with: &JsValue) {
    let settle = calls.borrow()[n].1.clone();
    settle.call1(&JsValue::NULL, with).unwrap();
}

fn mount(calls: &Calls, input: u32) -> (Element, yew::AppHandle<Probe>) {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = Props {
        input,
        calls: calls.clone(),
    };
    let handle = yew::Renderer::<Probe>::with_root_and_props(root.clone(), props).render();
    (root, handle)
}

#[wasm_bindgen_test]
async fn an_answer_landing_after_the_input_changed_is_dropped() {
    let calls = Calls::default();
    let (root, mut handle) = mount(&calls, 1);
    settle().await;
    assert_eq!(shown(&root), "loading");
    handle.update(Props {
        input: 2,
        calls: calls.clone(),
    });
    settle().await;
    assert_eq!(shown(&root), "loading");
    let inputs: Vec<u32> = calls.borrow().iter().map(|c| c.0).collect();
    assert_eq!(inputs, vec![1, 2], "one call per input");
    // The second answer lands first, then the first one, late.
    answer(&calls, 1, &JsValue::from_str("answer to 2"));
    settle().await;
    assert_eq!(shown(&root), "answer to 2");
    answer(&calls, 0, &JsValue::from_str("answer to 1"));
    settle().await;
    assert_eq!(shown(&root), "answer to 2", "the late answer is dropped");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn retry_asks_again_with_the_same_input_and_shows_the_new_answer() {
    let calls = Calls::default();
    let (root, handle) = mount(&calls, 7);
    settle().await;
    answer(&calls, 0, &JsValue::NULL);
    settle().await;
    assert_eq!(shown(&root), "failed");
    root.query_selector(".retry")
        .unwrap()
        .expect("重试 is rendered")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    let inputs: Vec<u32> = calls.borrow().iter().map(|c| c.0).collect();
    assert_eq!(inputs, vec![7, 7], "重试 asks again with the same input");
    answer(&calls, 1, &JsValue::from_str("answer to 7"));
    settle().await;
    assert_eq!(shown(&root), "answer to 7");
    handle.destroy();
}

fn inputs(calls: &Calls) -> Vec<u32> {
    calls.borrow().iter().map(|c| c.0).collect()
}

fn network_returns() {
    let online = web_sys::Event::new("online").unwrap();
    gloo::utils::window().dispatch_event(&online).unwrap();
}

#[wasm_bindgen_test]
async fn a_load_failed_for_the_network_asks_again_when_the_network_returns() {
    let calls = Calls::default();
    let (root, handle) = mount(&calls, 5);
    settle().await;
    answer(&calls, 0, &JsValue::NULL);
    settle().await;
    assert_eq!(shown(&root), "failed");
    network_returns();
    settle().await;
    assert_eq!(inputs(&calls), vec![5, 5], "asked again by itself");
    answer(&calls, 1, &JsValue::from_str("answer to 5"));
    settle().await;
    assert_eq!(shown(&root), "answer to 5");
    network_returns();
    settle().await;
    assert_eq!(
        inputs(&calls),
        vec![5, 5],
        "an answer shown is not asked again"
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_load_failed_otherwise_waits_for_retry() {
    let calls = Calls::default();
    let (root, handle) = mount(&calls, 6);
    settle().await;
    answer(&calls, 0, &JsValue::from_f64(1.0));
    settle().await;
    assert_eq!(shown(&root), "failed");
    network_returns();
    settle().await;
    assert_eq!(inputs(&calls), vec![6], "the network was not what failed");
    handle.destroy();
}
