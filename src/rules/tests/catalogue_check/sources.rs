//! Every fact has a source that names a known document, within its own region, and no citizen-facing text carries a short key.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A known fact's source names at least one document of the citation table.
fn assert_cites_a_document(whose: &str, source: &str) {
    assert!(
        !source.trim().is_empty(),
        "{whose}: a fact without a source"
    );
    assert!(
        citation::is_citable(source),
        "{whose}: {source:?} names no document of citation::DOCUMENTS nor a government page"
    );
}

#[test]
fn every_fact_has_a_source() {
    let cat = catalogue();
    for region in cat.regions() {
        assert!(!region.source.trim().is_empty());
        for item in cat.items(&region.code).unwrap() {
            for source in item.sources() {
                assert_cites_a_document(&item.id, source);
            }
        }
    }
}

#[test]
fn every_flag_has_a_source_or_is_unknown() {
    let cat = catalogue();
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            let flags = [
                ("commitment", &item.commitment),
                ("auto_approval", &item.auto_approval),
                ("self_revocation", &item.self_revocation),
                ("no_application", &item.no_application),
                ("unit_agency", &item.unit_agency),
                ("applicable", &item.applicable),
                ("high_frequency", &item.high_frequency),
            ];
            let materials = item.materials.iter().map(|m| ("may_defer", &m.may_defer));
            for (name, flag) in flags.into_iter().chain(materials) {
                match flag {
                    Fact::Known(Cited { source, .. }) => {
                        assert_cites_a_document(&format!("{} {name}", item.id), source)
                    }
                    Fact::Unknown(_) => {}
                }
            }
            assert!(
                matches!(item.applicable, Fact::Known(_)),
                "{}: the seed row says whether it can be applied for",
                item.id
            );
            if item.auto_approval.is_true() {
                assert!(
                    item.commitment.is_true(),
                    "{}: only a 承诺制 filing is approved without the office",
                    item.id
                );
            }
        }
    }
}

#[test]
fn a_national_template_states_only_what_a_national_document_says() {
    for t in catalogue().templates() {
        for source in t.sources() {
            assert_cites_a_document(&t.id, source);
            for region in citation::regions_of(source) {
                assert!(
                    region.is_none(),
                    "template {} cites {region:?}'s own source: {source}",
                    t.id
                );
            }
        }
    }
}

#[test]
fn no_item_of_one_region_cites_another_regions_local_document() {
    let cat = catalogue();
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            for source in item.sources() {
                for own in citation::regions_of(source) {
                    assert!(
                        own.is_none_or(|r| r == region.code),
                        "{} of {} cites a source of {own:?}: {source}",
                        item.id,
                        region.code,
                    );
                }
            }
        }
    }
}

#[test]
fn no_citizen_facing_text_contains_a_short_code() {
    let cat = catalogue();
    let mut texts: Vec<(String, String)> = vec![];
    for region in cat.regions() {
        texts.push((region.code.clone(), region.name.clone()));
        for item in cat.items(&region.code).unwrap() {
            let id = &item.id;
            let mut own = vec![item.name.clone(), item.category.clone()];
            own.extend(item.parent_name.clone());
            own.extend(item.remarks.clone());
            own.extend(
                item.conditions
                    .iter()
                    .chain(&item.notes)
                    .map(|c| c.value.clone()),
            );
            own.extend(item.materials.iter().map(|m| m.name.clone()));
            own.extend(
                item.materials
                    .iter()
                    .filter_map(|m| m.when.clone().map(|w| w.value)),
            );
            // The sources as the guide and the documents show them.
            own.extend(item.sources().into_iter().map(cite));
            texts.extend(own.into_iter().map(|t| (id.clone(), t)));
        }
    }
    for form in cat.forms() {
        let mut own = vec![form.title.clone()];
        for step in &form.steps {
            own.push(step.title.clone());
        }
        for field in form.fields() {
            own.push(field.label.clone());
            own.extend(field.hint.clone());
            own.extend(field.options.iter().map(|o| o.label.clone()));
        }
        texts.extend(own.into_iter().map(|t| (format!("forms/{}", form.id), t)));
    }
    for rule in tongban_rules::filing::RULES {
        texts.push((rule.id.into(), rule.text.into()));
    }
    // The 备案登记表 and 承诺书 of every filing item, as the applicant reads them.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            let Some(kind) = tongban_rules::filing::FilingType::of_template(&item.template) else {
                continue;
            };
            let values = [
                ("applicant.name", "王小明"),
                ("filing.type", kind.value()),
                ("filing.start_date", "2026-12-01"),
                ("filing.end_date", "2027-06-01"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            let docs = tongban_rules::filing::render_documents(&item, &values, day).unwrap();
            texts.push((item.id.clone(), docs.registration));
            texts.extend(docs.commitment.map(|c| (item.id.clone(), c)));
        }
    }
    for (whose, text) in texts {
        assert_eq!(short_key_in(&text), None, "{whose}: {text}");
    }
}
