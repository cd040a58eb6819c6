//! Property tests of the identity-number rules (GB 11643-1999) and of validation's robustness.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use tongban_rules::validate::{Amount, BankCard, CreditCode, PersonName, Phone, ResidentId};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

const PROVINCES: [&str; 8] = ["11", "31", "42", "43", "44", "50", "65", "81"];

/// An ID built the way the standard builds it: region, real birth date, sequence, check digit.
fn id_strategy() -> impl Strategy<Value = String> {
    (0..PROVINCES.len(), 0u32..10_000, 0u64..45_000, 0u32..1000).prop_map(|(p, area, days, seq)| {
        let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(days);
        let first17 = format!(
            "{}{:04}{:04}{:02}{:02}{:03}",
            PROVINCES[p],
            area,
            birth.year(),
            birth.month(),
            birth.day(),
            seq
        );
        let check = tongban_rules::validate::id_check_char(first17.as_bytes()) as char;
        format!("{first17}{check}")
    })
}

proptest! {
    #[test]
    fn any_id_with_a_correct_check_digit_and_a_real_date_validates(id in id_strategy()) {
        prop_assert!(ResidentId::parse(&id, today()).is_ok(), "{} refused", id);
    }

    #[test]
    fn any_single_digit_change_fails(id in id_strategy(), pos in 0usize..18, delta in 1u8..10) {
        let mut bytes = id.into_bytes();
        let old = bytes[pos];
        bytes[pos] = if old == b'X' { b'0' + delta % 10 } else { b'0' + (old - b'0' + delta) % 10 };
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert!(ResidentId::parse(&changed, today()).is_err(), "{} accepted", changed);
    }

    #[test]
    fn validators_never_panic_on_arbitrary_strings(s in "\\PC{0,40}") {
        let _ = ResidentId::parse(&s, today());
        let _ = Phone::parse(&s);
        let _ = PersonName::parse(&s);
        let _ = CreditCode::parse(&s);
        let _ = BankCard::parse(&s);
        let _ = Amount::parse(&s);
    }
}
