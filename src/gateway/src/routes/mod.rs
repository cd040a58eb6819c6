//! The HTTP surface: the API under `/api/v1`, health probes, and the built app.

mod app;
mod applications;
pub mod calendar;
pub mod catalogue;
mod extract;
mod health;
pub mod validate;

use crate::{config::Config, startup::AppState};
use axum::{
    routing::{get, post},
    Router,
};
use tower_http::trace::TraceLayer;

pub fn router(state: AppState, config: &Config) -> Router {
    let api = Router::new()
        .route("/regions", get(catalogue::regions))
        .route("/catalog", get(catalogue::catalog))
        .route("/items/{id}", get(catalogue::item))
        .route("/calendar/deadline", get(calendar::deadline))
        .route("/validate", post(validate::validate))
        .route("/applications", post(applications::create))
        .route("/applications/{receipt_no}", get(applications::show));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .nest("/api/v1", api)
        .fallback_service(app::service::<()>(&config.static_dir))
        // The trace layer logs method, path and status; paths never carry personal data.
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
