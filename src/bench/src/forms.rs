//! Complete and valid answers for a form: every field that can apply is shown and filled, so
//! whole-form validation runs every validator (the worst case, and what a submission costs).

use chrono::NaiveDate;
use tongban_rules::{
    form::{validate_form, Check, FieldKind, Form, Values},
    validate::{id_check_char, CreditCode},
};

/// A valid resident ID number (GB 11643) for applicant `n`: Jingmen's district code, a birth
/// date between 1950 and 2004 and a sequence number derived from `n`, then the check character.
pub fn resident_id(n: u64) -> String {
    let seq = n % 1000;
    let day = 1 + (n / 1000) % 28;
    let month = 1 + (n / 28_000) % 12;
    let year = 1950 + (n / 336_000) % 55;
    let first17 = format!("420802{year:04}{month:02}{day:02}{seq:03}");
    let check = id_check_char(first17.as_bytes()) as char;
    format!("{first17}{check}")
}

/// A valid unified social credit code (GB 32100), found by trying the two check characters.
pub fn credit_code() -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    for &org in CHARS {
        for &last in CHARS {
            let code = format!("91420800MA5D0L2H{}{}", org as char, last as char);
            if CreditCode::parse(&code).is_ok() {
                return code;
            }
        }
    }
    unreachable!("some pair of check characters is valid")
}

/// The form with the most fields (the standard blocks included): the largest to validate.
pub fn largest<'a>(forms: impl Iterator<Item = &'a Form>) -> &'a Form {
    forms
        .max_by_key(|f| f.fields().count())
        .expect("the catalogue has forms")
}

/// Answers for every field of `form`, valid on `today`, for applicant `n`.
///
/// A choice that conditions other fields takes the value that shows the most of them, so the
/// answers cover as many fields as the form can ever show at once.
pub fn fill(form: &Form, n: u64, today: NaiveDate) -> Values {
    let id = resident_id(n);
    let mut values = Values::new();
    for field in form.fields() {
        let value = match field.kind {
            FieldKind::PersonName => "王小明".to_string(),
            FieldKind::IdType => "resident".to_string(),
            FieldKind::IdNumber => id.clone(),
            FieldKind::Phone => "13800138000".to_string(),
            FieldKind::CreditCode => credit_code(),
            FieldKind::BankCard => "6222021234567890128".to_string(),
            FieldKind::Amount => "1234.56".to_string(),
            FieldKind::Date => String::new(), // chosen below
            FieldKind::Text => "湖北省荆门市东宝区".to_string(),
            FieldKind::LongText => "因工作调动需要办理，材料齐全，特此申请。".repeat(4),
            FieldKind::Consent => "true".to_string(),
            FieldKind::Division => "420802".to_string(), // 湖北省荆门市东宝区
            FieldKind::City => "420800".to_string(),     // 湖北省荆门市
            FieldKind::Choice => {
                let shows = |v: &str| {
                    form.fields()
                        .filter_map(|f| f.show_if.as_ref())
                        .filter(|c| c.field == field.path && c.any_of.iter().any(|a| a == v))
                        .count()
                };
                field
                    .options
                    .iter()
                    .max_by_key(|o| shows(&o.value))
                    .map(|o| o.value.clone())
                    .unwrap_or_default()
            }
        };
        values.insert(field.path.clone(), value);
    }
    // Dates have rules of their own (not in the future, an end after its start, a minimum
    // validity): each takes, in order, the candidate that leaves the fewest errors.
    for field in form.fields().filter(|f| f.kind == FieldKind::Date) {
        let best = [-30i64, 0, 200, 400, -400]
            .into_iter()
            .map(|days| {
                (today + chrono::TimeDelta::days(days))
                    .format("%Y-%m-%d")
                    .to_string()
            })
            .min_by_key(|date| {
                let mut trial = values.clone();
                trial.insert(field.path.clone(), date.clone());
                validate_form(form, &trial, today).len()
            });
        if let Some(date) = best {
            values.insert(field.path.clone(), date);
        }
    }
    // Fields typed twice must agree with the ID number.
    for check in &form.checks {
        if let Check::IdAgrees {
            birth_date, sex, ..
        } = check
        {
            let digits = id.as_bytes();
            let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
            let male = (digits[16] - b'0') % 2 == 1;
            values.insert(birth_date.clone(), birth);
            values.insert(sex.clone(), if male { "male" } else { "female" }.into());
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_rules::catalogue::Catalogue;

    #[test]
    fn every_form_filled_by_the_bench_passes_validation() {
        let catalogue = Catalogue::embedded().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for form in catalogue.forms() {
            for n in [0, 1, 977, 123_456] {
                let errors = validate_form(form, &fill(form, n, today), today);
                assert!(errors.is_empty(), "{}: {errors:?}", form.id);
            }
        }
    }

    #[test]
    fn resident_ids_differ_in_their_last_six() {
        let tails: std::collections::BTreeSet<String> = (0..5000)
            .map(|n| resident_id(n)[12..].to_string())
            .collect();
        assert!(tails.len() > 4000);
    }
}
