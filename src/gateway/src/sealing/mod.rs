//! Encryption at rest of every column and file that holds personal data — each declared once in
//! `registry` — under `TONGBAN_DATA_KEY`: AES-256-GCM, or SM4-GCM (`TONGBAN_CIPHER=sm4-gcm`, for
//! 国密/密评 deployments) — RustCrypto's `sm4` block cipher in `aes-gcm`'s generic GCM
//! construction. The verifier hashes are keyed apart (`verifier`).
//!
//! A sealed value is `TBS1 | algorithm (1 byte) | key id (4 bytes) | nonce (12) | ciphertext+tag`;
//! the header and the value's context (`registry::aad`: its row, and for notes its column and
//! step) are authenticated data, so a ciphertext cannot be moved to another row or file. The key
//! id (the start of a SHA-256 of the key) finds the key among `TONGBAN_DATA_KEYS_OLD` after a
//! rotation, and `tongban-gateway rekey` (`rekey`) re-seals every entry of the registry under the
//! current key. Values written before sealing have no header and are read as they are until
//! rekeyed.

pub mod keys;
pub mod rederive;
pub mod registry;
pub mod rekey;
pub mod verifier;

use aes_gcm::{
    aead::{consts::U12, Aead, KeyInit, Payload},
    Aes256Gcm, AesGcm, Nonce,
};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

type Sm4Gcm = AesGcm<sm4::Sm4, U12>;

const MAGIC: &[u8; 4] = b"TBS1";
const HEADER: usize = 4 + 1 + 4;
const NONCE: usize = 12;
/// Text columns hold sealed bytes as base64 behind this prefix.
const TEXT_PREFIX: &str = "tbs1:";

/// The two ciphers; the byte is stored in each sealed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Aes256Gcm,
    Sm4Gcm,
}

impl Algorithm {
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "aes-256-gcm" => Some(Self::Aes256Gcm),
            "sm4-gcm" => Some(Self::Sm4Gcm),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Aes256Gcm => "aes-256-gcm",
            Self::Sm4Gcm => "sm4-gcm",
        }
    }

    /// The key length this cipher takes: 32 bytes for AES-256, 16 for SM4.
    pub fn key_len(self) -> usize {
        match self {
            Self::Aes256Gcm => 32,
            Self::Sm4Gcm => 16,
        }
    }

    /// The cipher a key of this length is for (old keys carry no other label).
    pub fn for_key_len(len: usize) -> Option<Self> {
        match len {
            32 => Some(Self::Aes256Gcm),
            16 => Some(Self::Sm4Gcm),
            _ => None,
        }
    }

    fn byte(self) -> u8 {
        match self {
            Self::Aes256Gcm => 1,
            Self::Sm4Gcm => 2,
        }
    }
}

/// Why a sealed value could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("sealed with key {0}, which is neither TONGBAN_DATA_KEY nor in TONGBAN_DATA_KEYS_OLD")]
    UnknownKey(String),
    #[error("a sealed value is damaged or was moved from another row")]
    Damaged,
}

enum Cipher {
    Aes(Box<Aes256Gcm>),
    Sm4(Box<Sm4Gcm>),
}

struct Key {
    id: [u8; 4],
    algorithm: Algorithm,
    cipher: Cipher,
}

impl Key {
    fn new(algorithm: Algorithm, bytes: &[u8]) -> Option<Self> {
        if bytes.len() != algorithm.key_len() {
            return None;
        }
        let cipher = match algorithm {
            Algorithm::Aes256Gcm => Cipher::Aes(Box::new(Aes256Gcm::new_from_slice(bytes).ok()?)),
            Algorithm::Sm4Gcm => Cipher::Sm4(Box::new(Sm4Gcm::new_from_slice(bytes).ok()?)),
        };
        let mut h = Sha256::new();
        h.update(b"tongban data key id");
        h.update([algorithm.byte()]);
        h.update(bytes);
        let digest = h.finalize();
        Some(Self {
            id: [digest[0], digest[1], digest[2], digest[3]],
            algorithm,
            cipher,
        })
    }

    fn header(&self) -> [u8; HEADER] {
        let mut h = [0u8; HEADER];
        h[..4].copy_from_slice(MAGIC);
        h[4] = self.algorithm.byte();
        h[5..].copy_from_slice(&self.id);
        h
    }

    fn run(&self, encrypt: bool, nonce: &[u8], msg: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        let nonce = Nonce::<U12>::from_slice(nonce);
        let payload = Payload { msg, aad };
        match (&self.cipher, encrypt) {
            (Cipher::Aes(c), true) => c.encrypt(nonce, payload).ok(),
            (Cipher::Aes(c), false) => c.decrypt(nonce, payload).ok(),
            (Cipher::Sm4(c), true) => c.encrypt(nonce, payload).ok(),
            (Cipher::Sm4(c), false) => c.decrypt(nonce, payload).ok(),
        }
    }
}

/// The current key (seals and opens) and the old ones (open only).
pub struct Sealer {
    current: Key,
    old: Vec<Key>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer")
            .field("algorithm", &self.current.algorithm)
            .field("key_id", &crate::hex::lower(&self.current.id))
            .field("old_keys", &self.old.len())
            .finish()
    }
}

impl Sealer {
    /// `current` under `algorithm`; each old key's cipher is told by its length. `None` when a
    /// key has the wrong length.
    pub fn new(algorithm: Algorithm, current: &[u8], old: &[Vec<u8>]) -> Option<Self> {
        let current = Key::new(algorithm, current)?;
        let old = old
            .iter()
            .map(|k| Key::new(Algorithm::for_key_len(k.len())?, k))
            .collect::<Option<Vec<_>>>()?;
        Some(Self { current, old })
    }

    /// The id of the current key, as `rekey` and the logs name it.
    pub fn key_id(&self) -> String {
        crate::hex::lower(&self.current.id)
    }

    pub fn algorithm(&self) -> Algorithm {
        self.current.algorithm
    }

    /// Seals `plain` for `context` (the receipt number or attachment id it belongs to).
    pub fn seal(&self, context: &str, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let header = self.current.header();
        let aad = [&header[..], context.as_bytes()].concat();
        let sealed = self
            .current
            .run(true, &nonce, plain, &aad)
            .expect("GCM seals any message of a sane length");
        [&header[..], &nonce[..], &sealed].concat()
    }

    /// Opens what `seal` made for `context`; bytes without the header are returned as they are
    /// (written before encryption, until `rekey`).
    pub fn open(&self, context: &str, bytes: &[u8]) -> Result<Vec<u8>, Unreadable> {
        if !bytes.starts_with(MAGIC) {
            return Ok(bytes.to_vec());
        }
        if bytes.len() < HEADER + NONCE {
            return Err(Unreadable::Damaged);
        }
        let (header, rest) = bytes.split_at(HEADER);
        let id = &header[5..];
        let key = std::iter::once(&self.current)
            .chain(&self.old)
            .find(|k| k.id == id && k.algorithm.byte() == header[4])
            .ok_or_else(|| Unreadable::UnknownKey(crate::hex::lower(id)))?;
        let (nonce, sealed) = rest.split_at(NONCE);
        let aad = [header, context.as_bytes()].concat();
        key.run(false, nonce, sealed, &aad)
            .ok_or(Unreadable::Damaged)
    }

    /// Whether `bytes` are sealed under the current key (nothing for `rekey` to do).
    pub fn is_current(&self, bytes: &[u8]) -> bool {
        bytes.len() >= HEADER && bytes[..HEADER] == self.current.header()
    }

    /// `seal` for a text column.
    pub fn seal_text(&self, context: &str, plain: &str) -> String {
        format!(
            "{TEXT_PREFIX}{}",
            B64.encode(self.seal(context, plain.as_bytes()))
        )
    }

    /// `open` for a text column: a value without the prefix was written in clear.
    pub fn open_text(&self, context: &str, text: &str) -> Result<String, Unreadable> {
        let Some(b64) = text.strip_prefix(TEXT_PREFIX) else {
            return Ok(text.to_owned());
        };
        let bytes = B64.decode(b64).map_err(|_| Unreadable::Damaged)?;
        String::from_utf8(self.open(context, &bytes)?).map_err(|_| Unreadable::Damaged)
    }

    /// `is_current` for a text column.
    pub fn is_current_text(&self, text: &str) -> bool {
        text.strip_prefix(TEXT_PREFIX)
            .and_then(|b| B64.decode(b).ok())
            .is_some_and(|b| self.is_current(&b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(algorithm: Algorithm, fill: u8) -> Sealer {
        Sealer::new(algorithm, &vec![fill; algorithm.key_len()], &[]).unwrap()
    }

    #[test]
    fn both_ciphers_seal_and_open_and_hide_the_text() {
        for algorithm in [Algorithm::Aes256Gcm, Algorithm::Sm4Gcm] {
            let s = sealer(algorithm, 7);
            let text = r#"{"applicant.id_number":"11010519491231002X"}"#;
            let sealed = s.seal_text("TB1", text);
            assert!(!sealed.contains("1101051949"));
            assert_eq!(s.open_text("TB1", &sealed).unwrap(), text);
            assert!(s.is_current_text(&sealed));
            assert_ne!(s.seal_text("TB1", text), sealed, "a fresh nonce each time");
        }
    }

    #[test]
    fn a_value_moved_to_another_context_or_altered_is_refused() {
        let s = sealer(Algorithm::Aes256Gcm, 1);
        let mut sealed = s.seal("a", b"secret");
        assert_eq!(s.open("b", &sealed), Err(Unreadable::Damaged));
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(s.open("a", &sealed), Err(Unreadable::Damaged));
    }

    #[test]
    fn old_keys_open_what_they_sealed_and_unknown_keys_are_named() {
        let old = sealer(Algorithm::Aes256Gcm, 1);
        let sealed = old.seal("a", b"x");
        let rotated = Sealer::new(Algorithm::Sm4Gcm, &[2; 16], &[vec![1; 32]]).unwrap();
        assert_eq!(rotated.open("a", &sealed).unwrap(), b"x");
        assert!(!rotated.is_current(&sealed));
        let other = sealer(Algorithm::Aes256Gcm, 3);
        assert!(matches!(
            other.open("a", &sealed),
            Err(Unreadable::UnknownKey(_))
        ));
    }

    #[test]
    fn bytes_written_before_encryption_are_read_as_they_are() {
        let s = sealer(Algorithm::Aes256Gcm, 1);
        assert_eq!(s.open("a", b"%PDF-1.4").unwrap(), b"%PDF-1.4");
        assert_eq!(s.open_text("a", "{}").unwrap(), "{}");
    }

    #[test]
    fn a_key_of_the_wrong_length_is_refused() {
        assert!(Sealer::new(Algorithm::Sm4Gcm, &[0; 32], &[]).is_none());
        assert!(Sealer::new(Algorithm::Aes256Gcm, &[0; 32], &[vec![0; 20]]).is_none());
    }
}
