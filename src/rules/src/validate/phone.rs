//! Mainland mobile numbers: 11 digits, `1` then `3`–`9` (工信部 numbering plan). A `+86` or
//! `86` prefix, spaces and dashes are accepted as people type them and dropped
//! ([`identifier::phone`]).

use super::{identifier, Refusal};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, Refusal> {
        let digits = identifier::phone(input);
        if digits.is_empty() {
            return Err(Refusal::new("phone.required", "请填写手机号码"));
        }
        let b = digits.as_bytes();
        if !b.iter().all(u8::is_ascii_digit) {
            return Err(Refusal::new("phone.format", "手机号码只能包含数字"));
        }
        if b.len() != 11 || b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(Refusal::new("phone.format", "请填写11位手机号码，以1开头"));
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`: what is shown back and stored in any view that is not the owner's.
    pub fn masked(&self) -> String {
        crate::api::mask::phone(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn accepts_a_mobile_number_with_country_code_and_spaces() {
        let p = Phone::parse("+86 138-0013-8000").unwrap();
        assert_eq!(p.as_str(), "13800138000");
        assert_eq!(p.masked(), "138****8000");
    }

    #[test]
    fn refuses_a_landline_and_a_short_number() {
        assert_eq!(
            Phone::parse("02083260327").unwrap_err().code,
            "phone.format"
        );
        assert_eq!(Phone::parse("1380013800").unwrap_err().code, "phone.format");
        assert_eq!(Phone::parse("").unwrap_err().code, "phone.required");
    }
}
