//! 实名: a citizen files, books and binds only as the real-name person the shell verified, or
//! through a consent that person gave in their own session. The session carries the person's
//! ID hash (`idh`, from the integrator's real-name check); an applicant block is that person
//! when the hash of its normalised ID number is the same. The app shows the same rule on the ID
//! field (`tongban_rules::api::real_name`), and `/validate` reports it there.

use super::{extract::Citizen, Keys};
use crate::AppError;
use tongban_rules::api::real_name;

impl Citizen {
    /// The session's real-name ID hash; 403 `real_name_required` without one (a unit's
    /// session has none either: it acts for its credit code, see `applications::units`).
    pub fn real_name(&self) -> Result<&str, AppError> {
        self.idh.as_deref().ok_or_else(|| AppError::Forbidden {
            code: real_name::REQUIRED,
            message: real_name::required_message(&self.shell),
        })
    }

    /// A person's session (not a unit's).
    pub fn is_person(&self) -> bool {
        self.unit.is_none()
    }
}

/// 403 `applicant_not_self`, with the citizen's message on `applicant.id_number`.
pub fn not_self() -> AppError {
    AppError::NotSelf
}

/// A person's session files a form only for its own real-name person: 403
/// `real_name_required` without an identity, 403 `applicant_not_self` for anyone else.
/// `applicant_idh` is the form's applicant's ID hash ([`Keys::applicant_id_hash`]); a form
/// without an applicant ID (a unit's form) names no person and passes.
pub fn is_self(citizen: &Citizen, applicant_idh: Option<&str>) -> Result<(), AppError> {
    let me = citizen.real_name()?;
    match applicant_idh {
        Some(h) if h != me => Err(not_self()),
        _ => Ok(()),
    }
}

/// [`is_self`] for an applicant ID number already normalised (`/validate` checks it while other
/// answers are still wrong).
pub fn is_self_id(keys: &Keys, citizen: &Citizen, id_number: Option<&str>) -> Result<(), AppError> {
    let idh = id_number.filter(|n| !n.is_empty()).map(|n| keys.id_hash(n));
    is_self(citizen, idh.as_deref())
}

/// Whether a person's session may act on an application for `applicant_idh` as its applicant
/// (revoke, resubmit, rate, book for it): the same real-name person. A record from before
/// applicant hashes were stored is its owner's, as it always was.
pub fn acts_as_applicant(citizen: &Citizen, owner: &str, applicant_idh: Option<&str>) -> bool {
    if citizen.owner != owner {
        return false;
    }
    match (citizen.is_person(), applicant_idh) {
        (false, _) | (true, None) => true,
        (true, Some(h)) => citizen.idh.as_deref() == Some(h),
    }
}
