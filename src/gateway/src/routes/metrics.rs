//! `/metrics` (Prometheus text) and the counting of every request by route and status. The
//! route is the template a request matched (`/api/v1/applications/{receipt_no}`), never the
//! path itself, so no receipt number or id reaches the metrics; the app's files and unknown
//! paths count as `other`.

use crate::{metrics::Metrics, push::claim, state::AppState, AppError};
use axum::{
    extract::{MatchedPath, Request, State},
    http::{header, HeaderMap},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The template the request matched, set by `label` inside the router, read by `track` outside.
#[derive(Clone, Default)]
struct RouteLabel(Arc<OnceLock<String>>);

/// Outermost: times every request and counts it by route, method and status.
pub async fn track(State(metrics): State<Arc<Metrics>>, mut req: Request, next: Next) -> Response {
    let label = RouteLabel::default();
    req.extensions_mut().insert(label.clone());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    let route = label.0.get().map_or("other", String::as_str);
    metrics
        .latency
        .with_label_values(&[route])
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .with_label_values(&[route, &method, res.status().as_str()])
        .inc();
    res
}

/// On the routes themselves: names the template matched.
pub async fn label(req: Request, next: Next) -> Response {
    if let (Some(path), Some(label)) = (
        req.extensions().get::<MatchedPath>(),
        req.extensions().get::<RouteLabel>(),
    ) {
        let _ = label.0.set(path.as_str().to_owned());
    }
    next.run(req).await
}

/// The metrics as of now: the counters, and the pool, the group commit and the outbox read at
/// this moment.
pub async fn render(state: &AppState) -> Result<String, AppError> {
    let m = &state.ops.metrics;
    let (in_use, idle) = state.store.pool_use();
    m.pool.with_label_values(&["in_use"]).set(in_use.into());
    m.pool.with_label_values(&["idle"]).set(idle.into());
    if let Some(b) = state.store.batches() {
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        m.batches
            .with_label_values(&["commits"])
            .set(count(b.commits));
        m.batches
            .with_label_values(&["writes"])
            .set(count(b.writes));
        m.batches
            .with_label_values(&["queued"])
            .set(count(b.queued as u64));
    }
    let (backlog, oldest_ms) =
        claim::backlog(&state.store, chrono::Utc::now().timestamp_millis()).await?;
    m.outbox_backlog.set(backlog);
    m.outbox_oldest_seconds.set(oldest_ms / 1000);
    Ok(m.render())
}

fn text(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// `GET /metrics` on the main listener: only with `TONGBAN_METRICS_TOKEN` as a bearer token;
/// without it configured, there is no such page.
pub async fn guarded(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = &state.ops.metrics_token else {
        return AppError::NotFound {
            code: "not_found",
            message: "no such page".into(),
        }
        .into_response();
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let expected = token.expose().as_bytes();
    if !bool::from(subtle::ConstantTimeEq::ct_eq(sent.as_bytes(), expected)) {
        return AppError::Unauthorized {
            code: "metrics_token_required",
            message: "send the metrics token as a bearer token".into(),
        }
        .into_response();
    }
    open(State(state)).await
}

/// `GET /metrics` on `TONGBAN_METRICS_ADDR`, the listener only the scraper reaches.
pub async fn open(State(state): State<AppState>) -> Response {
    match render(&state).await {
        Ok(body) => text(body),
        Err(e) => e.into_response(),
    }
}
