//! Which materials an applicant uploads: the app asks for exactly these, and the gateway refuses
//! a submission without the required ones.

use tongban_rules::catalogue::model::unknown;
use tongban_rules::catalogue::{Catalogue, Cited, Exempt, Fact, Item, Material};
// The app runs the same rule in the browser: prove it there too.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn flag(value: bool) -> Fact<bool> {
    Fact::Known(Cited {
        value,
        source: "test".into(),
    })
}

fn material(name: &str, may_defer: bool, exempt: Option<Exempt>) -> Material {
    Material {
        id: name.into(),
        name: name.into(),
        paper: unknown(),
        copies: unknown(),
        when: None,
        may_defer: flag(may_defer),
        exempt: exempt.map_or(unknown(), |value| {
            Fact::Known(Cited {
                value,
                source: "test".into(),
            })
        }),
        source: "test".into(),
    }
}

fn item_with(commitment: bool, materials: Vec<Material>) -> Item {
    let mut item = Catalogue::embedded()
        .unwrap()
        .item("440000", "gd-17")
        .unwrap();
    item.commitment = flag(commitment);
    item.materials = materials;
    item
}

fn names<'a>(it: impl Iterator<Item = &'a Material>) -> Vec<&'a str> {
    it.map(|m| m.name.as_str()).collect()
}

#[test]
fn shared_data_is_never_asked_for_and_deferrable_materials_are_optional() {
    let item = item_with(
        false,
        vec![
            material("参保凭证", false, Some(Exempt::SharedData)),
            material("医疗费用发票", false, None),
            material("出院小结", true, None),
        ],
    );
    assert_eq!(names(item.uploads()), ["医疗费用发票", "出院小结"]);
    assert_eq!(item.required_uploads(), ["医疗费用发票"]);
}

#[test]
fn a_signed_commitment_stands_in_for_materials_only_on_a_commitment_item() {
    let materials = vec![material("居住证明", false, Some(Exempt::Commitment))];
    let commitment = item_with(true, materials.clone());
    assert!(commitment.required_uploads().is_empty());
    let plain = item_with(false, materials);
    assert_eq!(plain.required_uploads(), ["居住证明"]);
}

#[test]
fn abolished_and_generated_materials_are_never_asked_for() {
    let item = item_with(
        false,
        vec![
            material("联系函", false, Some(Exempt::Abolished)),
            material("备案登记表", false, Some(Exempt::Generated)),
        ],
    );
    assert!(item.uploads().next().is_none());
    assert!(item.required_uploads().is_empty());
}

#[test]
fn a_material_needed_only_in_some_case_is_offered_but_not_demanded() {
    let mut entrusted = material("委托书", false, None);
    entrusted.when = Some(Cited {
        value: "委托他人办理的".into(),
        source: "test".into(),
    });
    let item = item_with(
        false,
        vec![entrusted, material("医疗费用发票", false, None)],
    );
    assert_eq!(names(item.uploads()), ["委托书", "医疗费用发票"]);
    assert_eq!(item.required_uploads(), ["医疗费用发票"]);
}

#[test]
fn no_seed_item_asks_for_an_upload_the_seeds_do_not_name() {
    // The seeds name materials only to drop them (JM 1 取消 参保凭证 and 联系函; JM 13's
    // terminal filing needs no ID photo and generates its forms), so no item may make an
    // upload compulsory until a 办事指南 that lists one is cited.
    let catalogue = Catalogue::embedded().unwrap();
    for region in ["440000", "431100", "420800", "500114"] {
        for item in catalogue.items(region).unwrap() {
            assert!(item.required_uploads().is_empty(), "{}", item.id);
        }
    }
}
