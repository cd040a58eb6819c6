//! Field validation: every rule has a stable code, a field path and a Chinese message.

mod amount;
mod bank_card;
mod credit_code;
pub mod identifier;
mod person_name;
mod phone;
mod resident_id;

pub use amount::Amount;
pub use bank_card::BankCard;
pub use credit_code::CreditCode;
pub use person_name::PersonName;
pub use phone::Phone;
pub use resident_id::{check_char as id_check_char, ResidentId, Sex};

use serde::{Deserialize, Serialize};

/// The dotted path of a form field, e.g. `applicant.id_number`. Integrators rely on these.
pub type FieldPath = String;

/// One refused field: what the app shows under the input and the gateway returns in a 422.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path, e.g. `applicant.id_number`.
    pub field: FieldPath,
    /// A stable machine code, e.g. `id_number.check_digit` (English, for integrators' logs).
    pub code: String,
    /// What the citizen reads, in Chinese.
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Why a single value was refused, before it is tied to a field path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: &'static str,
}

impl Refusal {
    pub const fn new(code: &'static str, message: &'static str) -> Self {
        Self { code, message }
    }

    /// Ties the refusal to a field.
    pub fn at(self, field: &str) -> FieldError {
        FieldError::new(field, self.code, self.message)
    }
}
