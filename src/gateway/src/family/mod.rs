//! 亲情代办 (#17): a citizen (the agent, 经办人) binds up to five family members (申请人) and
//! files applications for them. A binding is made by the member's own consent in their own
//! session (`invitations`), or, for someone without a phone, by a clerk's approval of a
//! relationship document (`requests`). Either side ends it (`bindings`); an application filed
//! through a live binding belongs to the member and is seen by both (`acting`). Every step is a
//! `family_events` row: who, for whom, when — no ID number or phone (`events`).

pub mod acting;
pub mod applicant;
pub mod bindings;
pub mod events;
pub mod invitations;
pub mod requests;

use crate::AppError;
use rand::RngCore;

/// A real-name person acting in their own session: their owner key (`<shell>:<id>`) and ID
/// hash (`idh`). Bindings, caps and consent compare the hash, so one person in two shells is
/// still one person.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    pub owner: &'a str,
    pub idh: &'a str,
}

/// The key `caps::lock` serialises one agent's bindings on.
pub(crate) fn cap_key(agent_idh: &str) -> String {
    format!("family:{agent_idh}")
}

/// A random 32-hex-digit id.
pub(crate) fn new_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    crate::hex::lower(&b)
}

/// A 409 with a stable code; the app shows its Chinese text for the code.
pub(crate) fn refused(code: &'static str, message: &str) -> AppError {
    AppError::Conflict {
        code,
        message: message.into(),
    }
}

/// The relation code, or 400 `unknown_relation`.
pub(crate) fn relation(code: &str) -> Result<&'static str, AppError> {
    tongban_rules::api::family::relation_label(code).ok_or_else(|| AppError::BadRequest {
        code: "unknown_relation",
        message: "relation must be one of spouse, parent, child, grandparent, grandchild, sibling"
            .into(),
        field: Some("relation"),
    })
}
