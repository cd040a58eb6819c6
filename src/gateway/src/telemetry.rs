//! Logging. Log lines carry ids, codes and timings, never personal data: no ID number, phone,
//! bank card or name is ever passed to a tracing macro (a test greps a full run's logs).

use axum::http::StatusCode;
use std::time::Duration;
use tower_http::{
    classify::{ServerErrorsAsFailures, ServerErrorsFailureClass, SharedClassifier},
    trace::{
        DefaultMakeSpan, DefaultOnBodyChunk, DefaultOnEos, DefaultOnRequest, DefaultOnResponse,
        TraceLayer,
    },
};
use tracing::Span;
use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber (`RUST_LOG` overrides the default level) and the panic hook
/// that logs a panic's location only.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
    crate::panics::install_hook();
}

/// The request log's layer: method, path, status and latency of every request (paths never carry
/// personal data). A 503 is a state the copy announces — draining after SIGTERM, migrations
/// pending, its database away — and the load balancer acts on it, so it is a warning; any other
/// 5xx is an error.
pub fn request_log() -> RequestLog {
    TraceLayer::new_for_http().on_failure(log_failure as OnFailureFn)
}

type OnFailureFn = fn(ServerErrorsFailureClass, Duration, &Span);

/// The layer [`request_log`] builds.
pub type RequestLog = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    DefaultMakeSpan,
    DefaultOnRequest,
    DefaultOnResponse,
    DefaultOnBodyChunk,
    DefaultOnEos,
    OnFailureFn,
>;

fn log_failure(class: ServerErrorsFailureClass, latency: Duration, _span: &Span) {
    let latency_ms = latency.as_millis();
    match class {
        ServerErrorsFailureClass::StatusCode(StatusCode::SERVICE_UNAVAILABLE) => {
            tracing::warn!(
                latency_ms,
                "503: this copy is not serving (draining, migrating or without its database)"
            )
        }
        other => tracing::error!(classification = %other, latency_ms, "response failed"),
    }
}
