//! Every applicable item has a known form, and no promise exceeds its statutory limit.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

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
