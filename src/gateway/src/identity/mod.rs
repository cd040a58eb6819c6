//! Who is calling: citizens with a session (from a shell's signed ticket) and named operators
//! with their own bearer token (`operators`). Sessions are stateless signed tokens, so any copy of the gateway behind
//! a load balancer accepts them without shared session storage.

pub mod extract;
pub mod once;
pub mod real_name;
pub mod token;

use crate::config::Config;

/// Shell tickets may live at most this long: they travel in a URL fragment.
pub const TICKET_MAX_SECS: i64 = 15 * 60;
/// A session lasts a working day.
pub const SESSION_SECS: i64 = 12 * 3600;

/// The ticket, session and webhook keys from the configuration, shared by every handler.
#[derive(Clone)]
pub struct Keys {
    ticket: Vec<u8>,
    session: Vec<u8>,
    webhook: Vec<u8>,
    id_hash: Vec<u8>,
    pub dev: bool,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys").field("dev", &self.dev).finish()
    }
}

impl Keys {
    pub fn new(config: &Config) -> Self {
        // One key, one job: whoever can verify a push or holds the integrator's ticket secret
        // can mint neither sessions nor tickets with it, and the ID hash key signs nothing.
        Self {
            ticket: config.ticket_secret.expose().as_bytes().to_vec(),
            session: config.session_key.expose().as_bytes().to_vec(),
            webhook: config.webhook_secret.expose().as_bytes().to_vec(),
            id_hash: config.id_hash_key.expose().as_bytes().to_vec(),
            dev: config.dev,
        }
    }

    pub fn verify_ticket(&self, ticket: &str, now: i64) -> Result<token::Claims, token::Refusal> {
        let claims = token::verify(&self.ticket, "v1", ticket, now)?;
        if claims.exp > now + TICKET_MAX_SECS {
            // A long-lived ticket in a URL is a standing credential: refuse it.
            return Err(token::Refusal::Malformed);
        }
        Ok(claims)
    }

    /// Signs a ticket as an integrator's backend would (dev mode and tests).
    pub fn sign_ticket(&self, claims: &token::Claims) -> String {
        token::sign(&self.ticket, "v1", claims)
    }

    pub fn sign_session(&self, claims: &token::Claims) -> String {
        token::sign(&self.session, "s1", claims)
    }

    pub fn verify_session(&self, t: &str, now: i64) -> Result<token::Claims, token::Refusal> {
        token::verify(&self.session, "s1", t, now)
    }

    /// An opaque tag for the citizen a session speaks for: the same person gets the same tag,
    /// and it says nothing about who they are. The app compares tags to tell when another
    /// person signs in on the same phone, and then forgets the previous person's drafts.
    pub fn citizen_tag(&self, claims: &token::Claims) -> String {
        let mac = token::mac(
            &self.session,
            format!("citizen {}", claims.owner()).as_bytes(),
        );
        mac[..12].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The real-name ID hash of an ID number, as the integrator computes `idh`
    /// (docs/integrators.md): lower-case hex HMAC-SHA256 with `TONGBAN_ID_HASH_KEY` of the number
    /// normalised by `identifier::id_number` (no white space, half-width, upper-case `X`).
    pub fn id_hash(&self, id_number: &str) -> String {
        let normalised = tongban_rules::validate::identifier::id_number(id_number);
        token::mac(&self.id_hash, normalised.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The ID hash of a form's applicant (`applicant.id_number`), stored with an application so
    /// the applicant's own session (`idh`) finds what others filed for them; `None` without one.
    pub fn applicant_id_hash(&self, form: &tongban_rules::form::Values) -> Option<String> {
        form.get("applicant.id_number")
            .filter(|n| !n.is_empty())
            .map(|n| self.id_hash(n))
    }

    /// `Tongban-Signature` of a push sent at `t` (Unix seconds):
    /// `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>" with TONGBAN_WEBHOOK_SECRET>`. The time is
    /// signed so a receiver can refuse a replayed push.
    pub fn push_signature(&self, t: i64, body: &[u8]) -> String {
        let mut signed = format!("{t}.").into_bytes();
        signed.extend_from_slice(body);
        let sig: String = token::mac(&self.webhook, &signed)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("t={t},v1={sig}")
    }
}
