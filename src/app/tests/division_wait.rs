//! Browser tests (wasm-bindgen-test): 下一步 tapped on a page with a region field while the
//! national division list is still on its way is kept — the page says so — and carried out once
//! the list is installed: the page moves on if its answers pass, or shows their errors; a list
//! that fails to load drops the tap and shows its 重试.
//! A binary of its own: the list is installed once per page (a process-wide `OnceLock`), so no
//! other test may install it first. The list's fetch answers when the test says: `window.fetch`
//! holds the requests for the list's file (the page's `tongban-divisions` meta names it) until
//! the test answers each, everything else goes to the network as usual.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{mount_fetching, settle, tap, text, until, DIVISIONS, TRANSFER_ANSWERS};
use js_sys::Function;
use std::cell::Cell;
use std::rc::Rc;
use tongban_app::draft::{storage_key, Draft};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

const WAITING: &str = "正在加载地区列表，加载完成后自动进入下一步";

/// Holds the fetches of `divisions-held.txt`; the function returned answers the `n`th held one
/// with `status` and `body`.
fn hold_the_list() -> Function {
    let meta = gloo::utils::document().create_element("meta").unwrap();
    meta.set_attribute("name", "tongban-divisions").unwrap();
    meta.set_attribute("content", "divisions-held.txt").unwrap();
    gloo::utils::document()
        .head()
        .unwrap()
        .append_child(&meta)
        .unwrap();
    Function::new_no_args(
        "const real = window.fetch.bind(window), held = [];
         window.fetch = (input, init) => {
           const url = typeof input === 'string' ? input : input.url;
           if (!url.includes('divisions-held.txt')) return real(input, init);
           return new Promise((resolve) => held.push(resolve));
         };
         return (n, status, body) => {
           if (!held[n]) return false;
           held[n](new Response(body, { status }));
           return true;
         };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into()
}

fn answer(release: &Function, n: u32, status: u16, body: &str) {
    let answered = release
        .call3(
            &JsValue::NULL,
            &n.into(),
            &status.into(),
            &JsValue::from_str(body),
        )
        .unwrap();
    assert_eq!(answered, JsValue::TRUE, "the list's fetch {n} was made");
}

/// The transfer form on its 转移信息 page (index 1), answered but for `left_out`.
fn mount_on_transfer_page(scope: &str, left_out: &str) -> Element {
    mount_on(scope, left_out, 1, Callback::noop())
}

/// The transfer form, answered but for `left_out`, on page `step` (2: 核对, its review).
fn mount_on(scope: &str, left_out: &str, step: usize, on_submit: Callback<Draft>) -> Element {
    let key = storage_key("t", scope);
    let mut d = Draft::new();
    for (k, v) in TRANSFER_ANSWERS {
        if k != left_out {
            d.values.insert(k.into(), v.into());
        }
    }
    d.step = step;
    d.save(&key);
    mount_fetching("transfer", &key, (vec![], None), on_submit)
}

fn page(root: &Element) -> String {
    root.query_selector("form.apply-form")
        .unwrap()
        .and_then(|f| f.get_attribute("data-page"))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn next_or_submit_tapped_while_the_division_list_loads_is_carried_out_once_it_is_installed() {
    let release = hold_the_list();
    // Each form fetches the list when it opens: fetch 0, 1, 2 and 3.
    let valid = mount_on_transfer_page("wait-valid", "");
    settle().await;
    let missing = mount_on_transfer_page("wait-missing", "transfer.to_region");
    settle().await;
    let failing = mount_on_transfer_page("wait-failing", "");
    settle().await;
    for root in [&valid, &missing, &failing] {
        assert_eq!(page(root), "1");
        assert!(
            root.query_selector(".skeleton").unwrap().is_some(),
            "the region fields wait for the list"
        );
        assert_eq!(text(root, ".list-wait"), "", "nothing said before a tap");
        tap(root, "button.next").await;
        assert_eq!(page(root), "1", "the page cannot be checked yet");
        assert_eq!(text(root, ".list-wait"), WAITING);
        assert_eq!(
            root.query_selector(".list-wait")
                .unwrap()
                .and_then(|e| e.get_attribute("role")),
            Some("status".into()),
            "the line is announced"
        );
    }
    let submitted = Rc::new(Cell::new(false));
    let on_submit = {
        let submitted = submitted.clone();
        Callback::from(move |_| submitted.set(true))
    };
    let review = mount_on("wait-submit", "", 2, on_submit);
    settle().await;
    tap(&review, "button.submit").await;
    assert!(!submitted.get(), "the answers cannot be checked yet");
    assert_eq!(
        text(&review, ".list-wait"),
        "正在加载地区列表，加载完成后自动提交"
    );

    // The list fails to load: the tap is dropped, the field offers 重试.
    answer(&release, 2, 503, "");
    until("the failure shows", || {
        text(&failing, "fieldset.form-step").contains("重试")
    })
    .await;
    assert_eq!(text(&failing, ".list-wait"), "");
    assert_eq!(page(&failing), "1");

    // The list arrives: the answered page moves on by itself, the other shows what is
    // missing, the answers waiting on 核对 are submitted.
    answer(&release, 0, 200, DIVISIONS);
    answer(&release, 1, 200, DIVISIONS);
    answer(&release, 3, 200, DIVISIONS);
    until("the answers are submitted", || submitted.get()).await;
    assert_eq!(text(&review, ".list-wait"), "");
    until("the answered page moves on", || page(&valid) != "1").await;
    assert_eq!(text(&valid, ".list-wait"), "");
    until("the missing answer's error shows", || {
        !text(&missing, "[data-field='transfer.to_region'] .error").is_empty()
    })
    .await;
    assert_eq!(page(&missing), "1");
    assert_eq!(text(&missing, ".list-wait"), "");
    assert!(
        !text(&missing, "[data-field='transfer.to_region'] .error").contains("地区列表"),
        "the error is the answer's, not the list's"
    );
    assert!(
        text(&missing, "[data-field='transfer.from_region'] .error").is_empty(),
        "the answered region passes"
    );
    for key in ["wait-valid", "wait-missing", "wait-failing", "wait-submit"] {
        Draft::clear(&storage_key("t", key));
    }
}
