//! The tests' identities: real-name people (their ID numbers and ID hashes) and the tickets a
//! test integrator signs for them (Ed25519, SM2, and the old HMAC `v1`).

use crate::helpers::{ID_HASH_KEY, TICKET_SECRET};
use serde_json::{json, Value};

/// The real-name person of the tests' default sessions: the applicant of their forms.
pub const ME: &str = "11010519491231002X";

/// A valid resident ID number of its own for `sub` (GB 11643: area, birth date, sequence,
/// check character), the same every time.
pub fn id_for(sub: &str) -> String {
    let h = sub.bytes().fold(1469598103934665603u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1099511628211)
    });
    let born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
        + chrono::Duration::days((h % 18_000) as i64);
    let body = format!("110105{}{:03}", born.format("%Y%m%d"), (h / 18_000) % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(weights)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// `idh` as docs/integrators.md tells an integrator to compute it: the ID number without white
/// space, upper-case, HMAC-SHA256 with the shared `TONGBAN_ID_HASH_KEY`, lower-case hex.
pub fn id_hash(id_number: &str) -> String {
    use hmac::{Hmac, Mac};
    let normalised: String = id_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(ID_HASH_KEY.as_bytes()).unwrap();
    mac.update(normalised.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The test integrator (`iss`), registered in every test gateway with its Ed25519 key `kid`
/// `test-ed-1`, for every shell and for units; its earlier key `test-ed-0` is retired.
pub const TEST_ISSUER: &str = "test-integrator";
/// The seeds of the test integrators' private keys (kid → seed).
const ED25519_SEEDS: [(&str, [u8; 32]); 3] = [
    ("test-ed-1", [11; 32]),
    ("test-ed-0", [10; 32]),
    ("alipay-1", [21; 32]),
];
/// The SM2 private key of `zlb` (kid `zlb-sm2-1`, the provincial shell only).
const SM2_SECRET: [u8; 32] = [31; 32];

fn ed25519_key(kid: &str) -> ed25519_dalek::SigningKey {
    let seed = ED25519_SEEDS
        .iter()
        .find(|(k, _)| *k == kid)
        .map_or([11; 32], |(_, s)| *s);
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

fn sm2_key() -> sm2::dsa::SigningKey {
    sm2::dsa::SigningKey::from_slice("1234567812345678", &SM2_SECRET).unwrap()
}

/// `TONGBAN_TICKET_ISSUERS` of every test gateway: the test integrator (key `test-ed-1`; its
/// `test-ed-0` retired), an Alipay-only integrator (`alipay-only`, key `alipay-1`) and 浙里办's
/// SM2 key (`zlb`, `zlb-sm2-1`, provincial only).
pub fn test_issuers() -> String {
    use base64::{engine::general_purpose::STANDARD as B64, Engine};
    let ed = |kid: &str| B64.encode(ed25519_key(kid).verifying_key().as_bytes());
    let sm2_point: String = sm2_key()
        .verifying_key()
        .to_sec1_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "iss={TEST_ISSUER} kid=test-ed-1 shells=wechat,alipay,provincial,browser units key={}\n\
         iss={TEST_ISSUER} kid=test-ed-0 shells=wechat,alipay,provincial,browser units retired key={}\n\
         iss=alipay-only kid=alipay-1 shells=alipay key={}\n\
         iss=zlb kid=zlb-sm2-1 alg=sm2 shells=provincial key={sm2_point}",
        ed("test-ed-1"),
        ed("test-ed-0"),
        ed("alipay-1"),
    )
}

/// Signs an identity ticket as an integrator's backend would (docs/integrators.md), with a
/// fresh `jti`: every ticket is exchanged once.
pub fn ticket(sub: &str, shell: &str, exp: i64) -> String {
    ticket_with(json!({"sub": sub, "shell": shell, "exp": exp}))
}

/// Signs a `v2` ticket with these claims (`sub`, `shell`, `exp`, and any of `idh`, `nm`, `idt`)
/// as the test integrator's backend would, adding a fresh `jti` (when absent), and `iss` (the test
/// integrator) and `aud` (`tongban`) when absent. A `kid` among them goes to the header
/// instead (default `test-ed-1`), and the ticket is signed with that key.
pub fn ticket_with(mut claims: Value) -> String {
    let kid = match claims.as_object_mut().and_then(|c| c.remove("kid")) {
        Some(Value::String(kid)) => kid,
        _ => "test-ed-1".into(),
    };
    let key = ed25519_key(&kid);
    signed_v2(&json!({"alg": "Ed25519", "kid": kid}), claims, |m| {
        use ed25519_dalek::Signer;
        key.sign(m).to_bytes().to_vec()
    })
}

/// A `v2` ticket of 浙里办's SM2 key (`zlb`, kid `zlb-sm2-1`), with the same defaults.
pub fn ticket_sm2(mut claims: Value) -> String {
    if claims.get("iss").is_none() {
        claims["iss"] = json!("zlb");
    }
    signed_v2(&json!({"alg": "SM2", "kid": "zlb-sm2-1"}), claims, |m| {
        // With a random nonce, as gmssl and BouncyCastle sign: each signing differs.
        use sm2::dsa::signature::RandomizedSigner;
        let sig: sm2::dsa::Signature = sm2_key().sign_with_rng(&mut rand::rngs::OsRng, m);
        sig.to_bytes().to_vec()
    })
}

/// `v2.<header>.<claims>.<sig>`: base64url without padding, `sig` over `v2.<header>.<claims>`.
fn signed_v2(header: &Value, mut claims: Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
    if claims.get("jti").is_none() {
        claims["jti"] = json!(format!("{:032x}", rand::random::<u128>()));
    }
    for (name, default) in [("iss", TEST_ISSUER), ("aud", "tongban")] {
        if claims.get(name).is_none() {
            claims[name] = json!(default);
        }
    }
    let signed = format!(
        "v2.{}.{}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    );
    format!("{signed}.{}", B64.encode(sign(signed.as_bytes())))
}

/// An old shared-secret `v1` ticket (`TONGBAN_TICKET_SECRET`), as integrators signed them
/// before their own keys.
pub fn ticket_v1(mut claims: Value) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
    use hmac::{Hmac, Mac};
    claims["jti"] = json!(format!("{:032x}", rand::random::<u128>()));
    let payload = B64.encode(claims.to_string());
    let signed = format!("v1.{payload}");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(TICKET_SECRET.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    format!("{signed}.{}", B64.encode(mac.finalize().into_bytes()))
}
