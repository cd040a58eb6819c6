//! Names as written on identity documents: Chinese characters, with the middle dot `·` of
//! ethnic-minority and transliterated names (公安部 人口信息 standard writes it as U+00B7); or,
//! for foreigners' permanent-residence cards, Latin letters with spaces.

use super::Refusal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Dots people type for `·` on Chinese keyboards.
fn is_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '．' | '.' | '・' | '‧')
}

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, Refusal> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Refusal::new("name.required", "请填写姓名"));
        }
        if trimmed.chars().any(is_han) {
            let name: String = trimmed
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| if is_dot(c) { '·' } else { c })
                .collect();
            let ok_chars = name.chars().all(|c| is_han(c) || c == '·');
            let ok_dots = !name.starts_with('·') && !name.ends_with('·') && !name.contains("··");
            if !ok_chars || !ok_dots {
                return Err(Refusal::new(
                    "name.format",
                    "姓名只能包含汉字，少数民族姓名可用“·”分隔",
                ));
            }
            let len = name.chars().filter(|&c| c != '·').count();
            if !(2..=30).contains(&len) {
                return Err(Refusal::new("name.length", "姓名应为2至30个汉字"));
            }
            return Ok(Self(name));
        }
        let name = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        if !name.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') || name.len() > 60 {
            return Err(Refusal::new(
                "name.format",
                "请按证件填写姓名：中文姓名用汉字，外国人姓名用英文字母",
            ));
        }
        Ok(Self(name.to_ascii_uppercase()))
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

    #[test]
    fn accepts_han_names_and_normalises_the_middle_dot() {
        assert_eq!(PersonName::parse(" 张三 ").unwrap().as_str(), "张三");
        assert_eq!(
            PersonName::parse("买买提•艾力").unwrap().as_str(),
            "买买提·艾力"
        );
    }

    #[test]
    fn refuses_digits_stray_dots_and_single_characters() {
        assert_eq!(PersonName::parse("张3").unwrap_err().code, "name.format");
        assert_eq!(PersonName::parse("·张三").unwrap_err().code, "name.format");
        assert_eq!(PersonName::parse("张").unwrap_err().code, "name.length");
    }

    #[test]
    fn accepts_a_latin_name_for_a_foreigner() {
        assert_eq!(
            PersonName::parse("john  smith").unwrap().as_str(),
            "JOHN SMITH"
        );
    }
}
