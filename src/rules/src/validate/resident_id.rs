//! The 18-digit citizen identity number (公民身份号码), GB 11643-1999:
//! six-digit address code (GB/T 2260), eight-digit birth date, three-digit sequence whose last
//! digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check character.
//! The HK/Macao/Taiwan residence permit (港澳台居民居住证) uses the same layout with the
//! address codes 810000 / 820000 / 830000 (国办发〔2018〕81号).

use super::{identifier, Refusal};
use chrono::NaiveDate;

/// Weights of GB 11643-1999 §6.2 (ISO 7064 MOD 11-2), for the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check characters indexed by the weighted sum modulo 11.
const CHECK: [u8; 11] = *b"10X98765432";

/// Province-level address codes of GB/T 2260 (first two digits), plus 81/82/83 for the
/// residence permits of HK, Macao and Taiwan residents.
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// A parsed identity number: valid by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    digits: String,
    birth_date: NaiveDate,
    sex: Sex,
}

impl ResidentId {
    /// Parses an 18-character identity number; `today` bounds the birth date.
    /// The input is first normalised by [`identifier::id_number`] (spaces of any kind,
    /// full-width digits and a lower-case `x` as citizens type them).
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, Refusal> {
        let digits = identifier::id_number(input);
        if digits.is_empty() {
            return Err(Refusal::new("id_number.required", "请填写身份证号码"));
        }
        let bytes = digits.as_bytes();
        if bytes.len() == 15 && bytes.iter().all(u8::is_ascii_digit) {
            return Err(Refusal::new(
                "id_number.old_15_digit",
                "这是15位的旧身份证号码，请填写18位的新号码（可在身份证或户口簿上查看）",
            ));
        }
        let shape_ok = bytes.len() == 18
            && bytes[..17].iter().all(u8::is_ascii_digit)
            && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
        if !shape_ok {
            return Err(Refusal::new(
                "id_number.format",
                "身份证号码应为18位，前17位是数字，最后一位是数字或字母X",
            ));
        }
        let province = (bytes[0] - b'0') * 10 + (bytes[1] - b'0');
        if !PROVINCES.contains(&province) {
            return Err(Refusal::new(
                "id_number.region",
                "身份证号码前两位不是有效的省份代码，请核对",
            ));
        }
        let birth_date = parse_birth_date(&digits[6..14]).ok_or(Refusal::new(
            "id_number.birth_date",
            "身份证号码中的出生日期不存在，请核对第7至14位",
        ))?;
        if birth_date > today {
            return Err(Refusal::new(
                "id_number.birth_future",
                "身份证号码中的出生日期晚于今天，请核对",
            ));
        }
        if check_char(bytes) != bytes[17] {
            return Err(Refusal::new(
                "id_number.check_digit",
                "身份证号码校验位不正确，请逐位核对是否输错",
            ));
        }
        let sex = if (bytes[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        };
        Ok(Self {
            digits,
            birth_date,
            sex,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.digits
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// The masked form shown back to people and operators (`crate::api::mask`):
    /// `440106********123X`.
    pub fn masked(&self) -> String {
        crate::api::mask::id_number(&self.digits)
    }
}

/// The check character for the first 17 digits of `bytes` (which must be ASCII digits).
pub fn check_char(bytes: &[u8]) -> u8 {
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

fn parse_birth_date(yyyymmdd: &str) -> Option<NaiveDate> {
    let year = yyyymmdd[..4].parse().ok()?;
    let month = yyyymmdd[4..6].parse().ok()?;
    let day = yyyymmdd[6..8].parse().ok()?;
    if year < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn accepts_the_gb11643_example_number() {
        // The worked example of GB 11643-1999 Annex A.
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn accepts_lower_case_x_and_spaces() {
        assert!(ResidentId::parse("110105 19491231 002x", today()).is_ok());
    }

    #[test]
    fn refuses_a_wrong_check_digit() {
        let err = ResidentId::parse("110105194912310021", today()).unwrap_err();
        assert_eq!(err.code, "id_number.check_digit");
    }

    #[test]
    fn explains_an_old_15_digit_number() {
        let err = ResidentId::parse("110105491231002", today()).unwrap_err();
        assert_eq!(err.code, "id_number.old_15_digit");
    }

    #[test]
    fn refuses_an_impossible_birth_date() {
        let err = ResidentId::parse("110105194902300020", today()).unwrap_err();
        assert_eq!(err.code, "id_number.birth_date");
    }

    #[test]
    fn refuses_an_unknown_province() {
        let err = ResidentId::parse("991105194912310021", today()).unwrap_err();
        assert_eq!(err.code, "id_number.region");
    }
}
