//! The catalogue check: loads all of `assets/catalogue` and proves each seed region has every
//! row, every fact (every flag included) has a source that names a known document or is
//! `unknown`, no item cites another region's local document, no citizen-facing text carries a
//! short key, and every item that can be applied for has a known form.

use tongban_rules::catalogue::{Catalogue, Cited, Fact, Item, Subject, Template, FORM_IDS};
use tongban_rules::citation::{self, cite, short_key_in};
// In the browser run the same checks prove the catalogue parses inside wasm.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
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

#[test]
fn guangdong_has_its_18_tongban_items() {
    let items = rows("440000");
    assert_rows(&items, "序号", 18);
    let temp = items
        .iter()
        .find(|i| i.name == "临时异地就医人员备案")
        .unwrap();
    assert_eq!(
        temp.scopes,
        vec![tongban_rules::catalogue::Scope::InProvince],
        "省内通办 only (GD 附件 序号9)"
    );
}

#[test]
fn yongzhou_has_its_43_rows_with_base_codes() {
    let items = rows("431100");
    assert_rows(&items, "序号", 43);
    assert!(
        items.iter().all(|i| i.base_code.is_some()),
        "every YZ row has a base code"
    );
    let shared: Vec<_> = items
        .iter()
        .filter(|i| i.base_code.as_deref() == Some("432036003W03"))
        .collect();
    assert_eq!(
        shared.len(),
        2,
        "two rows share 432036003W03 and keep their own ids"
    );
    assert_ne!(shared[0].id, shared[1].id);
    assert!(items
        .iter()
        .any(|i| i.remarks.as_deref() == Some("仅开放基本信息查询")));
}

#[test]
fn qianjiang_has_38_services_and_17_informational_powers() {
    let items = rows("500114");
    assert_rows(&items, "附件3 序号", 38);
    assert_rows(&items, "附件2 序号", 17);
    assert!(items
        .iter()
        .filter(|i| i.row.starts_with("附件2"))
        .all(|i| !i.applicable.is_true() && i.form.is_none()));
}

#[test]
fn jingmen_keeps_its_promises_as_rules() {
    let cat = catalogue();
    let transfer = cat.item("420800", "jm-transfer").unwrap();
    assert_eq!(
        transfer.promised_days.known(),
        Some(&15),
        "JM 2: 15 working days"
    );
    let allowance = cat
        .items("420800")
        .unwrap()
        .into_iter()
        .find(|i| i.template == "maternity-allowance")
        .unwrap();
    assert!(
        allowance.no_application.is_true(),
        "JM 23: 生育津贴 免申即享"
    );
    assert!(cat
        .items("420800")
        .unwrap()
        .iter()
        .filter(|i| i.template.starts_with("filing-"))
        .all(|i| i.commitment.is_true() && i.auto_approval.is_true()));
}

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

/// Every source a template's facts cite.
fn template_sources(t: &Template) -> Vec<&str> {
    let mut out = vec![];
    out.extend(t.kind.source());
    out.extend(t.statutory_days.source());
    out.extend(t.promised_days.source());
    out.extend(t.channels.source());
    for flag in [
        &t.commitment,
        &t.auto_approval,
        &t.self_revocation,
        &t.no_application,
    ] {
        out.extend(flag.source());
    }
    for c in t.conditions.iter().chain(&t.notes) {
        out.push(&c.source);
    }
    out.extend(t.materials_complete.source());
    for m in &t.materials {
        out.push(&m.source);
        out.extend(m.paper.source());
        out.extend(m.copies.source());
        out.extend(m.when.as_ref().map(|w| w.source.as_str()));
        out.extend(m.may_defer.source());
        out.extend(m.exempt.source());
    }
    out
}

#[test]
fn a_national_template_states_only_what_a_national_document_says() {
    for t in catalogue().templates() {
        for source in template_sources(t) {
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

#[test]
fn every_applicable_item_has_a_known_form_or_is_information_only() {
    let cat = catalogue();
    for region in cat.regions() {
        for item in cat
            .items(&region.code)
            .unwrap()
            .into_iter()
            .filter(|i| i.applicable.is_true())
        {
            match &item.form {
                Some(form) => assert!(
                    FORM_IDS.contains(&form.as_str()),
                    "{}: form {form}",
                    item.id
                ),
                None => assert!(
                    INFORMATION_ONLY.contains(&item.template.as_str()),
                    "{} has no form",
                    item.id
                ),
            }
        }
    }
}

#[test]
fn a_known_promise_never_exceeds_its_statutory_limit() {
    let cat = catalogue();
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            if let (Fact::Known(p), Fact::Known(s)) = (&item.promised_days, &item.statutory_days) {
                assert!(
                    p.value <= s.value,
                    "{}: promised {} > statutory {}",
                    item.id,
                    p.value,
                    s.value
                );
            }
        }
    }
}

#[test]
fn every_form_of_the_closed_list_exists_with_fields_and_standard_blocks() {
    let cat = catalogue();
    for id in FORM_IDS {
        let form = cat
            .form(id)
            .unwrap_or_else(|_| panic!("form {id} is missing"));
        assert!(form.fields().count() >= 2, "{id} has fields");
        let fixed = form.fields().any(|f| f.path == "applicant.id_number")
            || form.fields().any(|f| f.path == "unit.credit_code");
        assert!(fixed, "{id} has the applicant or unit block");
    }
}

/// 医保办发〔2021〕43号 (基本医疗保险关系转移接续暂行办法): 转出 in 10 working days after
/// acceptance, 转入 in 5 after the 信息表 arrives. The 45 days of JM 2 are the time before it
/// ("由原来45个工作日压缩为15个工作日"), a note and never a limit in force.
#[test]
fn transfer_limits_follow_the_national_rule_and_yongzhou_splits_out_and_in() {
    let cat = catalogue();
    let yongzhou = |id: &str| cat.item("431100", id).unwrap();
    let (transfer_in, transfer_out) = (yongzhou("yz-28"), yongzhou("yz-29"));
    assert_eq!(transfer_in.name, "医疗保险关系转入");
    assert_eq!(transfer_in.statutory_days.known(), Some(&5));
    assert_eq!(transfer_out.name, "医疗保险关系转出");
    assert_eq!(transfer_out.statutory_days.known(), Some(&10));
    for item in [&transfer_in, &transfer_out] {
        assert!(item
            .statutory_days
            .source()
            .unwrap()
            .starts_with("医保办发〔2021〕43号"));
        assert!(
            matches!(item.promised_days, Fact::Unknown(_)),
            "YZ promises no days: {}",
            item.id
        );
    }
    let template = cat.templates().find(|t| t.id == "transfer").unwrap();
    assert_eq!(template.statutory_days.known(), Some(&(10 + 5)));
    assert!(template
        .statutory_days
        .source()
        .unwrap()
        .starts_with("医保办发〔2021〕43号"));

    let jm = cat.item("420800", "jm-transfer").unwrap();
    assert_eq!(jm.statutory_days.known(), Some(&15));
    assert_eq!(jm.promised_days.source(), Some("JM 2"));
    assert!(jm
        .notes
        .iter()
        .any(|n| n.source == "JM 2" && n.value.contains("原来45个工作日")));
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            assert_ne!(
                item.statutory_days.known(),
                Some(&45),
                "{}: 45 days is the old limit",
                item.id
            );
        }
    }
}

#[test]
fn jingmen_maternity_allowance_needs_no_application_and_says_why() {
    let item = catalogue()
        .item("420800", "jm-maternity-allowance")
        .unwrap();
    assert!(item.no_application.is_true());
    assert!(item
        .notes
        .iter()
        .any(|n| n.source == "JM 23" && n.value.contains("免申即享")));
    assert!(item
        .notes
        .iter()
        .any(|n| n.source == "JM 23" && n.value.contains("主动核定生育津贴")));
    // Elsewhere the allowance is applied for.
    let gd = catalogue().item("440000", "gd-11").unwrap();
    assert!(!gd.no_application.is_true());
}

#[test]
fn filing_guides_state_the_national_validity_and_change_rules() {
    let cat = catalogue();
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            let Some(kind) = tongban_rules::filing::FilingType::of_template(&item.template) else {
                continue;
            };
            let cites = |text: &str| {
                item.notes
                    .iter()
                    .any(|n| n.source == "医保发〔2022〕22号" && n.value.contains(text))
            };
            match kind.term() {
                tongban_rules::filing::Term::LongTerm => {
                    assert!(cites("长期有效"), "{}", item.id);
                    assert!(cites("原则上不超过6个月"), "{}", item.id);
                }
                tongban_rules::filing::Term::Temporary => {
                    assert!(cites("原则上不少于6个月"), "{}", item.id);
                }
            }
        }
    }
}

#[test]
fn every_character_of_every_item_name_can_be_searched_by_pinyin_initials() {
    let cat = catalogue();
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            let names = [
                Some(&item.name),
                item.parent_name.as_ref(),
                Some(&item.category),
            ];
            for name in names.into_iter().flatten() {
                for c in name
                    .chars()
                    .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                {
                    assert!(
                        tongban_rules::search::knows(c),
                        "{c} in {name}: run pkg-scripts/lib/gen-pinyin-initials.py"
                    );
                }
            }
        }
    }
}

/// 单位代办 is Yongzhou's own measure (YZ 一(二)3: "单位帮代办职工异地就医备案、死亡职工个人账户
/// 一次性支取"): granted to exactly those person items of Yongzhou, citing Yongzhou's notice, and
/// to nothing anywhere else.
#[test]
fn unit_agency_is_granted_only_by_yongzhous_measure_to_its_filings_and_death_withdrawal() {
    let cat = catalogue();
    let mut granted = vec![];
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            let Fact::Known(Cited { value, source }) = &item.unit_agency else {
                continue;
            };
            for doc in citation::documents(source) {
                assert_eq!(
                    doc.region,
                    Some(region.code.as_str()),
                    "{}: {source}",
                    item.id
                );
            }
            assert_eq!(item.subject, Subject::Person, "{}", item.id);
            if *value {
                granted.push(item.id.clone());
            }
        }
    }
    assert_eq!(
        granted,
        ["yz-09", "yz-10", "yz-11", "yz-12", "yz-13", "yz-14"]
    );
}

/// `lifecycle::SELF_SERVICE` reads every sourced `auto_approval` and `self_revocation` as the
/// self-service terminal's, because JM 13 is the only source stating them. A new source (say a
/// region whose phone channel approves filings itself) must come with a channel in the model.
#[test]
fn automatic_approval_and_self_revocation_are_only_jm_13_s_terminal_measures() {
    let cat = Catalogue::embedded().unwrap();
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            for (name, fact) in [
                ("auto_approval", &item.auto_approval),
                ("self_revocation", &item.self_revocation),
            ] {
                if fact.is_true() {
                    assert_eq!(fact.source(), Some("JM 13"), "{}: {name}", item.id);
                }
            }
        }
    }
}

/// Issue 28: an item whose sourced channels exclude filing online is not filed from a phone.
#[test]
fn only_items_whose_channels_name_the_window_alone_are_not_offered_online() {
    let cat = Catalogue::embedded().unwrap();
    let not_online: Vec<String> = cat
        .regions()
        .iter()
        .flat_map(|r| cat.items(&r.code).unwrap())
        .filter(|i| !i.offered_online())
        .map(|i| i.id)
        .collect();
    assert_eq!(not_online, ["jm-assistance-reimbursement"]);
    assert!(cat.item("420800", "jm-transfer").unwrap().offered_online());
    // No source states Yongzhou's channels: unknown does not refuse.
    assert!(cat.item("431100", "yz-10").unwrap().offered_online());
}
