//! 受理编号 as people read and type it: `TB` + 16 characters of Crockford base32 without the
//! look-alikes I, L, O (and U): since 2026-12 the time it was made in 7 ([`TIME_CHARS`]), then
//! 45 random bits in 9. Numbers made before were 80 random bits; both are the same shape.
//! Shown in groups of four (`TB7K 2M9Q 4R8T 1V6W 3X`) that never wrap inside a group; typed
//! back with any spacing, in either case, with O read as 0 and I, L as 1. One shape for the app
//! and the gateway: the gateway makes new numbers from [`ALPHABET`], the app and every gateway
//! route taking a number [`parse`] what was typed.
//!
//! Old numbers never held I, L, O or U: the gateway has drawn from this alphabet since its first
//! number, so reading O as 0 (and I, L as 1) cannot miss a stored number.

/// Crockford base32 without I, L, O, U: easy to read out on the phone.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The fixed start of every number.
pub const PREFIX: &str = "TB";

/// Characters after [`PREFIX`].
pub const CHARS: usize = 16;

/// The first characters after [`PREFIX`] in a new number: when it was made, in 32nds of a
/// second, so that numbers made together sort together (the gateway's indexes take a batch of
/// new numbers in a page or two instead of one page each).
pub const TIME_CHARS: usize = 7;

/// The characters after the time: 9 × log2(32) = 45 random bits. A number alone opens nothing
/// (a lookup takes the owner's session or the verifier), and within one 32nd of a second a
/// guess finds a number in 2^45 tries per number made in it.
pub const RANDOM_CHARS: usize = CHARS - TIME_CHARS;

/// Characters per shown group.
pub const GROUP: usize = 4;

/// Whether `s` is a receipt number in its stored (canonical) form: `TB` + 16 alphabet characters.
pub fn is_canonical(s: &str) -> bool {
    s.len() == PREFIX.len() + CHARS
        && s.starts_with(PREFIX)
        && s.bytes().skip(PREFIX.len()).all(|b| ALPHABET.contains(&b))
}

/// The canonical number for what a person typed, or `None` when it cannot be one. Spaces of
/// any kind (also the full-width 　 and no-break spaces) and hyphens are dropped, full-width
/// letters and digits (from a Chinese input method) are read as their ASCII twins, case is
/// ignored, and O is read as 0, I and L as 1.
pub fn parse(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(PREFIX.len() + CHARS);
    for c in typed.chars() {
        if c.is_whitespace() || matches!(c, '-' | '－' | '\u{2010}'..='\u{2015}') {
            continue;
        }
        // Full-width ASCII (U+FF01..U+FF5E) to ASCII.
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        };
        if !c.is_ascii_alphanumeric() || out.len() >= PREFIX.len() + CHARS {
            return None;
        }
        let c = c.to_ascii_uppercase();
        // The prefix is letters: only the random part reads look-alikes as digits.
        let c = match c {
            'O' if out.len() >= PREFIX.len() => '0',
            'I' | 'L' if out.len() >= PREFIX.len() => '1',
            c => c,
        };
        out.push(c);
    }
    is_canonical(&out).then_some(out)
}

/// The number in groups of four for people to read: `TB7K 2M9Q 4R8T 1V6W 3X`. Anything that is
/// not a receipt number is grouped as it is, so a page never hides what it was given.
pub fn grouped(no: &str) -> String {
    groups(no).join(" ")
}

/// The groups of four of [`grouped`], for a page that lays out each group on its own so that
/// a line only ever breaks between groups.
pub fn groups(no: &str) -> Vec<String> {
    let chars: Vec<char> = no.chars().filter(|c| !c.is_whitespace()).collect();
    chars.chunks(GROUP).map(|g| g.iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO: &str = "TB7K2M9Q4R8T1V6W30";

    #[test]
    fn a_number_is_shown_in_groups_of_four() {
        assert_eq!(grouped(NO), "TB7K 2M9Q 4R8T 1V6W 30");
        assert_eq!(groups(NO), ["TB7K", "2M9Q", "4R8T", "1V6W", "30"]);
        assert_eq!(
            grouped(&grouped(NO)),
            grouped(NO),
            "grouping twice changes nothing"
        );
    }

    #[test]
    fn a_number_typed_with_spaces_and_lowercase_is_read() {
        assert_eq!(parse(NO).as_deref(), Some(NO));
        assert_eq!(parse("TB7K 2M9Q 4R8T 1V6W 30").as_deref(), Some(NO));
        assert_eq!(parse("  tb7k2m9q 4r8t-1v6w 3 0 ").as_deref(), Some(NO));
        assert_eq!(
            parse("TB7K\u{3000}2M9Q\u{a0}4R8T\t1V6W30").as_deref(),
            Some(NO)
        );
        assert_eq!(
            parse("ＴＢ７Ｋ２Ｍ９Ｑ４Ｒ８Ｔ１Ｖ６Ｗ３０").as_deref(),
            Some(NO)
        );
    }

    #[test]
    fn o_is_read_as_zero_and_i_and_l_as_one() {
        assert_eq!(parse("TB7K 2M9Q 4R8T IV6W 3O").as_deref(), Some(NO));
        assert_eq!(parse("tb7k 2m9q 4r8t lv6w 3o").as_deref(), Some(NO));
        assert_eq!(parse("TB7K 2M9Q 4R8T iV6W 3O").as_deref(), Some(NO));
    }

    #[test]
    fn what_cannot_be_a_number_is_refused() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("TB7K 2M9Q 4R8T 1V6W 3"), None, "one character short");
        assert_eq!(parse("TB7K 2M9Q 4R8T 1V6W 300"), None, "one character long");
        assert_eq!(parse("TB7K 2M9Q 4R8T 1V6W 3U"), None, "U is in no number");
        assert_eq!(parse("XB7K 2M9Q 4R8T 1V6W 30"), None, "another prefix");
        assert_eq!(
            parse("T87K 2M9Q 4R8T 1V6W 30"),
            None,
            "the prefix is letters"
        );
        assert_eq!(parse("TB7K/2M9Q 4R8T 1V6W 30"), None);
        assert_eq!(parse("TB7K 2M9Q 4R8T 1V6W 3０é"), None);
        assert_eq!(parse(&"0".repeat(10_000)), None, "a long input stops early");
    }

    #[test]
    fn the_alphabet_has_no_look_alikes_and_a_number_keeps_45_random_bits() {
        for b in b"ILOU" {
            assert!(!ALPHABET.contains(b));
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), 32);
        const {
            assert!(
                RANDOM_CHARS * 5 >= 45 && TIME_CHARS + RANDOM_CHARS == CHARS,
                "45 random bits after the time"
            )
        };
        assert!(is_canonical(NO));
        assert!(!is_canonical("TB7K 2M9Q 4R8T 1V6W 30"));
        assert!(!is_canonical("TB7K2M9Q4R8T1V6W3O"));
    }
}
