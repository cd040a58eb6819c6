//! The cluster drill's simulated people: citizens signed in by an integrator's ticket (the
//! bench plays the integrator: an Ed25519 key it registers with every copy), and a clerk.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};

/// The bench's issuer as `TONGBAN_TICKET_ISSUERS` registers it.
pub const ISS: &str = "bench";
const KID: &str = "bench-1";

/// Signs citizens' tickets and computes their real-name ID hash, as an integrator's backend does.
pub struct Issuer {
    key: SigningKey,
    id_hash_key: Vec<u8>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Issuer {
    /// From a 32-byte seed in hex and the shared `TONGBAN_ID_HASH_KEY`.
    pub fn new(seed_hex: &str, id_hash_key: &str) -> Result<Self, String> {
        let bytes: Vec<u8> = (0..seed_hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(seed_hex.get(i..i + 2).unwrap_or("zz"), 16))
            .collect::<Result<_, _>>()
            .map_err(|_| "the ticket seed is not hex".to_string())?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the ticket seed is not 32 bytes".to_string())?;
        Ok(Self {
            key: SigningKey::from_bytes(&seed),
            id_hash_key: id_hash_key.as_bytes().to_vec(),
        })
    }

    /// The `TONGBAN_TICKET_ISSUERS` entry every copy is given.
    pub fn registration(&self) -> String {
        format!(
            "iss={ISS} kid={KID} alg=ed25519 shells=browser key={}",
            hex(self.key.verifying_key().as_bytes())
        )
    }

    /// The real-name ID hash the integrator puts in a ticket (`idh`).
    fn idh(&self, id_number: &str) -> String {
        let normalised = tongban_rules::validate::identifier::id_number(id_number);
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&self.id_hash_key)
            .expect("HMAC takes keys of any length");
        mac.update(normalised.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A fresh ticket for citizen `sub` with the real-name identity `id_number`.
    pub fn ticket(&self, sub: &str, id_number: &str, jti: &str) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let header = B64.encode(json!({"alg": "Ed25519", "kid": KID}).to_string());
        let claims = json!({"iss": ISS, "aud": "tongban", "sub": sub, "shell": "browser",
            "exp": now + 300, "jti": jti, "idh": self.idh(id_number)});
        let signed = format!("v2.{header}.{}", B64.encode(claims.to_string()));
        let sig = self.key.sign(signed.as_bytes());
        format!("{signed}.{}", B64.encode(sig.to_bytes()))
    }
}

/// A tiny JPEG the upload check accepts (its magic bytes and end marker), unique per citizen.
pub fn jpeg(n: u64) -> Vec<u8> {
    let mut body = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0,
    ];
    body.extend_from_slice(&n.to_be_bytes());
    body.resize(2048, 0x5A);
    body.extend_from_slice(&[0xFF, 0xD9]);
    body
}

/// The answer's JSON string member `name`.
pub fn text(body: &Value, name: &str) -> Option<String> {
    body.get(name).and_then(Value::as_str).map(String::from)
}
