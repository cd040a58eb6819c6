//! Signed tokens: `<prefix>.<payload>.<sig>` where `payload` is base64url JSON claims and
//! `sig` is base64url HMAC-SHA256 over `<prefix>.<payload>`. Shell tickets (`v1`, signed by the
//! integrator's backend with `TONGBAN_TICKET_SECRET`) and session tokens (`s1`, signed by the
//! gateway with `TONGBAN_SESSION_KEY`) share the format, never the key.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

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
}

impl Claims {
    /// The owner key stored with applications: `<shell>:<sub>`.
    pub fn owner(&self) -> String {
        format!("{}:{}", self.shell, self.sub)
    }
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
