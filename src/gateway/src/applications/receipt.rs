//! 受理编号: unguessable receipt numbers, and the verifier that lets a citizen without a
//! session look up progress (the last 6 characters of the ID number), stored only as a hash.

use rand::Rng;
use sha2::{Digest, Sha256};
use tongban_rules::receipt_no::{self, ALPHABET, PREFIX, RANDOM_CHARS};
use tongban_rules::validate::identifier;

/// `TB` + 16 random characters of the look-alike-free alphabet (80 bits): not enumerable. The
/// shape, its grouping for people and how a typed number is read: `tongban_rules::receipt_no`.
pub fn new_receipt_no() -> String {
    let mut rng = rand::rngs::OsRng;
    let tail: String = (0..RANDOM_CHARS)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{PREFIX}{tail}")
}

/// Whether a value is a receipt number in its stored form (checked before any database work).
pub fn is_receipt_no(s: &str) -> bool {
    receipt_no::is_canonical(s)
}

/// A receipt number as it came in (a path segment, a body field), read once at the edge: the
/// stored form when it can be one (spaces dropped, case ignored, O read as 0, I and L as 1),
/// else unchanged, so that it is still refused with the one 404 further on.
pub fn typed(raw: &str) -> String {
    receipt_no::parse(raw).unwrap_or_else(|| raw.to_owned())
}

pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The verifier hash for a receipt: bound to the receipt so equal ID tails do not collide.
/// The ID number (or the verifier typed) is normalised by the one identifier rule first, and
/// its tail is counted in characters.
pub fn verifier_hash(receipt_no: &str, id_number: &str) -> String {
    let id = identifier::id_number(id_number);
    let tail = identifier::last_chars(&id, VERIFIER_CHARS);
    sha256_hex(&[receipt_no.as_bytes(), tail.as_bytes()])
}

/// The verifier is the last 6 characters of the normalised ID number.
pub const VERIFIER_CHARS: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_numbers_have_the_published_shape_and_differ() {
        let a = new_receipt_no();
        assert!(is_receipt_no(&a), "{a}");
        assert_ne!(a, new_receipt_no());
        assert!(!is_receipt_no("TB0000000000000001I"));
        assert!(
            a.bytes().all(|b| !b"ILOU".contains(&b)),
            "no look-alikes: {a}"
        );
    }

    #[test]
    fn a_typed_number_is_read_once_into_its_stored_form() {
        assert_eq!(typed("tb7k 2m9q 4r8t 1v6w 3o"), "TB7K2M9Q4R8T1V6W30");
        assert_eq!(typed("not a number"), "not a number");
    }

    #[test]
    fn the_verifier_is_the_id_tail_case_insensitively() {
        assert_eq!(
            verifier_hash("TB1", "11010519491231002X"),
            verifier_hash("TB1", "31002x")
        );
        assert_eq!(
            verifier_hash("TB1", "11010519491231\u{3000}002X"),
            verifier_hash("TB1", "31 002X"),
            "a full-width space neither panics nor becomes part of the tail"
        );
        assert_ne!(
            verifier_hash("TB1", "11010519491231002X"),
            verifier_hash("TB2", "31002X")
        );
    }
}
