//! 受理编号: unguessable receipt numbers, and the verifier that lets a citizen without a
//! session look up progress (the last 6 characters of the ID number), stored only as a hash.

use rand::Rng;
use sha2::{Digest, Sha256};
use tongban_rules::validate::identifier;

/// Crockford base32 without I, L, O, U: easy to read out on the phone.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `TB` + 16 random base32 characters (80 bits): not enumerable.
pub fn new_receipt_no() -> String {
    let mut rng = rand::rngs::OsRng;
    let tail: String = (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..32)] as char)
        .collect();
    format!("TB{tail}")
}

/// Whether a path segment has the shape of a receipt number (checked before any database work).
pub fn is_receipt_no(s: &str) -> bool {
    s.len() == 18 && s.starts_with("TB") && s.bytes().skip(2).all(|b| ALPHABET.contains(&b))
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
