//! Bank card numbers for benefit payments: 12–19 digits passing the Luhn check (ISO/IEC 7812-1).

use super::{identifier, Refusal};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankCard(String);

pub fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl BankCard {
    pub fn parse(input: &str) -> Result<Self, Refusal> {
        let digits = identifier::bank_card(input);
        if digits.is_empty() {
            return Err(Refusal::new("bank_card.required", "请填写银行卡号"));
        }
        let b = digits.as_bytes();
        if !b.iter().all(u8::is_ascii_digit) || !(12..=19).contains(&b.len()) {
            return Err(Refusal::new("bank_card.format", "银行卡号应为12至19位数字"));
        }
        if !luhn_ok(b) {
            return Err(Refusal::new(
                "bank_card.check_digit",
                "银行卡号有误，请对照银行卡逐位核对",
            ));
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `6222 **** **** 1234`-style: the last four digits only.
    pub fn masked(&self) -> String {
        format!("**** {}", identifier::last_chars(&self.0, 4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn accepts_a_luhn_valid_card_with_spaces() {
        // 6222 0200 0000 0000 8 is not real; this one is built to pass Luhn.
        let card = BankCard::parse("6222 0212 3456 7890 128").unwrap();
        assert_eq!(card.masked(), "**** 0128");
    }

    #[test]
    fn refuses_a_single_digit_typo() {
        assert_eq!(
            BankCard::parse("6222021234567890129").unwrap_err().code,
            "bank_card.check_digit"
        );
        assert_eq!(
            BankCard::parse("6222").unwrap_err().code,
            "bank_card.format"
        );
    }
}
