//! The README's count of items by how far their materials are known, and the list of those
//! still 以当地经办机构公布为准 in docs/lists-and-calendar.md, computed from the catalogue: the
//! docs cannot drift from the data. (Native only: it reads the docs from the workspace.)
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use tongban_rules::catalogue::{Catalogue, MaterialsKnown};

fn doc(path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).expect("read a doc of the workspace")
}

/// Every item that can be applied for, by id: its name and how far its materials are known.
fn applicable() -> BTreeMap<String, (String, MaterialsKnown)> {
    let cat = Catalogue::embedded().unwrap();
    let mut out = BTreeMap::new();
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            if item.applicable.is_true() {
                out.insert(item.id.clone(), (item.name.clone(), item.materials_known()));
            }
        }
    }
    out
}

#[test]
fn the_readme_counts_items_with_materials_filled_and_those_left_to_the_local_office() {
    let items = applicable();
    let count = |k: MaterialsKnown| items.values().filter(|(_, m)| *m == k).count();
    let expected = format!(
        "of {} items that can be applied for, {} list their complete materials from a \
         published 办事指南, {} the materials their notice names, {} only 以当地经办机构公布为准",
        items.len(),
        count(MaterialsKnown::Complete),
        count(MaterialsKnown::Partial),
        count(MaterialsKnown::Unknown),
    );
    let readme = doc("README.md")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(readme.contains(&expected), "README.md must say: {expected}");
}

#[test]
fn the_operators_doc_lists_every_item_whose_materials_are_left_to_the_local_office() {
    const PARTIAL: &str = "（已列明通知所述部分材料）";
    let text = doc("docs/lists-and-calendar.md");
    let section = text
        .split("## Materials (一次性告知)")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("docs/lists-and-calendar.md has its materials section");
    let listed: BTreeMap<String, String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split_once("` "))
        .map(|(id, rest)| (id.to_owned(), rest.to_owned()))
        .collect();
    let mut expected = BTreeMap::new();
    for (id, (name, known)) in applicable() {
        let line = match known {
            MaterialsKnown::Complete => continue,
            MaterialsKnown::Partial => format!("{name}{PARTIAL}"),
            MaterialsKnown::Unknown => name,
        };
        expected.insert(id, line);
    }
    let missing: Vec<_> = expected
        .iter()
        .filter(|(id, line)| listed.get(*id) != Some(line))
        .map(|(id, line)| format!("- `{id}` {line}"))
        .collect();
    let extra: Vec<_> = listed
        .keys()
        .filter(|id| !expected.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/lists-and-calendar.md: add or correct\n{}\nand drop {extra:?}",
        missing.join("\n")
    );
}
