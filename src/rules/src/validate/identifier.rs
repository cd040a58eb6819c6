//! The one written-down rule for identifier fields, applied before anything else sees them:
//! validation, storage, the progress verifier and masking all work on the value this gives.
//!
//! Every identifier (ID number, phone, bank card, credit code) first loses every character with
//! the Unicode `White_Space` property (an ordinary space, U+3000 IDEOGRAPHIC SPACE from a
//! Chinese keyboard, a no-break space pasted from a web page, tabs, line breaks), and every
//! full-width ASCII character (U+FF01–U+FF5E, e.g. `１２３` typed in full-width mode) becomes its
//! half-width twin. Then, per field type:
//!
//! | field | also | result when valid |
//! |---|---|---|
//! | ID number | ASCII letters upper-cased (a lower-case check digit `x` → `X`) | 18 characters |
//! | phone | `-` and `+` dropped, a leading `86` before 11 digits dropped | 11 digits |
//! | bank card | `-` dropped | 12–19 digits |
//! | credit code | ASCII letters upper-cased | 18 characters |
//!
//! Whatever else is left (a letter in a phone, a Chinese character in an ID number) is not
//! guessed at: the field's validator refuses it with its Chinese message.

/// Full-width ASCII (U+FF01–U+FF5E) → ASCII (U+0021–U+007E); anything else unchanged.
pub fn half_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The characters every identifier keeps: no White_Space, full-width ASCII made half-width.
fn cleaned(input: &str) -> impl Iterator<Item = char> + '_ {
    input.chars().filter(|c| !c.is_whitespace()).map(half_width)
}

/// 公民身份号码 and the other identity documents' numbers.
pub fn id_number(input: &str) -> String {
    cleaned(input).map(|c| c.to_ascii_uppercase()).collect()
}

/// Mobile numbers.
pub fn phone(input: &str) -> String {
    let digits: String = cleaned(input).filter(|c| !matches!(c, '-' | '+')).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.chars().count() == 11 => rest.to_owned(),
        _ => digits,
    }
}

/// Bank card numbers.
pub fn bank_card(input: &str) -> String {
    cleaned(input).filter(|&c| c != '-').collect()
}

/// 统一社会信用代码.
pub fn credit_code(input: &str) -> String {
    cleaned(input).map(|c| c.to_ascii_uppercase()).collect()
}

/// The last `n` characters (not bytes) of `s`.
pub fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ if n == 0 => "",
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn white_space_of_every_kind_goes_and_full_width_becomes_half_width() {
        assert_eq!(
            id_number("11010519491231\u{3000}002x"),
            "11010519491231002X"
        );
        assert_eq!(
            id_number("１１０１０５ 19491231\u{a0}００２ｘ"),
            "11010519491231002X"
        );
        assert_eq!(phone("＋８６ 138-0013-8000"), "13800138000");
        assert_eq!(phone("\t13800138000\n"), "13800138000");
        assert_eq!(bank_card("6222 0212－3456 7890 128"), "6222021234567890128");
        assert_eq!(credit_code("９１ 42 0800ma5d0l2h"), "91420800MA5D0L2H");
    }

    #[test]
    fn what_the_rule_does_not_cover_is_left_for_the_validator_to_refuse() {
        assert_eq!(id_number("110105一九四九"), "110105一九四九");
        assert_eq!(phone("138abc"), "138abc");
    }

    #[test]
    fn the_last_characters_are_counted_in_characters() {
        assert_eq!(last_chars("1 002X", 6), "1 002X");
        assert_eq!(last_chars("31\u{3000}002X", 6), "1\u{3000}002X");
        assert_eq!(last_chars("ab", 6), "ab");
        assert_eq!(last_chars("abc", 0), "");
    }
}
