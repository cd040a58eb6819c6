//! Signed tokens: `<prefix>.<payload>.<sig>` where `payload` is base64url JSON claims and
//! `sig` is base64url HMAC-SHA256 over `<prefix>.<payload>`. Shell tickets (`v1`, signed by the
//! integrator's backend with `TONGBAN_TICKET_SECRET`) and session tokens (`s1`, signed by the
//! gateway with `TONGBAN_SESSION_KEY`) share the format, never the key.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tongban_rules::validate::CreditCode;

type HmacSha256 = Hmac<Sha256>;

/// The shells a ticket may come from.
pub const SHELLS: [&str; 4] = ["wechat", "alipay", "provincial", "browser"];

/// Who a token speaks for, and until when (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub shell: String,
    pub exp: i64,
    /// A unique id: integrators put one in each ticket, the gateway in each session, so two
    /// tokens for one person in one second are still two tokens (each used once, each ended
    /// by its own logout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// The real-name ID hash of a citizen: hex HMAC-SHA256 of their normalised ID number with
    /// `TONGBAN_ID_HASH_KEY`, made by the integrator's backend after its real-name check. The
    /// session carries it on; applications others filed for that ID are the citizen's to see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idh: Option<String>,
    /// Display only: the real-name person's masked name (王*明), as the integrator's real-name
    /// check gave it. Never compared: `idh` is who the person is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nm: Option<String>,
    /// Display only: the last four characters of the verified ID number (尾号002X).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idt: Option<String>,
}

/// A unit's subject: `unit:<统一社会信用代码>`, signed by the integrator's unit portal.
pub const UNIT_PREFIX: &str = "unit:";

impl Claims {
    /// The owner key stored with applications: `<shell>:<sub>` for a citizen, `unit:<credit
    /// code>` for a unit (no shell is called `unit`, so the two never meet).
    pub fn owner(&self) -> String {
        match self.unit() {
            Some(code) => format!("{UNIT_PREFIX}{}", code.as_str()),
            None => format!("{}:{}", self.shell, self.sub),
        }
    }

    /// The unit a unit session speaks for; `None` for a citizen. `verify` has already refused
    /// a `unit:` subject whose credit code is not valid, so this only reads it.
    pub fn unit(&self) -> Option<CreditCode> {
        CreditCode::parse(self.sub.strip_prefix(UNIT_PREFIX)?).ok()
    }
}

/// `idh` as the integrator sends it: 64 lower-case hex digits.
fn is_id_hash(idh: &str) -> bool {
    idh.len() == 64 && idh.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A subject of `unit:` carries a valid credit code (GB 32100-2015 check characters), written
/// in its normalised form afterwards; a unit carries no `idh`. `None`: refused.
fn normalised(mut claims: Claims) -> Option<Claims> {
    if let Some(code) = claims.sub.strip_prefix(UNIT_PREFIX) {
        let code = CreditCode::parse(code).ok()?;
        if claims.idh.is_some() {
            return None;
        }
        claims.sub = format!("{UNIT_PREFIX}{}", code.as_str());
    }
    if claims.idh.as_deref().is_some_and(|h| !is_id_hash(h)) {
        return None;
    }
    Some(claims)
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Malformed,
    BadSignature,
    Expired,
}

pub fn mac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

pub fn sign(key: &[u8], prefix: &str, claims: &Claims) -> String {
    let payload = B64.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signed = format!("{prefix}.{payload}");
    let sig = B64.encode(mac(key, signed.as_bytes()));
    format!("{signed}.{sig}")
}

/// Checks shape, signature (in constant time), claims and expiry at `now` (Unix seconds).
pub fn verify(key: &[u8], prefix: &str, token: &str, now: i64) -> Result<Claims, Refusal> {
    let mut parts = token.trim().splitn(3, '.');
    let (Some(p), Some(payload), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Refusal::Malformed);
    };
    if p != prefix {
        return Err(Refusal::Malformed);
    }
    let sig = B64.decode(sig).map_err(|_| Refusal::Malformed)?;
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    m.update(format!("{prefix}.{payload}").as_bytes());
    m.verify_slice(&sig).map_err(|_| Refusal::BadSignature)?;
    let json = B64.decode(payload).map_err(|_| Refusal::Malformed)?;
    let claims: Claims = serde_json::from_slice(&json).map_err(|_| Refusal::Malformed)?;
    let sub_ok =
        (1..=128).contains(&claims.sub.len()) && claims.sub.bytes().all(|b| b.is_ascii_graphic());
    if !sub_ok || !SHELLS.contains(&claims.shell.as_str()) {
        return Err(Refusal::Malformed);
    }
    let claims = normalised(claims).ok_or(Refusal::Malformed)?;
    if claims.exp <= now {
        return Err(Refusal::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "o6_bmjrPTlm6".into(),
            shell: "wechat".into(),
            exp,
            jti: None,
            idh: None,
            nm: None,
            idt: None,
        }
    }

    #[test]
    fn a_unit_subject_is_its_credit_code_normalised_and_owns_apart_from_citizens() {
        let unit = Claims {
            sub: "unit:91420800ma5d0l2h7n".into(),
            ..claims(100)
        };
        let t = sign(b"k", "v1", &unit);
        let got = verify(b"k", "v1", &t, 0).unwrap();
        assert_eq!(got.sub, "unit:91420800MA5D0L2H7N");
        assert_eq!(got.owner(), "unit:91420800MA5D0L2H7N");
        assert_eq!(got.unit().unwrap().as_str(), "91420800MA5D0L2H7N");
        // A citizen whose host id happens to read the same is another owner.
        assert_eq!(claims(100).owner(), "wechat:o6_bmjrPTlm6");
        assert_eq!(claims(100).unit(), None);
    }

    #[test]
    fn a_unit_with_a_wrong_check_character_or_an_id_hash_is_refused() {
        let bad = Claims {
            sub: "unit:91420800MA5D0L2H7P".into(),
            ..claims(100)
        };
        let t = sign(b"k", "v1", &bad);
        assert_eq!(verify(b"k", "v1", &t, 0), Err(Refusal::Malformed));
        let with_idh = Claims {
            sub: "unit:91420800MA5D0L2H7N".into(),
            idh: Some("a".repeat(64)),
            ..claims(100)
        };
        let t = sign(b"k", "v1", &with_idh);
        assert_eq!(verify(b"k", "v1", &t, 0), Err(Refusal::Malformed));
    }

    #[test]
    fn an_id_hash_is_64_lower_case_hex_digits() {
        for (idh, ok) in [
            ("0f".repeat(32), true),
            ("0F".repeat(32), false),
            ("0f".repeat(31), false),
            ("zz".repeat(32), false),
        ] {
            let c = Claims {
                idh: Some(idh.clone()),
                ..claims(100)
            };
            let t = sign(b"k", "v1", &c);
            assert_eq!(verify(b"k", "v1", &t, 0).is_ok(), ok, "{idh}");
        }
    }

    #[test]
    fn a_signed_token_verifies_and_gives_back_its_claims() {
        let t = sign(b"k", "v1", &claims(100));
        assert_eq!(verify(b"k", "v1", &t, 99), Ok(claims(100)));
    }

    #[test]
    fn a_token_signed_with_another_key_or_prefix_is_refused() {
        let t = sign(b"k", "v1", &claims(100));
        assert_eq!(verify(b"other", "v1", &t, 0), Err(Refusal::BadSignature));
        assert_eq!(verify(b"k", "s1", &t, 0), Err(Refusal::Malformed));
    }

    #[test]
    fn an_altered_payload_is_refused() {
        let t = sign(b"k", "v1", &claims(100));
        let forged = sign(b"k", "v1", &claims(999));
        let (head, _) = t.rsplit_once('.').unwrap();
        let (_, forged_sig) = forged.rsplit_once('.').unwrap();
        let mixed = format!("{head}.{forged_sig}");
        assert_eq!(verify(b"k", "v1", &mixed, 0), Err(Refusal::BadSignature));
    }

    #[test]
    fn an_expired_token_is_refused() {
        let t = sign(b"k", "v1", &claims(100));
        assert_eq!(verify(b"k", "v1", &t, 100), Err(Refusal::Expired));
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for g in ["", ".", "v1..", "v1.!!.??", "v1.e30.AAAA"] {
            assert!(verify(b"k", "v1", g, 0).is_err(), "{g}");
        }
    }
}
