//! A local measure reaches only its region, its channel and its items (transfer limits, 承诺制, 单位代办, automatic approval, channels).

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

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
