//! Browser tests (wasm-bindgen-test): the home page's list is cut after its first items, in the
//! order shown (高频事项 first, then each category), and says how many it left out.
#![cfg(target_arch = "wasm32")]

use tongban_app::pages::home::first_items;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sections() -> Vec<(&'static str, Vec<u32>)> {
    vec![
        ("高频事项", vec![1, 2, 3]),
        ("备案", vec![4, 5]),
        ("报销", vec![6, 7, 8]),
    ]
}

#[wasm_bindgen_test]
fn the_cut_falls_inside_a_section_and_drops_the_sections_after_it() {
    let (shown, hidden) = first_items(sections(), 4);
    assert_eq!(shown, vec![("高频事项", vec![1, 2, 3]), ("备案", vec![4])]);
    assert_eq!(hidden, 4);
}

#[wasm_bindgen_test]
fn a_limit_beyond_the_items_shows_them_all_and_hides_none() {
    assert_eq!(first_items(sections(), 50), (sections(), 0));
}

#[wasm_bindgen_test]
fn a_cut_at_a_section_boundary_leaves_no_empty_section() {
    let (shown, hidden) = first_items(sections(), 3);
    assert_eq!(shown, vec![("高频事项", vec![1, 2, 3])]);
    assert_eq!(hidden, 5);
}
