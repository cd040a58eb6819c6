//! 一次性告知: the catalogue check of materials. Each material has a name and a source (a
//! document of the citation table or a government page), its kinds are the known ones, every
//! fact it states is sourced, and the refusal names the item; the Jingmen materials its notice
//! names are in the guide with their sources.

use tongban_rules::catalogue::embedded::{FORM_FILES, NATIONAL, REGIONS, REGION_FILES};
use tongban_rules::catalogue::{Catalogue, Exempt, MaterialsKnown};
use tongban_rules::citation::cite;
use tongban_rules::Error;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The catalogue with `jm-transfer`'s first material replaced by `material` (JSON text).
fn with_material(material: &str) -> Vec<Error> {
    let (code, text) = REGION_FILES[2];
    assert_eq!(code, "420800");
    let mut file: serde_json::Value = serde_json::from_str(text).unwrap();
    let item = file["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["id"] == "jm-transfer")
        .unwrap();
    item["overrides"]["materials"][0] = serde_json::from_str(material).unwrap();
    let changed = serde_json::to_string(&file).unwrap();
    let mut regions = REGION_FILES.to_vec();
    regions[2] = (code, changed.as_str());
    Catalogue::check(REGIONS, NATIONAL, &regions, &FORM_FILES)
}

fn refusal(material: &str) -> String {
    let errors = with_material(material);
    assert_eq!(errors.len(), 1, "{material}: {errors:?}");
    errors[0].to_string()
}

#[test]
fn a_material_with_its_kind_copies_and_case_from_a_government_page_passes() {
    let errors = with_material(
        r#"{"id": "id-card", "name": "居民身份证",
            "paper": {"value": "original_and_copy", "source": "https://www.jingmen.gov.cn/guide/1"},
            "copies": {"value": 1, "source": "https://www.jingmen.gov.cn/guide/1"},
            "when": {"value": "委托他人办理的", "source": "https://www.jingmen.gov.cn/guide/1"},
            "exempt": {"value": "shared_data", "source": "JM 1"},
            "source": "https://www.jingmen.gov.cn/guide/1"}"#,
    );
    assert_eq!(errors, vec![]);
}

#[test]
fn a_material_without_a_citable_source_is_refused_with_its_item() {
    for source in ["", "某网站", "https://bkwk.cn/article/gz.html"] {
        let text = refusal(&format!(
            r#"{{"id": "id-card", "name": "居民身份证", "source": "{source}"}}"#
        ));
        assert!(text.contains("regions/420800.json"), "{text}");
        assert!(text.contains("jm-transfer (material `id-card`)"), "{text}");
    }
}

#[test]
fn every_fact_of_a_material_needs_its_own_citable_source() {
    for (fact, json) in [
        ("paper", r#""paper": {"value": "copy", "source": "听说"}"#),
        ("copies", r#""copies": {"value": 2, "source": ""}"#),
        (
            "when",
            r#""when": {"value": "住院的", "source": "http://x.cn"}"#,
        ),
        (
            "exempt",
            r#""exempt": {"value": "commitment", "source": "?"}"#,
        ),
    ] {
        let text = refusal(&format!(
            r#"{{"id": "a", "name": "发票", {json}, "source": "JM 1"}}"#
        ));
        assert!(text.contains(&format!("`{fact}`")), "{fact}: {text}");
    }
}

#[test]
fn unknown_kinds_nameless_materials_and_zero_copies_are_refused() {
    let cases = [
        (
            r#"{"id": "a", "name": "发票", "paper": {"value": "scan", "source": "JM 1"}, "source": "JM 1"}"#,
            "cannot parse",
        ),
        (
            r#"{"id": "a", "name": "发票", "exempt": {"value": "lost", "source": "JM 1"}, "source": "JM 1"}"#,
            "cannot parse",
        ),
        (
            r#"{"id": "a", "name": "发票", "shared_data": "unknown", "source": "JM 1"}"#,
            "cannot parse",
        ),
        (
            r#"{"id": "a", "name": " ", "source": "JM 1"}"#,
            "has no name",
        ),
        (
            r#"{"id": "a", "name": "发票", "copies": {"value": 0, "source": "JM 1"}, "source": "JM 1"}"#,
            "0 copies",
        ),
        (
            r#"{"id": "transfer-contact-letter", "name": "联系函", "source": "JM 1"}"#,
            "repeated id",
        ),
        (
            r#"{"id": "a", "name": "JM 1 所列材料", "source": "JM 1"}"#,
            "short key",
        ),
    ];
    for (json, says) in cases {
        let text = refusal(json);
        assert!(text.contains(says), "{json}: {text}");
    }
}

#[test]
fn jingmen_names_the_materials_its_notice_drops_with_why_and_where() {
    let cat = Catalogue::embedded().unwrap();
    let transfer = cat.item("420800", "jm-transfer").unwrap();
    let names: Vec<_> = transfer.materials.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "《基本医疗保险参保凭证》",
            "《基本医疗保险关系转移接续联系函》"
        ]
    );
    for m in &transfer.materials {
        assert_eq!(m.exempt.known(), Some(&Exempt::Abolished));
        assert!(cite(&m.source).ends_with("（荆医保发〔2023〕18号）第一项"));
    }
    assert_eq!(transfer.materials_known(), MaterialsKnown::Partial);
    // JM 13 is a measure of the self-service terminal: its materials say so.
    let filing = cat.item("420800", "jm-filing-temporary").unwrap();
    assert!(filing.materials.iter().all(|m| m
        .when
        .as_ref()
        .is_some_and(|w| w.value.contains("自助服务终端") && w.source == "JM 13")));
    assert!(filing.required_uploads().is_empty());
}
