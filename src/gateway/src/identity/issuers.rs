//! The shell integrators whose tickets the gateway believes: one public key per entry, each with
//! its key id (`kid`), its issuer (`iss`), the shells it may speak for, whether it may sign unit
//! subjects (`unit:…`), and whether it is retired. The gateway holds no integrator's private
//! key: an integrator signs with its own Ed25519 or SM2 key (docs/integrators.md).
//!
//! `TONGBAN_TICKET_ISSUERS` lists them, inline or in a file (a value starting with `/` or `.` is
//! the file's path). One key an entry; entries are separated by new lines or `;`; a line
//! starting with `#` is a comment. An entry is white-space separated `name=value` fields and
//! bare flags:
//!
//! ```text
//! iss=wx-backend kid=wx-2026-01 alg=ed25519 shells=wechat key=MCowBQYDK2VwAyEA…
//! iss=zlb kid=zlb-sm2-1 alg=sm2 shells=provincial,browser units key=MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE…
//! iss=wx-backend kid=wx-2025-07 alg=ed25519 shells=wechat retired key=…
//! ```
//!
//! `alg` is `ed25519` (the default) or `sm2`. `key` is the public key in base64 (standard or
//! URL-safe, padding optional) or hex: Ed25519 as its 32 raw bytes or as the DER
//! SubjectPublicKeyInfo (`openssl pkey -pubout -outform DER`); SM2 as the uncompressed point
//! (`04‖X‖Y`, 65 bytes; 64 bytes without the `04` as gmssl writes it) or the DER
//! SubjectPublicKeyInfo. `units` lets the key sign `unit:` subjects; `retired` keeps the entry
//! (so its `kid` is never reused) but refuses its tickets.

use crate::AppError;

/// The shells a ticket may come from.
pub const SHELLS: [&str; 4] = ["wechat", "alipay", "provincial", "browser"];
use base64::{
    engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD},
    Engine,
};

/// The issuer of the tickets `--dev` signs with its in-memory key.
pub const DEV_ISSUER: &str = "dev";

/// SM2's distinguishing identifier (GM/T 0009-2012's default, used by BouncyCastle's
/// `SM3withSM2` and gmssl alike when none is given).
pub const SM2_DISTID: &str = "1234567812345678";

/// A signature algorithm a ticket may be signed with; its name in the ticket header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Ed25519,
    Sm2,
}

impl Alg {
    /// The header's `alg`: `Ed25519` or `SM2`.
    pub fn header_name(self) -> &'static str {
        match self {
            Alg::Ed25519 => "Ed25519",
            Alg::Sm2 => "SM2",
        }
    }
}

/// An integrator's public key.
#[derive(Clone, Debug)]
pub enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    Sm2(Box<sm2::dsa::VerifyingKey>),
}

impl PublicKey {
    pub fn alg(&self) -> Alg {
        match self {
            PublicKey::Ed25519(_) => Alg::Ed25519,
            PublicKey::Sm2(_) => Alg::Sm2,
        }
    }

    /// Whether `sig` signs `message`: Ed25519 (RFC 8032, strict) with a 64-byte signature, or
    /// SM2 with SM3 and the default distinguishing identifier, `r‖s` in 64 bytes.
    pub fn verifies(&self, message: &[u8], sig: &[u8]) -> bool {
        match self {
            PublicKey::Ed25519(key) => ed25519_dalek::Signature::from_slice(sig)
                .is_ok_and(|sig| key.verify_strict(message, &sig).is_ok()),
            PublicKey::Sm2(key) => {
                use sm2::dsa::signature::Verifier;
                sm2::dsa::Signature::from_slice(sig)
                    .is_ok_and(|sig| key.verify(message, &sig).is_ok())
            }
        }
    }
}

/// One registered key of one integrator.
#[derive(Clone, Debug)]
pub struct IssuerKey {
    pub iss: String,
    pub kid: String,
    pub key: PublicKey,
    /// The shells (`wechat`, `alipay`, `provincial`, `browser`) it may speak for.
    pub shells: Vec<String>,
    /// It may sign `unit:<统一社会信用代码>` subjects (a unit portal).
    pub units: bool,
    /// Its tickets are refused; the entry stays so the `kid` is not given out again.
    pub retired: bool,
}

/// Reads `TONGBAN_TICKET_ISSUERS` (the inline list, or the file a path names).
pub fn read(value: &str) -> Result<Vec<IssuerKey>, AppError> {
    let value = value.trim();
    if value.starts_with('/') || value.starts_with('.') {
        let text = std::fs::read_to_string(value).map_err(|e| {
            AppError::Config(format!(
                "TONGBAN_TICKET_ISSUERS: cannot read `{value}`: {e}"
            ))
        })?;
        parse(&text)
    } else {
        parse(value)
    }
}

/// Parses the list (see the module's comment); every `kid` once, every entry complete.
pub fn parse(text: &str) -> Result<Vec<IssuerKey>, AppError> {
    let mut keys: Vec<IssuerKey> = Vec::new();
    let entries = text
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|e| !e.is_empty() && !e.starts_with('#'));
    for (n, entry) in entries.enumerate() {
        let key = entry_of(entry).map_err(|e| {
            AppError::Config(format!("TONGBAN_TICKET_ISSUERS entry {}: {e}", n + 1))
        })?;
        if keys.iter().any(|k| k.kid == key.kid) {
            return Err(AppError::Config(format!(
                "TONGBAN_TICKET_ISSUERS: kid `{}` is listed twice (a kid names one key)",
                key.kid
            )));
        }
        keys.push(key);
    }
    Ok(keys)
}

/// A name or id: 1 to 64 of `A-Z a-z 0-9 . _ : -`.
fn is_name(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

fn entry_of(entry: &str) -> Result<IssuerKey, String> {
    let (mut iss, mut kid, mut alg, mut key, mut shells) = (None, None, Alg::Ed25519, None, None);
    let (mut units, mut retired) = (false, false);
    for field in entry.split_whitespace() {
        match field.split_once('=') {
            Some(("iss", v)) if is_name(v) => iss = Some(v.to_owned()),
            Some(("kid", v)) if is_name(v) => kid = Some(v.to_owned()),
            Some(("alg", v)) => {
                alg = match v.to_ascii_lowercase().as_str() {
                    "ed25519" => Alg::Ed25519,
                    "sm2" => Alg::Sm2,
                    _ => return Err(format!("alg `{v}` is ed25519 or sm2")),
                }
            }
            Some(("key", v)) => key = Some(v.to_owned()),
            Some(("shells", v)) => {
                let list: Vec<String> = v.split(',').map(str::to_owned).collect();
                if let Some(bad) = list
                    .iter()
                    .find(|s| !SHELLS.contains(&s.as_str()))
                {
                    return Err(format!(
                        "shell `{bad}` is not one of {:?}",
                        SHELLS
                    ));
                }
                shells = Some(list);
            }
            None if field == "units" => units = true,
            None if field == "retired" => retired = true,
            _ => return Err(format!("`{field}` is not iss=, kid=, alg=, key=, shells=, units or retired (iss and kid: 1 to 64 of A-Z a-z 0-9 . _ : -)")),
        }
    }
    let iss = iss.ok_or("iss= is missing")?;
    let kid = kid.ok_or("kid= is missing")?;
    let shells = shells.ok_or("shells= is missing")?;
    let key =
        public_key(alg, &key.ok_or("key= is missing")?).map_err(|e| format!("kid `{kid}`: {e}"))?;
    Ok(IssuerKey {
        iss,
        kid,
        key,
        shells,
        units,
        retired,
    })
}

/// Hex (64, 128 or 130 digits) or base64 bytes.
fn key_bytes(text: &str) -> Option<Vec<u8>> {
    let hex = [64, 128, 130].contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit());
    if hex {
        return (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
            .collect();
    }
    let unpadded = text.trim_end_matches('=');
    STANDARD_NO_PAD
        .decode(unpadded)
        .or_else(|_| URL_SAFE_NO_PAD.decode(unpadded))
        .ok()
}

/// The public key of `alg` in any of the encodings the module's comment lists.
pub fn public_key(alg: Alg, text: &str) -> Result<PublicKey, String> {
    let bytes = key_bytes(text).ok_or("key= is neither base64 nor hex")?;
    match alg {
        Alg::Ed25519 => {
            use ed25519_dalek::pkcs8::DecodePublicKey;
            let key = match <[u8; 32]>::try_from(bytes.as_slice()) {
                Ok(raw) => ed25519_dalek::VerifyingKey::from_bytes(&raw).ok(),
                Err(_) => ed25519_dalek::VerifyingKey::from_public_key_der(&bytes).ok(),
            };
            key.map(PublicKey::Ed25519).ok_or_else(|| {
                "key= is not an Ed25519 public key (32 bytes, or DER SubjectPublicKeyInfo)".into()
            })
        }
        Alg::Sm2 => {
            use sm2::pkcs8::DecodePublicKey;
            let point = match bytes.len() {
                64 => Some([&[4u8][..], &bytes].concat()),
                65 => Some(bytes.clone()),
                _ => None,
            };
            let public = match point {
                Some(p) => sm2::PublicKey::from_sec1_bytes(&p).ok(),
                None => sm2::PublicKey::from_public_key_der(&bytes).ok(),
            };
            public
                .and_then(|p| sm2::dsa::VerifyingKey::new(SM2_DISTID, p).ok())
                .map(|k| PublicKey::Sm2(Box::new(k)))
                .ok_or_else(|| {
                    "key= is not an SM2 public key (04‖X‖Y, or DER SubjectPublicKeyInfo)".into()
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED_RAW: [u8; 32] = [7; 32];

    fn ed_public() -> ed25519_dalek::VerifyingKey {
        ed25519_dalek::SigningKey::from_bytes(&ED_RAW).verifying_key()
    }

    #[test]
    fn an_entry_names_its_issuer_key_shells_units_and_retirement() {
        let raw = STANDARD_NO_PAD.encode(ed_public().as_bytes());
        let hex: String = ed_public()
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let keys = parse(&format!(
            "# WeChat backend\n iss=wx kid=wx-1 shells=wechat key={raw}\n\
             iss=wx kid=wx-0 alg=Ed25519 shells=wechat,browser retired key={hex}; \
             iss=unit-portal kid=up-1 shells=browser units key={raw}=",
        ))
        .unwrap();
        assert_eq!(keys.len(), 3);
        assert_eq!((keys[0].iss.as_str(), keys[0].kid.as_str()), ("wx", "wx-1"));
        assert_eq!(keys[0].shells, ["wechat"]);
        assert!(!keys[0].units && !keys[0].retired);
        assert!(keys[1].retired && keys[1].shells.len() == 2);
        assert!(keys[2].units);
        assert_eq!(keys[2].key.alg(), Alg::Ed25519);
    }

    #[test]
    fn an_sm2_key_reads_as_a_point_with_or_without_04_and_as_der() {
        let secret = sm2::SecretKey::from_slice(&[9; 32]).unwrap();
        let signing = sm2::dsa::SigningKey::new(SM2_DISTID, &secret).unwrap();
        let point = signing.verifying_key().to_sec1_bytes();
        assert_eq!(point.len(), 65);
        let hex: String = point.iter().map(|b| format!("{b:02x}")).collect();
        use sm2::pkcs8::EncodePublicKey;
        let der = secret.public_key().to_public_key_der().unwrap();
        for text in [
            hex.clone(),
            hex[2..].to_owned(),
            STANDARD_NO_PAD.encode(der.as_bytes()),
        ] {
            let key = public_key(Alg::Sm2, &text).unwrap();
            use sm2::dsa::signature::Signer;
            let sig: sm2::dsa::Signature = signing.sign(b"v2.h.c");
            assert!(key.verifies(b"v2.h.c", &sig.to_bytes()), "{text}");
            assert!(!key.verifies(b"v2.h.x", &sig.to_bytes()), "{text}");
        }
    }

    #[test]
    fn an_incomplete_unknown_or_repeated_entry_is_refused_and_named() {
        let raw = STANDARD_NO_PAD.encode(ed_public().as_bytes());
        for (text, says) in [
            (format!("kid=a shells=wechat key={raw}"), "iss= is missing"),
            (format!("iss=a kid=a key={raw}"), "shells= is missing"),
            (format!("iss=a kid=a shells=fax key={raw}"), "shell `fax`"),
            (
                format!("iss=a kid=a shells=wechat alg=rsa key={raw}"),
                "alg `rsa`",
            ),
            (
                "iss=a kid=a shells=wechat key=AAAA".to_owned(),
                "not an Ed25519",
            ),
            (
                format!("iss=a kid=a shells=wechat alg=sm2 key={raw}"),
                "not an SM2",
            ),
            (
                format!("iss=a kid=a shells=wechat key={raw} admin"),
                "`admin`",
            ),
            (
                format!("iss=a kid=k shells=wechat key={raw}; iss=b kid=k shells=alipay key={raw}"),
                "listed twice",
            ),
        ] {
            let err = parse(&text).unwrap_err().to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
