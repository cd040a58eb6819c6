//! How long an item may take: the guide's expected date, the due date at submission and the
//! one fixed at acceptance all count these working days.

use tongban_rules::catalogue::{model::Unknown, Catalogue, Cited, Fact, Item, Kind, Limit};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn known<T>(value: T) -> Fact<T> {
    Fact::Known(Cited {
        value,
        source: "test".into(),
    })
}

fn item(kind: Fact<Kind>, promised: Fact<u32>, statutory: Fact<u32>) -> Item {
    let mut item = Catalogue::embedded()
        .unwrap()
        .item("440000", "gd-17")
        .unwrap();
    item.kind = kind;
    item.promised_days = promised;
    item.statutory_days = statutory;
    item
}

fn unknown<T>() -> Fact<T> {
    Fact::Unknown(Unknown::Unknown)
}

#[test]
fn an_immediate_item_takes_no_working_days_whatever_else_is_stated() {
    let i = item(known(Kind::Immediate), unknown(), known(20));
    assert_eq!(
        i.limit(),
        Some(Limit {
            days: 0,
            statutory: false
        })
    );
}

#[test]
fn a_promise_beats_the_statutory_limit() {
    let i = item(known(Kind::Promised), known(5), known(20));
    assert_eq!(
        i.limit(),
        Some(Limit {
            days: 5,
            statutory: false
        })
    );
}

#[test]
fn without_a_promise_the_statutory_limit_bounds_the_wait_and_says_so() {
    let i = item(unknown(), unknown(), known(20));
    assert_eq!(
        i.limit(),
        Some(Limit {
            days: 20,
            statutory: true
        })
    );
    assert_eq!(item(unknown(), unknown(), unknown()).limit(), None);
}

#[test]
fn transfer_takes_the_fifteen_working_days_of_the_national_rule() {
    // 医保办发〔2021〕43号: 转出 10 + 转入 5 working days; JM 2 promises the same 15.
    let jm = Catalogue::embedded()
        .unwrap()
        .item("420800", "jm-transfer")
        .unwrap();
    assert_eq!(jm.limit().map(|l| l.days), Some(15));
}
