//! Answers parsed once, at the edge, into a value only the rules can make: identifier fields
//! normalised ([`normalise`]), then the whole form validated ([`validate_form`]). Whatever takes
//! a [`Parsed`] — the gateway's real-name check, its ID hash and verifier, the sealed copy it
//! stores — holds answers the rules accepted, in the one normalised spelling.

use super::{normalise, validate_form, Form, Values};
use crate::FieldError;
use chrono::NaiveDate;
use std::ops::Deref;

/// A form's answers the rules accepted, identifiers normalised.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Parsed(Values);

/// The field that names the applicant's ID number in every person's form.
pub const APPLICANT_ID: &str = "applicant.id_number";

impl Parsed {
    /// `values` normalised and validated against `form` on `today`, or every refusal.
    pub fn parse(
        form: &Form,
        values: &Values,
        today: NaiveDate,
    ) -> Result<Parsed, Vec<FieldError>> {
        let values = normalise(form, values);
        let errors = validate_form(form, &values, today);
        if errors.is_empty() {
            Ok(Parsed(values))
        } else {
            Err(errors)
        }
    }

    /// One answer, if given.
    pub fn answer(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }

    /// The applicant's ID number, normalised (absent for a form without one).
    pub fn applicant_id(&self) -> Option<&str> {
        self.answer(APPLICANT_ID).filter(|v| !v.is_empty())
    }

    pub fn values(&self) -> &Values {
        &self.0
    }

    pub fn into_values(self) -> Values {
        self.0
    }
}

impl Deref for Parsed {
    type Target = Values;

    fn deref(&self) -> &Values {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn a_parsed_form_holds_the_id_number_in_its_one_normalised_spelling() {
        let cat = Catalogue::embedded().unwrap();
        let form = cat.form("general").unwrap();
        let mut v = Values::new();
        v.insert("applicant.name".into(), "王明".into());
        v.insert("applicant.id_type".into(), "resident".into());
        v.insert("request.detail".into(), "补打参保凭证".into());
        v.insert(APPLICANT_ID.into(), " 11010519491231002x ".into());
        v.insert("applicant.phone".into(), "138 0013 8000".into());
        let parsed = Parsed::parse(form, &v, today()).unwrap();
        assert_eq!(parsed.applicant_id(), Some("11010519491231002X"));
    }

    #[test]
    fn answers_the_rules_refuse_never_become_parsed() {
        let cat = Catalogue::embedded().unwrap();
        let form = cat.form("general").unwrap();
        let mut v = Values::new();
        v.insert(APPLICANT_ID.into(), "110105194912310021".into());
        let errors = Parsed::parse(form, &v, today()).unwrap_err();
        assert!(errors.iter().any(|e| e.field == APPLICANT_ID), "{errors:?}");
    }
}
