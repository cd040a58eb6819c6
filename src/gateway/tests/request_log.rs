//! The request log: a copy that answers 503 (draining, migrating, its database away) says so at
//! WARN, because the load balancer acts on it and nobody needs waking; a 500 stays an ERROR. Its
//! own test binary, because it installs a process-wide log subscriber.

use axum::{http::StatusCode, routing::get, Router};
use log_capture::Log;
use tongban_gateway::telemetry;

mod log_capture;

#[tokio::test]
async fn a_503_is_logged_as_a_warning_and_a_500_as_an_error() {
    let log = Log::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        // The request's span (method, path) is at DEBUG, as tower-http makes it.
        .with_max_level(tracing::Level::DEBUG)
        .init();
    let router = Router::new()
        .route(
            "/readyz",
            get(|| async { (StatusCode::SERVICE_UNAVAILABLE, "draining") }),
        )
        .route(
            "/broken",
            get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        )
        .layer(telemetry::request_log());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::new();

    let res = client.get(format!("{url}/readyz")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 503);
    let res = client.get(format!("{url}/broken")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 500);

    let readyz = log.lines_with("uri=/readyz");
    assert!(!readyz.is_empty(), "the 503 was not logged at all");
    assert!(
        readyz.iter().all(|l| !l.contains("ERROR")),
        "a 503 was logged as an error: {readyz:#?}"
    );
    assert!(
        readyz
            .iter()
            .any(|l| l.contains("WARN") && l.contains("not serving")),
        "a 503 was not logged as a warning: {readyz:#?}"
    );
    let broken = log.lines_with("uri=/broken");
    assert!(
        broken.iter().any(|l| l.contains("ERROR")),
        "a 500 was not logged as an error: {broken:#?}"
    );
}
