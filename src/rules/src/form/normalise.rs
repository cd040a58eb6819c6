//! Answers parsed once, at the edge: the identifier fields of a form are put in their
//! normalised form ([`crate::validate::identifier`]) before they are validated, stored, hashed
//! into a verifier or masked, so every one of those sees the same value.

use super::schema::{FieldKind, Form};
use super::validate::Values;
use crate::validate::identifier;

/// `values` with every identifier field of `form` normalised; other answers are unchanged.
pub fn normalise(form: &Form, values: &Values) -> Values {
    let mut out = values.clone();
    for field in form.fields() {
        let rule: fn(&str) -> String = match field.kind {
            FieldKind::IdNumber => identifier::id_number,
            FieldKind::Phone => identifier::phone,
            FieldKind::BankCard => identifier::bank_card,
            FieldKind::CreditCode => identifier::credit_code,
            _ => continue,
        };
        if let Some(v) = out.get_mut(&field.path) {
            *v = rule(v);
        }
    }
    out
}
