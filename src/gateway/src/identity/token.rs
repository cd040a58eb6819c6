//! Signed tokens.
//!
//! Shell tickets (`v2`), signed by each integrator's backend with its own Ed25519 or SM2 key
//! (`issuers`): `v2.<header>.<claims>.<sig>`, each part base64url without padding; `header` is
//! the JSON `{"alg":"Ed25519"|"SM2","kid":"<key id>"}`, `claims` the JSON `Claims` plus `iss`
//! (the integrator) and `aud` (the gateway's `TONGBAN_TICKET_AUDIENCE`), `sig` the signature of
//! the ASCII bytes `v2.<header>.<claims>` (Ed25519: 64 bytes; SM2 with SM3 and the default
//! distinguishing identifier: `r‖s`, 64 bytes). docs/integrators.md spells it out byte by byte.
//!
//! HMAC tokens: `<prefix>.<payload>.<sig>` where `payload` is base64url JSON claims and `sig`
//! is base64url HMAC-SHA256 over `<prefix>.<payload>`. Session tokens (`s1`, signed by the
//! gateway with `TONGBAN_SESSION_KEY`), and the old shared-secret tickets (`v1`, with
//! `TONGBAN_TICKET_SECRET`, read only during a declared transition) share the format, never
//! the key.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tongban_rules::validate::CreditCode;

/// An HMAC-SHA256 key, keyed once (its pads hashed): each MAC clones it.
pub type Keyed = Hmac<Sha256>;

/// `key` keyed once, for [`mac`], [`sign`] and [`verify`].
pub fn keyed(key: &[u8]) -> Keyed {
    Keyed::new_from_slice(key).expect("HMAC takes keys of any length")
}

/// The shells a ticket may come from.
pub use super::issuers::SHELLS;

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

pub fn mac(key: &Keyed, data: &[u8]) -> Vec<u8> {
    let mut m = key.clone();
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

pub fn sign(key: &Keyed, prefix: &str, claims: &Claims) -> String {
    let payload = B64.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signed = format!("{prefix}.{payload}");
    let sig = B64.encode(mac(key, signed.as_bytes()));
    format!("{signed}.{sig}")
}

/// Checks shape, signature (in constant time), claims and expiry at `now` (Unix seconds).
pub fn verify(key: &Keyed, prefix: &str, token: &str, now: i64) -> Result<Claims, Refusal> {
    let mut parts = token.trim().splitn(3, '.');
    let (Some(p), Some(payload), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Refusal::Malformed);
    };
    if p != prefix {
        return Err(Refusal::Malformed);
    }
    let sig = B64.decode(sig).map_err(|_| Refusal::Malformed)?;
    let mut m = key.clone();
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

/// Why a shell ticket was refused. Every one is `ticket_invalid` to the caller but `Expired`
/// (`ticket_expired`); the log says which, with the ticket's `iss` and `kid`, so an integrator
/// learns what to fix from the bureau's operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketRefusal {
    Malformed,
    BadSignature,
    Expired,
    /// No registered key has this `kid`.
    UnknownKey,
    /// The key is registered but retired.
    RetiredKey,
    /// No registered key belongs to this `iss`.
    UnknownIssuer,
    /// The `kid` is registered, for another `iss`.
    KeyOfAnotherIssuer,
    /// `aud` is not this gateway's audience.
    OtherAudience,
    /// The issuer may not speak for this shell.
    ShellNotAllowed,
    /// A `unit:` subject from an issuer not allowed units.
    UnitNotAllowed,
    /// A `v1` (shared-secret) ticket outside the declared transition.
    HmacNotAccepted,
}

impl TicketRefusal {
    /// The error code the caller sees.
    pub fn code(self) -> &'static str {
        match self {
            TicketRefusal::Expired => "ticket_expired",
            _ => "ticket_invalid",
        }
    }
}

impl From<Refusal> for TicketRefusal {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Malformed => TicketRefusal::Malformed,
            Refusal::BadSignature => TicketRefusal::BadSignature,
            Refusal::Expired => TicketRefusal::Expired,
        }
    }
}

/// A `v2` ticket's header.
#[derive(Debug, Serialize, Deserialize)]
pub struct Header {
    pub alg: String,
    pub kid: String,
}

/// A `v2` ticket's claims: who issued it, for which gateway, and the claims a session carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketClaims {
    pub iss: String,
    pub aud: String,
    #[serde(flatten)]
    pub claims: Claims,
}

/// Checks a `v2` ticket against the registered `keys` and this gateway's `audience` at `now`
/// (Unix seconds): a known, unretired key of the ticket's issuer, signed by it, for this
/// gateway, for a shell (and a unit) the issuer may speak for, well formed and unexpired.
pub fn verify_v2(
    keys: &[super::issuers::IssuerKey],
    audience: &str,
    token: &str,
    now: i64,
) -> Result<TicketClaims, TicketRefusal> {
    use TicketRefusal as R;
    let token = token.trim();
    let mut parts = token.split('.');
    let (Some("v2"), Some(header), Some(payload), Some(sig), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(R::Malformed);
    };
    let header: Header = B64
        .decode(header)
        .ok()
        .and_then(|h| serde_json::from_slice(&h).ok())
        .ok_or(R::Malformed)?;
    let key = keys
        .iter()
        .find(|k| k.kid == header.kid)
        .ok_or(R::UnknownKey)?;
    if key.retired {
        return Err(R::RetiredKey);
    }
    if header.alg != key.key.alg().header_name() {
        return Err(R::BadSignature);
    }
    let signed = &token[..token.len() - sig.len() - 1];
    let sig = B64.decode(sig).map_err(|_| R::Malformed)?;
    if !key.key.verifies(signed.as_bytes(), &sig) {
        return Err(R::BadSignature);
    }
    let json = B64.decode(payload).map_err(|_| R::Malformed)?;
    let t: TicketClaims = serde_json::from_slice(&json).map_err(|_| R::Malformed)?;
    if t.iss != key.iss {
        return Err(if keys.iter().any(|k| k.iss == t.iss) {
            R::KeyOfAnotherIssuer
        } else {
            R::UnknownIssuer
        });
    }
    if t.aud != audience {
        return Err(R::OtherAudience);
    }
    let c = &t.claims;
    let sub_ok = (1..=128).contains(&c.sub.len()) && c.sub.bytes().all(|b| b.is_ascii_graphic());
    if !sub_ok || !SHELLS.contains(&c.shell.as_str()) {
        return Err(R::Malformed);
    }
    if !key.shells.contains(&c.shell) {
        return Err(R::ShellNotAllowed);
    }
    if c.sub.starts_with(UNIT_PREFIX) && !key.units {
        return Err(R::UnitNotAllowed);
    }
    let claims = normalised(t.claims).ok_or(R::Malformed)?;
    if claims.exp <= now {
        return Err(R::Expired);
    }
    Ok(TicketClaims {
        iss: t.iss,
        aud: t.aud,
        claims,
    })
}

/// Signs a `v2` ticket with an Ed25519 key (the `--dev` issuer; integrators sign their own,
/// docs/integrators.md).
pub fn sign_v2_ed25519(
    key: &ed25519_dalek::SigningKey,
    kid: &str,
    claims: &TicketClaims,
) -> String {
    use ed25519_dalek::Signer;
    let header = Header {
        alg: "Ed25519".into(),
        kid: kid.into(),
    };
    let signed = format!(
        "v2.{}.{}",
        B64.encode(serde_json::to_vec(&header).unwrap_or_default()),
        B64.encode(serde_json::to_vec(claims).unwrap_or_default())
    );
    let sig = key.sign(signed.as_bytes());
    format!("{signed}.{}", B64.encode(sig.to_bytes()))
}

#[cfg(test)]
mod tests;
