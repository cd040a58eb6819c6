//! The gateway's one error enum, and the one JSON error shape every client sees:
//! `{"code": "...", "message": "...", "field": "..."?}`; `code` and `message` are English for
//! integrators' logs, and validation errors carry the citizens' Chinese messages per field.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The configuration is unusable; the gateway refuses to start.
    #[error("configuration: {0}")]
    Config(String),
    /// The database could not be reached or refused a statement.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed at start.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The listener or a file could not be opened.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// The catalogue or calendar data compiled in is unusable.
    #[error("rules data: {0}")]
    Rules(#[from] tongban_rules::Error),
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

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<tongban_rules::FieldError>,
    /// 429: seconds until a lookup may be tried again.
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_secs: Option<u64>,
    /// 409 `idempotency_key_reused`: the application the key already made (the caller's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    receipt_no: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Invalid(errors) = self {
            let message = "the form has errors; see errors[]".to_owned();
            let body = Body {
                code: "validation_failed",
                message,
                field: None,
                errors,
                retry_after_secs: None,
                receipt_no: None,
            };
            return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
        }
        if let AppError::KeyReused { receipt_no } = self {
            let body = Body {
                code: "idempotency_key_reused",
                message: "this Idempotency-Key was used for a different submission; see receipt_no"
                    .into(),
                field: None,
                errors: vec![],
                retry_after_secs: None,
                receipt_no: Some(receipt_no),
            };
            return (StatusCode::CONFLICT, Json(body)).into_response();
        }
        if let AppError::RateLimited {
            code,
            message,
            retry_after_secs,
        } = self
        {
            let body = Body {
                code,
                message,
                field: None,
                errors: vec![],
                retry_after_secs: Some(retry_after_secs),
                receipt_no: None,
            };
            let wait = [(
                axum::http::header::RETRY_AFTER,
                retry_after_secs.to_string(),
            )];
            return (StatusCode::TOO_MANY_REQUESTS, wait, Json(body)).into_response();
        }
        let (status, code, message, field) = match self {
            AppError::BadRequest {
                code,
                message,
                field,
            } => (StatusCode::BAD_REQUEST, code, message, field),
            AppError::NotFound { code, message } => (StatusCode::NOT_FOUND, code, message, None),
            AppError::Conflict { code, message } => (StatusCode::CONFLICT, code, message, None),
            AppError::Unauthorized { code, message } => {
                (StatusCode::UNAUTHORIZED, code, message, None)
            }
            AppError::Upload {
                status,
                code,
                message,
            } => (
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                code,
                message,
                None,
            ),
            fault => {
                let (status, code) = match &fault {
                    AppError::Database(_) | AppError::Migrate(_) => {
                        (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable")
                    }
                    _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
                };
                // Details of faults stay in the log; the client gets a calm, stable code.
                tracing::error!(error = %fault, code, "request failed");
                let message = "the service is temporarily unavailable; retry later".to_owned();
                (status, code, message, None)
            }
        };
        (
            status,
            Json(Body {
                code,
                message,
                field,
                errors: vec![],
                retry_after_secs: None,
                receipt_no: None,
            }),
        )
            .into_response()
    }
}
