//! The verifier hash: what lets a citizen without a session look up progress with the last 6
//! characters of the applicant's ID number. Stored as `hv1:<key id>:<HMAC-SHA256>` under
//! `TONGBAN_VERIFIER_KEY` (a key of its own, never shared with integrators), bound to the
//! receipt number: from a copy of the database alone the 10⁶ possible tails cannot be tried.
//! After a rotation the earlier keys (`TONGBAN_VERIFIER_KEYS_OLD`) still match, and `rekey`
//! re-derives every hash under the current key from the sealed answers. Rows written before
//! the key existed (an unkeyed SHA-256) are re-derived at start (`migrate`).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tongban_rules::validate::identifier;

/// The verifier is the last 6 characters of the normalised ID number.
pub const VERIFIER_CHARS: usize = 6;
const PREFIX: &str = "hv1:";

struct Key {
    id: String,
    /// The HMAC keyed once (its inner and outer pads hashed): each lookup clones it rather than
    /// keying a new one.
    keyed: Hmac<Sha256>,
}

impl Key {
    fn new(bytes: &[u8]) -> Self {
        let digest = Sha256::new()
            .chain_update(b"tongban verifier key id")
            .chain_update(bytes)
            .finalize();
        Self {
            id: crate::hex::lower(&digest[..4]),
            keyed: Hmac::<Sha256>::new_from_slice(bytes).expect("any key length"),
        }
    }

    fn mac(&self, receipt_no: &str, tail: &str) -> [u8; 32] {
        let mut m = self.keyed.clone();
        for part in [receipt_no.as_bytes(), tail.as_bytes()] {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part);
        }
        m.finalize().into_bytes().into()
    }
}

/// The tail of an ID number (or of what was typed), normalised by the one identifier rule and
/// counted in characters.
fn tail(id_number: &str) -> String {
    let id = identifier::id_number(id_number);
    identifier::last_chars(&id, VERIFIER_CHARS).to_owned()
}

/// Whether `stored` is the lower-case hex of `mac`, compared in constant time (a stored hash
/// of another length or case matches nothing).
fn hex_matches(mac: &[u8; 32], stored: &str) -> bool {
    let mut hexed = [0u8; 64];
    crate::hex::lower_into(mac, &mut hexed);
    bool::from(hexed.as_slice().ct_eq(stored.as_bytes()))
}

/// The current verifier key (hashes and matches) and the earlier ones (match only).
pub struct Verifier {
    current: Key,
    old: Vec<Key>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("key_id", &self.current.id)
            .field("old_keys", &self.old.len())
            .finish()
    }
}

impl Verifier {
    pub fn new(current: &[u8], old: &[Vec<u8>]) -> Self {
        Self {
            current: Key::new(current),
            old: old.iter().map(|k| Key::new(k)).collect(),
        }
    }

    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    /// The stored hash for `receipt_no` whose applicant has `id_number`.
    pub fn hash(&self, receipt_no: &str, id_number: &str) -> String {
        let mac = self.current.mac(receipt_no, &tail(id_number));
        format!("{PREFIX}{}:{}", self.current.id, crate::hex::lower(&mac))
    }

    /// Whether `typed` is the verifier of the row whose stored hash is `stored`. A hash of a
    /// version before the key (unkeyed) still matches until it is re-derived.
    pub fn matches(&self, stored: &str, receipt_no: &str, typed: &str) -> bool {
        // What was typed, normalised once: it is its own tail when it has the tail's length.
        let tail = identifier::id_number(typed);
        if tail.chars().count() != VERIFIER_CHARS {
            return false;
        }
        let Some((id, mac)) = stored
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split_once(':'))
        else {
            let legacy =
                crate::applications::receipt::sha256_hex(&[receipt_no.as_bytes(), tail.as_bytes()]);
            return !stored.is_empty() && bool::from(legacy.as_bytes().ct_eq(stored.as_bytes()));
        };
        std::iter::once(&self.current)
            .chain(&self.old)
            .find(|k| k.id == id)
            .is_some_and(|k| hex_matches(&k.mac(receipt_no, &tail), mac))
    }

    /// Whether `stored` is under the current key (or empty: purged).
    pub fn is_current(&self, stored: &str) -> bool {
        stored.is_empty()
            || stored
                .strip_prefix(PREFIX)
                .is_some_and(|rest| rest.starts_with(&format!("{}:", self.current.id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verifier_is_the_id_tail_keyed_and_bound_to_the_receipt() {
        let v = Verifier::new(b"k1", &[]);
        let h = v.hash("TB1", "11010519491231002X");
        assert!(v.matches(&h, "TB1", "31002x"));
        assert!(
            v.matches(&h, "TB1", "31 002X"),
            "spaces are not part of the tail"
        );
        assert!(!v.matches(&h, "TB2", "31002X"));
        assert!(!v.matches(&h, "TB1", "31002Y"));
        let other = Verifier::new(b"k2", &[]);
        assert_ne!(other.hash("TB1", "31002X"), h, "another key, another hash");
        assert!(!other.matches(&h, "TB1", "31002X"));
    }

    #[test]
    fn after_a_rotation_old_hashes_match_until_re_derived() {
        let old = Verifier::new(b"k1", &[]);
        let h = old.hash("TB1", "31002X");
        let rotated = Verifier::new(b"k2", &[b"k1".to_vec()]);
        assert!(rotated.matches(&h, "TB1", "31002X"));
        assert!(!rotated.is_current(&h));
        assert!(rotated.is_current(&rotated.hash("TB1", "31002X")));
    }

    #[test]
    fn a_stored_mac_matches_only_as_its_own_lower_case_hex() {
        let v = Verifier::new(b"k1", &[]);
        let h = v.hash("TB1", "11010519491231002X");
        let (prefix, mac) = h.rsplit_once(':').unwrap();
        assert_eq!(mac.len(), 64);
        assert!(v.matches(&format!("{prefix}:{mac}"), "TB1", "31002X"));
        for other in [
            mac.to_uppercase(),
            mac[..63].to_owned(),
            format!("{mac}0"),
            String::new(),
        ] {
            assert!(!v.matches(&format!("{prefix}:{other}"), "TB1", "31002X"));
        }
    }

    #[test]
    fn an_unkeyed_hash_of_before_still_matches() {
        let legacy = crate::applications::receipt::sha256_hex(&[b"TB1", b"31002X"]);
        let v = Verifier::new(b"k1", &[]);
        assert!(v.matches(&legacy, "TB1", "31002x"));
        assert!(!v.is_current(&legacy));
        assert!(
            !v.matches("", "TB1", "31002X"),
            "a purged hash matches nothing"
        );
    }
}
