//! 受理编号: numbers made in time order, unguessable by their random part (the verifier that
//! goes with one: `sealing::verifier`).

use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use tongban_rules::receipt_no::{self, ALPHABET, PREFIX, RANDOM_CHARS, TIME_CHARS};

/// Where a number's time counts from: 2026-01-01T00:00:00Z, in ms since the Unix epoch. The
/// 7 time characters hold 2^35 32nds of a second, 34 years; then the count wraps, and numbers
/// made after sort among the first ones (still unique: their random part decides).
const TIME_EPOCH_MS: i64 = 1_767_225_600_000;

/// `TB` + when it was made (`now`, in 32nds of a second, 7 characters) + 9 random characters
/// (45 bits) of the look-alike-free alphabet. Numbers made in the same batch sort together, so
/// each index keyed by the number (the application's, its events', the outbox's) takes them in
/// a page or two at its end rather than a page each at random places: the pages a batch
/// writes, and the disk syncs, are fewer (docs/performance.md). The shape, its grouping for
/// people and how a typed number is read: `tongban_rules::receipt_no`. The random bits come from
/// the OS's random source in one read (the alphabet's 32 characters take 5 bits each: a byte's
/// low 5 bits pick one, uniformly), not one system call per character.
pub fn new_receipt_no(now: DateTime<Utc>) -> String {
    const _: () = assert!(ALPHABET.len() == 32, "5 bits a character");
    let ticks = (now.timestamp_millis() - TIME_EPOCH_MS).wrapping_mul(32) / 1000;
    let ticks = ticks.rem_euclid(1 << (5 * TIME_CHARS));
    let mut bytes = [0u8; RANDOM_CHARS];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let mut out = String::with_capacity(PREFIX.len() + TIME_CHARS + RANDOM_CHARS);
    out.push_str(PREFIX);
    out.extend(
        (0..TIME_CHARS)
            .rev()
            .map(|i| ALPHABET[((ticks >> (5 * i)) & 31) as usize] as char),
    );
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
        let now = Utc::now();
        let a = new_receipt_no(now);
        assert!(is_receipt_no(&a), "{a}");
        assert_ne!(a, new_receipt_no(now));
        assert!(!is_receipt_no("TB0000000000000001I"));
        assert!(
            a.bytes().all(|b| !b"ILOU".contains(&b)),
            "no look-alikes: {a}"
        );
    }

    #[test]
    fn numbers_made_later_sort_after_and_start_with_the_time_they_were_made() {
        let at = |ms: i64| DateTime::<Utc>::from_timestamp_millis(TIME_EPOCH_MS + ms).unwrap();
        assert!(new_receipt_no(at(0)).starts_with("TB0000000"));
        // One second is 32 ticks: "10" in base 32.
        assert!(new_receipt_no(at(1_000)).starts_with("TB0000010"));
        // 2026-12-07T12:00:00Z, 340 days and 12 hours in.
        let dec = at((340 * 86_400 + 12 * 3_600) * 1_000);
        let (a, b) = (
            new_receipt_no(dec),
            new_receipt_no(dec + chrono::Duration::milliseconds(40)),
        );
        assert!(a < b, "{a} then {b}");
        let same = new_receipt_no(dec + chrono::Duration::milliseconds(10));
        assert_eq!(
            a[..PREFIX.len() + TIME_CHARS],
            same[..PREFIX.len() + TIME_CHARS],
            "one 32nd"
        );
        // Before the epoch (a wrong clock) or past the 34 years, the count wraps: still a number.
        assert!(is_receipt_no(&new_receipt_no(at(-1_000))));
        const PAST_THE_COUNT_MS: i64 = 35 * 366 * 86_400 * 1_000;
        assert!(is_receipt_no(&new_receipt_no(at(PAST_THE_COUNT_MS))));
    }

    #[test]
    fn every_character_of_the_alphabet_is_drawn() {
        // 3,240 random characters: with 32 equally likely, one missing would be a broken draw
        // (chance of a miss by luck: 32 × (31/32)^3240, under 1e-40).
        let mut seen = std::collections::BTreeSet::new();
        let now = Utc::now();
        for _ in 0..360 {
            seen.extend(new_receipt_no(now)[PREFIX.len() + TIME_CHARS..].bytes());
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
