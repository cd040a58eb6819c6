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
        let (status, code) = match &self {
            AppError::Database(_) | AppError::Migrate(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable")
            }
            AppError::Config(_) | AppError::Io(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        // Details of storage faults stay in the log; the client gets a calm, stable code.
        tracing::error!(error = %self, code, "request failed");
        let body = Body {
            code,
            message: "the service is temporarily unavailable; retry later".into(),
            field: None,
        };
        (status, Json(body)).into_response()
    }
}
