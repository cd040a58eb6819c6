//! The unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from the 31
//! characters below; positions 3–8 the registering region (GB/T 2260); positions 9–17 the
//! organisation code (GB 11714-1997) with its own check character; position 18 a check
//! character over the first 17 with weights 3^i mod 31.

use super::{identifier, Refusal};

const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(String);

fn value(b: u8) -> Option<u32> {
    CHARSET.iter().position(|&c| c == b).map(|p| p as u32)
}

/// GB 32100-2015 §4.3: the check character for the first 17 characters.
pub fn check_char(first17: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (&b, w) in first17.iter().zip(WEIGHTS) {
        sum += value(b)? * w;
    }
    Some(CHARSET[((31 - sum % 31) % 31) as usize])
}

/// GB 11714-1997: the organisation code's check character for its first 8 characters.
fn org_check_char(body: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (&b, w) in body.iter().zip(ORG_WEIGHTS) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return None,
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    })
}

impl CreditCode {
    pub fn parse(input: &str) -> Result<Self, Refusal> {
        let code = identifier::credit_code(input);
        if code.is_empty() {
            return Err(Refusal::new(
                "credit_code.required",
                "请填写统一社会信用代码",
            ));
        }
        let b = code.as_bytes();
        if b.len() != 18 || !b.iter().all(|&c| value(c).is_some()) {
            return Err(Refusal::new(
                "credit_code.format",
                "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z），请按营业执照填写",
            ));
        }
        if !b[2..8].iter().all(u8::is_ascii_digit) {
            return Err(Refusal::new(
                "credit_code.region",
                "统一社会信用代码第3至8位应为登记机关行政区划码",
            ));
        }
        if org_check_char(&b[8..16]) != Some(b[16]) {
            return Err(Refusal::new(
                "credit_code.org_code",
                "统一社会信用代码中的组织机构代码（第9至17位）有误，请核对",
            ));
        }
        if check_char(&b[..17]) != Some(b[17]) {
            return Err(Refusal::new(
                "credit_code.check_char",
                "统一社会信用代码校验位不正确，请逐位核对",
            ));
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A valid code built from its parts, so the test does not depend on a real company.
    fn valid() -> String {
        let org_body = b"MA5D0L2H";
        let mut first17 = b"91420800".to_vec();
        first17.extend_from_slice(org_body);
        first17.push(org_check_char(org_body).unwrap());
        let check = check_char(&first17).unwrap();
        first17.push(check);
        String::from_utf8(first17).unwrap()
    }

    #[test]
    fn accepts_a_code_with_both_check_characters_right() {
        let code = valid();
        assert_eq!(
            CreditCode::parse(&code.to_lowercase()).unwrap().as_str(),
            code
        );
    }

    #[test]
    fn refuses_a_wrong_final_check_character() {
        let mut code = valid().into_bytes();
        code[17] = if code[17] == b'0' { b'1' } else { b'0' };
        let err = CreditCode::parse(std::str::from_utf8(&code).unwrap()).unwrap_err();
        assert_eq!(err.code, "credit_code.check_char");
    }

    #[test]
    fn refuses_letters_the_standard_excludes() {
        assert_eq!(
            CreditCode::parse("91420800MA5D0L2HIO").unwrap_err().code,
            "credit_code.format"
        );
    }
}
