//! Masking personal data in answers: one rule for the whole project. A progress page shows
//! enough to recognise one's own application, never enough to copy an identity. The gateway
//! applies it to every answer; the validators' `masked()` forms are this rule too.

/// `王小明` → `王*明`; `李四` → `李*`; `阿依古丽·买买提` → `阿******提`.
pub fn name(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// Keeps the first `head` and last `tail` characters: `110105********002X`, `138****8000`.
fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// An ID number keeps its 6-digit area code and its last 4 characters: `110105********002X`.
pub fn id_number(s: &str) -> String {
    keep_ends(s, 6, 4)
}

/// A phone number keeps its 3-digit prefix and last 4 digits: `138****8000`.
pub fn phone(s: &str) -> String {
    keep_ends(s, 3, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_the_first_and_last_character() {
        assert_eq!(name("王小明"), "王*明");
        assert_eq!(name("李四"), "李*");
        assert_eq!(name("阿依古丽·买买提"), "阿******提");
    }

    #[test]
    fn id_numbers_keep_the_area_code_and_the_last_four() {
        assert_eq!(id_number("11010519491231002X"), "110105********002X");
        assert_eq!(id_number(" 810000199001011234 "), "810000********1234");
    }

    #[test]
    fn phones_keep_the_prefix_and_the_last_four() {
        assert_eq!(phone("13800138000"), "138****8000");
    }

    #[test]
    fn values_too_short_to_mask_are_hidden_whole() {
        assert_eq!(phone("123"), "***");
        assert_eq!(id_number("1234567890"), "**********");
        assert_eq!(name(""), "");
    }
}
