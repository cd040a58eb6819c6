//! The commitment documents and the sources of the filing rules: every rule cites its
//! measure, and a region follows only national sources and its own.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn every_filing_rule_cites_its_source_and_the_jingmen_measures_are_all_there() {
    for rule in filing::RULES {
        assert!(!rule.source.trim().is_empty() && !rule.text.is_empty());
    }
    for measure in ["JM 6", "JM 7", "JM 8", "JM 9", "JM 10", "JM 11", "JM 13"] {
        assert!(
            filing::RULES.iter().any(|r| r.source == measure),
            "{measure}"
        );
    }
    assert!(filing::rule("temporary_validity")
        .unwrap()
        .source
        .starts_with(filing::NOTICE_2022_22));
    assert!(filing::rule("long_term_change")
        .unwrap()
        .source
        .starts_with(filing::NOTICE_2022_22));
}

fn filing_item(region: &str, id: &str) -> tongban_rules::catalogue::Item {
    Catalogue::embedded().unwrap().item(region, id).unwrap()
}

#[test]
fn the_commitment_documents_name_the_applicant_the_type_the_city_and_the_validity() {
    let jingmen = filing_item("420800", "jm-filing-retiree");
    let long_term = filing_values(&[
        ("filing.type", "retiree"),
        ("filing.start_date", "2026-12-01"),
    ]);
    let docs = render_documents(&jingmen, &long_term, today()).unwrap();
    let letter = docs.commitment.expect("Jingmen allows 承诺制 (JM 13)");
    for text in [&docs.registration, &letter] {
        for expected in [
            "王小明",
            "11010519491231002X",
            "异地安置退休人员",
            "武汉市",
            "2026-12-01",
            "2026-11-23",
        ] {
            assert!(text.contains(expected), "{expected} missing from\n{text}");
        }
    }
    assert!(docs.registration.starts_with("异地就医备案登记表"));
    assert!(docs.registration.contains("长期有效"));
    assert!(docs.registration.contains("由参保地医保经办机构审核办理"));
    assert!(docs
        .registration
        .contains("在自助服务终端办理的，确认提交后系统自动审核办结"));
    assert!(letter.starts_with("异地就医备案个人承诺书"));
    assert!(letter.contains("承担不实承诺的责任"));
    assert!(
        letter.contains("通过自助服务终端撤销备案"),
        "JM 13: revocation at the terminal"
    );

    let temporary = filing_values(&[
        ("filing.type", "referral"),
        ("filing.start_date", "2026-12-01"),
        ("filing.end_date", "2027-06-01"),
        ("filing.hospital", "武汉协和医院"),
    ]);
    let docs = render_documents(&jingmen, &temporary, today()).unwrap();
    assert!(docs.registration.contains("2026-12-01 至 2027-06-01"));
    assert!(docs.registration.contains("转诊医院：武汉协和医院"));
    assert!(!docs.registration.contains("长期有效"));
}

#[test]
fn a_jingmen_filing_cites_measure_13_in_full_and_never_a_short_key() {
    let jingmen = filing_item("420800", "jm-filing-retiree");
    let values = filing_values(&[
        ("filing.type", "retiree"),
        ("filing.start_date", "2026-12-01"),
    ]);
    let docs = render_documents(&jingmen, &values, today()).unwrap();
    let letter = docs.commitment.unwrap();
    for text in [&docs.registration, &letter] {
        assert!(
            text.contains("荆门市医疗保障局《市医疗保障局关于落实医保服务二十七项便民措施的通知》（荆医保发〔2023〕18号）第十三项"),
            "{text}"
        );
        assert!(text.contains("国家医疗保障局 财政部《关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）"));
        assert_eq!(tongban_rules::citation::short_key_in(text), None, "{text}");
    }
}

#[test]
fn no_documents_until_a_filing_type_is_chosen() {
    let item = filing_item("420800", "jm-filing-retiree");
    assert_eq!(render_documents(&item, &filing_values(&[]), today()), None);
}

/// Guangdong's filings (粤医保发〔2021〕29号 附件 序号4、9、13、14、15): neither Guangdong's notice nor
/// a national document we can cite gives them 承诺制 or automatic approval, so they are decided
/// by the office, and their documents cite only Guangdong's notice and national ones.
#[test]
fn a_guangdong_filing_follows_only_national_and_guangdong_sources() {
    use tongban_rules::citation::{self, short_key_in, DOCUMENTS};
    use tongban_rules::lifecycle::{initial_status, next, Actor, Move, Status};
    let guangdong = DOCUMENTS.iter().find(|d| d.key == "GD").unwrap();
    let national = DOCUMENTS
        .iter()
        .find(|d| d.key == filing::NOTICE_2022_22)
        .unwrap();
    for id in ["gd-04", "gd-09", "gd-13", "gd-14", "gd-15"] {
        let item = filing_item("440000", id);
        for source in item.sources() {
            for doc in citation::documents(source) {
                assert!(
                    doc.region.is_none() || doc.key == "GD",
                    "{id} cites {}: {source}",
                    doc.key
                );
            }
        }

        assert!(!item.commitment.is_true() && !item.auto_approval.is_true());
        assert!(!item.self_revocation.is_true());
        assert_eq!(initial_status(&item), Status::Submitted, "{id} waits");
        assert_eq!(
            next(&item, Status::Submitted, Move::Accept, Actor::Operator),
            Ok(Status::Accepted)
        );
        assert_eq!(
            next(&item, Status::Submitted, Move::Revoke, Actor::Applicant),
            Ok(Status::Revoked),
            "{id} may be withdrawn before the office accepts it"
        );
        assert_eq!(
            next(&item, Status::Completed, Move::Revoke, Actor::Applicant),
            Err(tongban_rules::lifecycle::Refused::NotNow),
            "{id}: cancelling a filing in force is asked of the office"
        );

        let kind = FilingType::of_template(&item.template).unwrap();
        let values = filing_values(&[
            ("filing.type", kind.value()),
            ("filing.start_date", "2026-12-01"),
            ("filing.end_date", "2027-06-01"),
        ]);
        let docs = render_documents(&item, &values, today()).unwrap();
        assert_eq!(docs.commitment, None, "{id}: no 承诺书 without 承诺制");
        let text = &docs.registration;
        assert!(
            text.contains("提交后由参保地医保经办机构审核办理"),
            "{text}"
        );
        assert!(!text.contains("自动") && !text.contains("承诺制"), "{text}");
        assert!(
            text.contains(&format!("{}附件 序号", guangdong.full())),
            "{text}"
        );
        assert!(text.contains(&national.full()), "{text}");
        for other in DOCUMENTS.iter().filter(|d| d.is_local() && d.key != "GD") {
            assert!(!text.contains(other.number), "{id} cites {}", other.key);
            assert!(!text.contains(other.issuer), "{id} names {}", other.issuer);
        }
        assert_eq!(short_key_in(text), None, "{text}");
    }
}
