//! Liveness and readiness probes for a load balancer.

use crate::{calendar::notice_warning, state::AppState};
use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
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

/// The copy can serve: it is not draining (SIGTERM), its database answers, and every
/// migration it carries is applied. A load balancer sends it nothing while this is 503.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.ops.draining.load(Ordering::Relaxed) {
        return (StatusCode::SERVICE_UNAVAILABLE, "draining");
    }
    match state.store.unready().await {
        None => (StatusCode::OK, "ready"),
        Some(why) => (StatusCode::SERVICE_UNAVAILABLE, why),
    }
}
