//! `tongban-gateway [--dev]`: serves the built app and the API on one address.

use tongban_gateway::{config::Config, startup::Gateway, telemetry};

#[tokio::main]
async fn main() {
    telemetry::init();
    let dev = std::env::args().skip(1).any(|a| a == "--dev");
    let config = match Config::from_env(dev) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("tongban-gateway: {e}");
            std::process::exit(2);
        }
    };
    if config.generated.contains(&"TONGBAN_OPERATOR_TOKEN") {
        // Dev mode only: the operator token is made up for this run; say it so the operator
        // API can be tried. Production requires it from the environment and never prints it.
        println!(
            "Dev operator token (this run only): {}",
            config.operator_token.expose()
        );
    }
    let gateway = match Gateway::start(config).await {
        Ok(gateway) => gateway,
        Err(e) => {
            eprintln!("tongban-gateway: cannot start: {e}");
            std::process::exit(1);
        }
    };
    println!("Tongban is serving at http://{}", gateway.addr());
    if let Err(e) = gateway.serve_until(shutdown_signal()).await {
        eprintln!("tongban-gateway: {e}");
        std::process::exit(1);
    }
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests in flight, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutdown requested; finishing requests in flight");
}
