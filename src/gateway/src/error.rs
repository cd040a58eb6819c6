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
    /// The thing asked for does not exist (or the asker may not know that it does).
    #[error("not found {code}")]
    NotFound { code: &'static str, message: String },
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message, field) = match self {
            AppError::BadRequest {
                code,
                message,
                field,
            } => (StatusCode::BAD_REQUEST, code, message, field),
            AppError::NotFound { code, message } => (StatusCode::NOT_FOUND, code, message, None),
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
            }),
        )
            .into_response()
    }
}
