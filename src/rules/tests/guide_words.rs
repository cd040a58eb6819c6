//! The guide's words, which the app's guide page and the gateway's static markup both show:
//! a material is 容缺 or 免提交, never both; its sources are cited once each; an unknown fact
//! reads 以当地经办机构公布为准.

use tongban_rules::catalogue::guide::{self, UNKNOWN};
use tongban_rules::catalogue::{model::unknown, Catalogue, Cited, Fact};

fn catalogue() -> Catalogue {
    Catalogue::embedded().unwrap()
}

#[test]
fn no_material_is_shown_both_deferrable_and_exempt_and_each_cites_its_sources_once() {
    let cat = catalogue();
    let mut seen = 0;
    for region in cat.regions() {
        for item in cat.items(&region.code).unwrap() {
            for m in &item.materials {
                let text = guide::material(m, item.commitment.is_true());
                assert!(!(text.deferrable && text.exempt.is_some()), "{}", m.name);
                let cited: Vec<&str> = text
                    .source
                    .trim_start_matches("依据：")
                    .split('；')
                    .collect();
                let mut once = cited.clone();
                once.dedup();
                assert_eq!(cited, once, "{}", m.name);
                seen += 1;
            }
        }
    }
    assert!(seen > 0);
}

#[test]
fn an_unknown_time_limit_reads_as_the_local_office_publishes_it() {
    let five = Fact::Known(Cited {
        value: 5,
        source: "x".into(),
    });
    assert_eq!(guide::days(&five), "5 个工作日");
    assert_eq!(guide::days(&unknown()), UNKNOWN);
    assert_eq!(
        guide::expected("2026年12月28日", true, false),
        "最迟 2026年12月28日（按法定时限计算）"
    );
}
