//! The gateway's one error enum, and the one JSON error shape every client sees
//! (`tongban_rules::api::ErrorBody`): `{"code", "message", "field"?, "errors"?}`; `code` and
//! `message` are English for integrators' logs, and validation errors carry the citizens'
//! Chinese messages per field.
//!
//! Database errors are answered by cause: the storage cannot be reached (pool timeout, I/O) →
//! 503 `storage_unavailable`, retry; a constraint refused the write → 409 `conflict` (unique)
//! or 422 `constraint_violation`; a stored row that does not read back → 500 `corrupt_record`;
//! anything else → 500 `internal`. Every 5xx is logged, with codes and never personal data.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use sqlx::error::ErrorKind;
use tongban_rules::api::{real_name, ErrorBody};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The configuration is unusable; the gateway refuses to start.
    #[error("configuration: {0}")]
    Config(String),
    /// The database could not be reached or refused a statement (answered by cause).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A stored row that does not read back as what this version wrote: never a default value.
    /// `what` names the table and column, never the value (it may be personal data).
    #[error("corrupt record: {what}")]
    Corrupt { what: &'static str },
    /// Migrations failed at start.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The listener or a file could not be opened.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// The catalogue or calendar data compiled in is unusable.
    #[error("rules data: {0}")]
    Rules(#[from] tongban_rules::Error),
    /// Stored personal data could not be opened (a missing old key, or damage).
    #[error("sealed data: {0}")]
    Sealed(#[from] crate::sealing::Unreadable),
    /// The request is malformed: a stable code, an English message, maybe the field.
    #[error("bad request {code}: {message}")]
    BadRequest {
        code: &'static str,
        message: String,
        field: Option<&'static str>,
    },
    /// The request contradicts an earlier one (e.g. an Idempotency-Key reused for another body).
    #[error("conflict {code}")]
    Conflict { code: &'static str, message: String },
    /// The caller's Idempotency-Key already made an application, from other answers: 409
    /// `idempotency_key_reused` with that application's receipt number.
    #[error("idempotency key reused")]
    KeyReused { receipt_no: String },
    /// The rules refused the form: the same field errors the app shows.
    #[error("validation failed on {} fields", .0.len())]
    Invalid(Vec<tongban_rules::FieldError>),
    /// The thing asked for does not exist (or the asker may not know that it does).
    #[error("not found {code}")]
    NotFound { code: &'static str, message: String },
    /// No valid session or operator token.
    #[error("unauthorized {code}")]
    Unauthorized { code: &'static str, message: String },
    /// A valid caller without the right to this (an operator of another role).
    #[error("forbidden {code}")]
    Forbidden { code: &'static str, message: String },
    /// The applicant block names someone other than the session's real-name person (403
    /// `applicant_not_self`), with the citizen's message on `applicant.id_number`.
    #[error("applicant not self")]
    NotSelf,
    /// Too many failed lookups from this client or on this receipt.
    #[error("rate limited {code}")]
    RateLimited {
        code: &'static str,
        message: String,
        /// Sent as `Retry-After` and `retry_after_secs`.
        retry_after_secs: u64,
    },
    /// A handler panicked (a bug); caught by `panics::layer`, its message withheld.
    #[error("a handler panicked")]
    Panicked,
    /// A body or upload is too large (413) or of a type not accepted (415).
    #[error("upload refused {code}")]
    Upload {
        status: u16,
        code: &'static str,
        message: String,
    },
}

/// Database codes that mean "not now" rather than "never": SQLite busy or locked (past the
/// busy timeout), PostgreSQL connection failures, shutdowns, too many connections and
/// serialization failures. A retry may succeed, so they are 503s.
fn busy(code: &str) -> bool {
    matches!(code, "5" | "6" | "517" | "53300" | "40001" | "40P01")
        || code.starts_with("08")
        || code.starts_with("57P")
}

/// Which 4xx/5xx a database error is, by its cause.
fn database_status(e: &sqlx::Error) -> (StatusCode, &'static str) {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable"),
        sqlx::Error::Database(db) if db.code().is_some_and(|c| busy(&c)) => {
            (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable")
        }
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => (StatusCode::CONFLICT, "conflict"),
            ErrorKind::ForeignKeyViolation
            | ErrorKind::NotNullViolation
            | ErrorKind::CheckViolation => {
                (StatusCode::UNPROCESSABLE_ENTITY, "constraint_violation")
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        },
        sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::Decode(_)
        | sqlx::Error::ColumnNotFound(_)
        | sqlx::Error::TypeNotFound { .. } => (StatusCode::INTERNAL_SERVER_ERROR, "corrupt_record"),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
    }
}

fn body(code: &str, message: String, field: Option<&str>) -> ErrorBody {
    ErrorBody {
        code: code.to_owned(),
        message,
        field: field.map(str::to_owned),
        ..ErrorBody::default()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            AppError::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody {
                    errors,
                    ..body(
                        "validation_failed",
                        "the form has errors; see errors[]".into(),
                        None,
                    )
                },
            ),
            AppError::BadRequest {
                code,
                message,
                field,
            } => (StatusCode::BAD_REQUEST, body(code, message, field)),
            AppError::NotFound { code, message } => {
                (StatusCode::NOT_FOUND, body(code, message, None))
            }
            AppError::Conflict { code, message } => {
                (StatusCode::CONFLICT, body(code, message, None))
            }
            AppError::KeyReused { receipt_no } => (
                StatusCode::CONFLICT,
                ErrorBody {
                    receipt_no: Some(receipt_no),
                    ..body(
                        "idempotency_key_reused",
                        "this Idempotency-Key was used for a different submission; see receipt_no"
                            .into(),
                        None,
                    )
                },
            ),
            AppError::Unauthorized { code, message } => {
                (StatusCode::UNAUTHORIZED, body(code, message, None))
            }
            AppError::Forbidden { code, message } => {
                (StatusCode::FORBIDDEN, body(code, message, None))
            }
            AppError::NotSelf => (
                StatusCode::FORBIDDEN,
                ErrorBody {
                    errors: vec![real_name::not_self_error()],
                    ..body(
                        real_name::NOT_SELF,
                        "the applicant must be the session's real-name person, or a member bound by their own consent".into(),
                        Some(real_name::FIELD),
                    )
                },
            ),
            AppError::RateLimited {
                code,
                message,
                retry_after_secs,
            } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorBody {
                    retry_after_secs: Some(retry_after_secs),
                    ..body(code, message, None)
                },
            ),
            AppError::Upload {
                status,
                code,
                message,
            } => (
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                body(code, message, None),
            ),
            fault => {
                let (status, code) = match &fault {
                    AppError::Database(e) => database_status(e),
                    AppError::Migrate(_) => {
                        (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable")
                    }
                    AppError::Corrupt { .. } => {
                        (StatusCode::INTERNAL_SERVER_ERROR, "corrupt_record")
                    }
                    // A data key is missing (not in TONGBAN_DATA_KEYS_OLD) or a value damaged.
                    AppError::Sealed(_) => (StatusCode::INTERNAL_SERVER_ERROR, "sealed_unreadable"),
                    _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
                };
                let message = match status {
                    StatusCode::SERVICE_UNAVAILABLE => {
                        "the service is temporarily unavailable; retry later"
                    }
                    StatusCode::CONFLICT => "the request conflicts with what is stored",
                    StatusCode::UNPROCESSABLE_ENTITY => "the request breaks a storage constraint",
                    _ => "the service failed to answer; the fault is logged",
                };
                if status.is_server_error() {
                    // Details of faults stay in the log; the client gets a calm, stable code.
                    tracing::error!(error = %fault, code, "request failed");
                } else {
                    tracing::warn!(error = %fault, code, "request refused by the database");
                }
                (status, body(code, message.to_owned(), None))
            }
        };
        let wait = body.retry_after_secs.map(|secs| secs.to_string());
        let mut res = (status, Json(body)).into_response();
        if let Some(v) = wait.and_then(|w| axum::http::HeaderValue::from_str(&w).ok()) {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_database_is_a_503_to_retry() {
        assert_eq!(
            database_status(&sqlx::Error::PoolTimedOut),
            (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable")
        );
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        assert_eq!(
            database_status(&sqlx::Error::Io(io)).0,
            StatusCode::SERVICE_UNAVAILABLE
        );
    }

    #[test]
    fn a_row_that_does_not_decode_is_a_corrupt_record() {
        let e = sqlx::Error::ColumnNotFound("form_json".into());
        assert_eq!(
            database_status(&e),
            (StatusCode::INTERNAL_SERVER_ERROR, "corrupt_record")
        );
        let r = AppError::Corrupt {
            what: "applications.status",
        }
        .into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn any_other_database_error_is_a_500() {
        let e = sqlx::Error::Protocol("unexpected message".into());
        assert_eq!(database_status(&e).0, StatusCode::INTERNAL_SERVER_ERROR);
    }
}
