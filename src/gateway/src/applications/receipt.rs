//! 受理编号: unguessable receipt numbers (the verifier that goes with one: `sealing::verifier`).

use rand::Rng;
use sha2::{Digest, Sha256};
use tongban_rules::receipt_no::{self, ALPHABET, PREFIX, RANDOM_CHARS};

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
}
