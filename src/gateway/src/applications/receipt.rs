//! 受理编号: unguessable receipt numbers (the verifier that goes with one: `sealing::verifier`).

use rand::RngCore;
use sha2::{Digest, Sha256};
use tongban_rules::receipt_no::{self, ALPHABET, PREFIX, RANDOM_CHARS};

/// `TB` + 16 random characters of the look-alike-free alphabet (80 bits): not enumerable. The
/// shape, its grouping for people and how a typed number is read: `tongban_rules::receipt_no`.
/// The bits come from the OS's random source in one read (the alphabet's 32 characters take 5
/// bits each: a byte's low 5 bits pick one, uniformly), not one system call per character.
pub fn new_receipt_no() -> String {
    const _: () = assert!(ALPHABET.len() == 32, "5 bits a character");
    let mut bytes = [0u8; RANDOM_CHARS];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let mut out = String::with_capacity(PREFIX.len() + RANDOM_CHARS);
    out.push_str(PREFIX);
    out.extend(bytes.iter().map(|b| ALPHABET[usize::from(b & 31)] as char));
    out
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
    crate::hex::lower(&h.finalize())
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
    fn every_character_of_the_alphabet_is_drawn() {
        // 3,200 characters: with 32 equally likely, one missing would be a broken draw
        // (chance of a miss by luck: 32 × (31/32)^3200, under 1e-40).
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            seen.extend(new_receipt_no()[PREFIX.len()..].bytes());
        }
        assert_eq!(seen.len(), ALPHABET.len(), "{seen:?}");
    }

    #[test]
    fn a_typed_number_is_read_once_into_its_stored_form() {
        assert_eq!(typed("tb7k 2m9q 4r8t 1v6w 3o"), "TB7K2M9Q4R8T1V6W30");
        assert_eq!(typed("not a number"), "not a number");
    }

    #[test]
    fn the_hash_is_the_length_prefixed_sha256_in_lower_case_hex() {
        // What stored buckets, tokens and idempotency keys were hashed to before: unchanged.
        let mut h = Sha256::new();
        h.update(3u64.to_be_bytes());
        h.update(b"abc");
        let expected: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(sha256_hex(&[b"abc"]), expected);
        assert_eq!(crate::hex::lower(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }
}
