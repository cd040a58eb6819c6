//! Logging. Log lines carry ids, codes and timings, never personal data: no ID number, phone,
//! bank card or name is ever passed to a tracing macro (a test greps a full run's logs).

use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber (`RUST_LOG` overrides the default level) and the panic hook
/// that logs a panic's location only.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
    crate::panics::install_hook();
}
