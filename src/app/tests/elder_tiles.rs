//! Browser tests (wasm-bindgen-test): which items 长辈版's home tiles — the region's 高频事项 a
//! person files, at most four, and when the catalogue marks too few, items a person can apply
//! for online up to two.
#![cfg(target_arch = "wasm32")]

use tongban_app::api::catalogue::{Catalog, Listed};
use tongban_app::components::elder_tiles::{tiled_items, ITEM_TILES};
use tongban_rules::catalogue::{Catalogue, Subject};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn catalog(region: &str) -> Catalog {
    let catalogue = Catalogue::embedded().unwrap();
    let items = catalogue.items(region).unwrap();
    Catalog {
        region: region.into(),
        version: "v1".into(),
        items: items.iter().map(Listed::of).collect(),
    }
}

fn ids(tiled: &[&Listed]) -> Vec<String> {
    tiled.iter().map(|i| i.id.clone()).collect()
}

#[wasm_bindgen_test]
fn every_region_tiles_two_to_four_items_and_only_those_a_person_files() {
    let catalogue = Catalogue::embedded().unwrap();
    for region in ["440000", "420800", "431100", "500114"] {
        let c = catalog(region);
        let tiled = tiled_items(&c);
        assert!(
            (2..=ITEM_TILES).contains(&tiled.len()),
            "{region}: {:?}",
            ids(&tiled)
        );
        for item in &tiled {
            let whole = catalogue.item(region, &item.id).unwrap();
            assert_eq!(whole.subject, Subject::Person, "{region}: {}", item.id);
            assert!(item.badges.applicable, "{region}: {}", item.id);
        }
    }
}

#[wasm_bindgen_test]
fn guangdong_marks_unit_and_institution_items_high_frequency_and_the_tiles_leave_them_out() {
    let c = catalog("440000");
    let tiled = ids(&tiled_items(&c));
    assert_eq!(tiled.len(), ITEM_TILES);
    assert!(
        !tiled.contains(&"gd-01".to_string()),
        "an institution's item"
    );
    assert!(!tiled.contains(&"gd-07".to_string()), "a unit's item");
    assert!(tiled
        .iter()
        .all(|id| c.items.iter().any(|i| &i.id == id && i.frequent)));
}

#[wasm_bindgen_test]
fn with_no_item_marked_high_frequency_the_first_two_a_person_applies_for_online_are_tiled() {
    let mut c = catalog("440000");
    for item in &mut c.items {
        item.frequent = false;
    }
    let tiled = tiled_items(&c);
    assert_eq!(tiled.len(), 2);
    let expected: Vec<String> = c
        .items
        .iter()
        .filter(|i| i.for_person && i.badges.applicable && i.badges.online)
        .take(2)
        .map(|i| i.id.clone())
        .collect();
    assert_eq!(ids(&tiled), expected);
}
