//! The catalogue check: loads all of `assets/catalogue` and proves each seed region has every
//! row, every fact (every flag included) has a source that names a known document or is
//! `unknown`, no item cites another region's local document, no citizen-facing text carries a
//! short key, and every item that can be applied for has a known form.

use tongban_rules::catalogue::{Catalogue, Cited, Fact, Item, Subject, FORM_IDS};
use tongban_rules::citation::{self, cite, short_key_in};
// In the browser run the same checks prove the catalogue parses inside wasm.
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Templates that are information, not applications: queries answered by the 医保信息平台 and
/// settlement done at the counter of a designated institution (YZ 序号6/7/41–43, QJ 附件3).
const INFORMATION_ONLY: [&str; 4] = [
    "person-query",
    "unit-query",
    "settlement-institution",
    "settlement-pharmacy",
];

fn catalogue() -> Catalogue {
    Catalogue::embedded().expect("assets/catalogue loads")
}

fn rows(region: &str) -> Vec<Item> {
    catalogue().items(region).unwrap()
}

fn assert_rows(items: &[Item], prefix: &str, count: usize) {
    for n in 1..=count {
        let row = format!("{prefix}{n}");
        assert!(items.iter().any(|i| i.row == row), "row {row} is missing");
    }
    assert_eq!(
        items.iter().filter(|i| i.row.starts_with(prefix)).count(),
        count,
        "rows {prefix}*"
    );
}

mod forms;
mod reach;
mod rows;
mod sources;
