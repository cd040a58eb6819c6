//! Liveness and readiness probes for a load balancer.

use crate::{calendar::notice_warning, state::AppState};
use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};
use tongban_rules::api::china_today;

/// The process is up: `{"status": "ok", "warnings": [...]}`, always 200. A warning is for the
/// operators, never a failure: `calendar_notice_missing` from sixty days before a year without
/// a State Council holiday notice begins.
pub async fn healthz(State(state): State<AppState>) -> Json<Value> {
    let lists = state.lists.current();
    let today = china_today(chrono::Utc::now().timestamp_millis());
    let warnings: Vec<_> = notice_warning(&lists.calendar, today).into_iter().collect();
    Json(json!({"status": "ok", "warnings": warnings}))
}

/// The process can serve: its database answers.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.store.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "storage unavailable")
    }
}
