//! Who is calling: citizens with a session (from a shell's signed ticket) and named operators
//! with their own bearer token (`operators`). Sessions are stateless signed tokens, so any copy of the gateway behind
//! a load balancer accepts them without shared session storage.

pub mod extract;
pub mod flood;
pub mod issuers;
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
    /// The integrators' public keys (and, in `--dev`, the dev issuer's).
    issuers: Vec<issuers::IssuerKey>,
    /// `TONGBAN_TICKET_AUDIENCE`: the `aud` a ticket must name.
    audience: String,
    /// The old shared ticket secret and the instant (Unix seconds) from which `v1` tickets
    /// are refused; `None`: refused already.
    hmac: Option<(token::Keyed, i64)>,
    /// `--dev` only: the in-memory key of the dev issuer and its `kid`.
    dev_signer: Option<(String, ed25519_dalek::SigningKey)>,
    /// The session key, the webhook secret and `TONGBAN_ID_HASH_KEY`, each keyed once (its pads
    /// hashed): each use clones it.
    session: token::Keyed,
    webhook: token::Keyed,
    id_hash: token::Keyed,
    pub dev: bool,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("issuers", &self.issuers.len())
            .field("audience", &self.audience)
            .field("dev", &self.dev)
            .finish()
    }
}

impl Keys {
    pub fn new(config: &Config) -> Self {
        // One key, one job: whoever can verify a push or holds the integrator's ticket secret
        // can mint neither sessions nor tickets with it, and the ID hash key signs nothing.
        let mut issuers = config.ticket_issuers.clone();
        let dev_signer = config.dev.then(|| {
            let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
            let kid = format!("dev-{:08x}", rand::random::<u32>());
            issuers.push(issuers::IssuerKey {
                iss: issuers::DEV_ISSUER.into(),
                kid: kid.clone(),
                key: issuers::PublicKey::Ed25519(key.verifying_key()),
                shells: token::SHELLS.iter().map(|s| (*s).to_owned()).collect(),
                units: true,
                retired: false,
            });
            (kid, key)
        });
        let hmac = match (&config.ticket_secret, config.ticket_hmac_until) {
            (Some(secret), Some(until)) => Some((
                token::keyed(secret.expose().as_bytes()),
                crate::config::hmac_refused_from(until),
            )),
            _ => None,
        };
        Self {
            issuers,
            audience: config.ticket_audience.clone(),
            hmac,
            dev_signer,
            session: token::keyed(config.session_key.expose().as_bytes()),
            webhook: token::keyed(config.webhook_secret.expose().as_bytes()),
            id_hash: token::keyed(config.id_hash_key.expose().as_bytes()),
            dev: config.dev,
        }
    }

    /// A shell's ticket: `v2` signed by a registered integrator key, or `v1` (the old shared
    /// secret) while its transition lasts. The answer names the issuer (`v1`: `hmac-v1`).
    pub fn verify_ticket(
        &self,
        ticket: &str,
        now: i64,
    ) -> Result<token::TicketClaims, token::TicketRefusal> {
        let verified = if ticket.trim().starts_with("v1.") {
            match &self.hmac {
                Some((secret, until)) if now < *until => token::TicketClaims {
                    iss: "hmac-v1".into(),
                    aud: self.audience.clone(),
                    claims: token::verify(secret, "v1", ticket, now)?,
                },
                _ => return Err(token::TicketRefusal::HmacNotAccepted),
            }
        } else {
            token::verify_v2(&self.issuers, &self.audience, ticket, now)?
        };
        if verified.claims.exp > now + TICKET_MAX_SECS {
            // A long-lived ticket in a URL is a standing credential: refuse it.
            return Err(token::TicketRefusal::Malformed);
        }
        Ok(verified)
    }

    /// Signs a ticket as the dev issuer (`--dev` only; `None` otherwise).
    pub fn sign_dev_ticket(&self, claims: &token::Claims) -> Option<String> {
        let (kid, key) = self.dev_signer.as_ref()?;
        let claims = token::TicketClaims {
            iss: issuers::DEV_ISSUER.into(),
            aud: self.audience.clone(),
            claims: claims.clone(),
        };
        Some(token::sign_v2_ed25519(key, kid, &claims))
    }

    /// What the start log says about tickets: the registered keys (`iss/kid`, retired ones
    /// marked), the audience, and the dev issuer's `kid`.
    pub fn ticket_summary(&self) -> String {
        let keys: Vec<String> = self
            .issuers
            .iter()
            .map(|k| {
                format!(
                    "{}/{} ({}{})",
                    k.iss,
                    k.kid,
                    k.key.alg().header_name(),
                    if k.retired { ", retired" } else { "" }
                )
            })
            .collect();
        format!("audience `{}`; keys: {}", self.audience, keys.join(", "))
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
        crate::hex::lower(&mac[..12])
    }

    /// The real-name ID hash of an ID number, as the integrator computes `idh`
    /// (docs/integrators.md): lower-case hex HMAC-SHA256 with `TONGBAN_ID_HASH_KEY` of the number
    /// normalised by `identifier::id_number` (no white space, half-width, upper-case `X`).
    pub fn id_hash(&self, id_number: &str) -> String {
        let normalised = tongban_rules::validate::identifier::id_number(id_number);
        crate::hex::lower(&token::mac(&self.id_hash, normalised.as_bytes()))
    }

    /// The ID hash of a form's applicant (`applicant.id_number`), stored with an application so
    /// the applicant's own session (`idh`) finds what others filed for them; `None` without one.
    pub fn applicant_id_hash(&self, form: &tongban_rules::form::Parsed) -> Option<String> {
        form.applicant_id().map(|n| self.id_hash(n))
    }

    /// `Tongban-Signature` of a push sent at `t` (Unix seconds):
    /// `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>" with TONGBAN_WEBHOOK_SECRET>`. The time is
    /// signed so a receiver can refuse a replayed push.
    pub fn push_signature(&self, t: i64, body: &[u8]) -> String {
        let mut signed = format!("{t}.").into_bytes();
        signed.extend_from_slice(body);
        let sig = crate::hex::lower(&token::mac(&self.webhook, &signed));
        format!("t={t},v1={sig}")
    }
}
