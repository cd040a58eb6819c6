//! A panic in a handler is a bug, never a reason to drop the connection or to write what the
//! request carried into the log. The layer answers 500 in the one JSON error shape; the hook
//! logs where the panic happened and nothing of its message, which may hold the very text
//! (an ID number, a phone) that caused it. Both need the unwinding `server` profile
//! (`Cargo.toml`): with `panic = "abort"` the process would die before either ran.

use crate::AppError;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

type Handler = fn(Box<dyn Any + Send + 'static>) -> Response;

/// Catches a handler's panic and answers `500 internal` like any other fault.
pub fn layer() -> CatchPanicLayer<Handler> {
    CatchPanicLayer::custom(answer as Handler)
}

fn answer(_payload: Box<dyn Any + Send + 'static>) -> Response {
    AppError::Panicked.into_response()
}

/// Replaces the default hook (which prints the payload) with one that logs the location only.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "unknown".into());
        tracing::error!(%location, "panic (its message is not logged: it may hold personal data)");
    }));
}
