//! The HTTP surface: the API under `/api/v1`, health probes, and the built app.

mod app;
mod health;

use crate::{config::Config, startup::AppState};
use axum::{routing::get, Router};
use tower_http::trace::TraceLayer;

pub fn router(state: AppState, config: &Config) -> Router {
    let api = Router::new();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .nest("/api/v1", api)
        .fallback_service(app::service::<()>(&config.static_dir))
        // The trace layer logs method, path and status; paths never carry personal data.
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
