//! The crate's one error type, for data that cannot be loaded or is inconsistent.
//! Citizens' input errors are not `Error`s: they are [`crate::FieldError`] values.

/// Something wrong with the catalogue, calendar or form data this crate reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A data file could not be parsed; `what` names the file or section.
    #[error("cannot parse {what}: {reason}")]
    Parse { what: String, reason: String },
    /// The data parsed but breaks one of the catalogue's own rules.
    #[error("inconsistent data in {what}: {reason}")]
    Inconsistent { what: String, reason: String },
    /// A lookup named something the catalogue does not have.
    #[error("unknown {kind} `{id}`")]
    Unknown { kind: &'static str, id: String },
}
