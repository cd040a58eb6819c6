//! Browser tests (wasm-bindgen-test): the home page's list is cut after its first items, in the
//! order shown (高频事项 first, then each category), and says how many it left out.
#![cfg(target_arch = "wasm32")]

use tongban_rules::catalogue::home::first_items;
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

/// The search as the home page runs it, over the list's view of real items.
fn found(region: &str, query: &str) -> Vec<String> {
    use tongban_app::api::catalogue::Listed;
    use tongban_app::pages::home::matches;
    use tongban_rules::search::Initials;
    let catalogue = tongban_rules::catalogue::Catalogue::embedded().unwrap();
    let items: Vec<Listed> = catalogue
        .items(region)
        .unwrap()
        .iter()
        .map(Listed::of)
        .collect();
    let initials = Initials::of(query);
    let words = tongban_rules::search::synonyms(query);
    let mut names = Vec::new();
    // Twice: the second pass reads the letters the first kept.
    for _ in 0..2 {
        names = items
            .iter()
            .filter(|i| matches(i, query, &words, initials.as_ref()))
            .map(|i| format!("{} / {}", i.name, i.parent_name.as_deref().unwrap_or("")))
            .collect();
    }
    names
}

#[wasm_bindgen_test]
fn a_search_finds_items_by_chinese_words_or_pinyin_initials_alike() {
    let by_words = found("420800", "异地");
    assert!(!by_words.is_empty());
    assert!(by_words.iter().all(|n| n.contains("异地")));
    let by_initials = found("420800", "YDAZ");
    assert!(!by_initials.is_empty());
    assert!(
        by_initials.iter().all(|n| n.contains("异地安置")),
        "{by_initials:?}"
    );
    assert!(found("420800", "qqqq").is_empty());
    assert_eq!(found("420800", " ").len(), found("420800", "").len());
}
