//! A handler that panics: the caller gets 500 in the JSON error shape, the connection and the
//! process survive, and the log holds where it panicked, never the panic's message. Its own
//! test binary, because it installs the gateway's process-wide panic hook and log subscriber.

use axum::{routing::get, Router};
use log_capture::Log;
use tongban_gateway::panics;

mod log_capture;

const ID: &str = "11010519491231002X";

#[tokio::test]
async fn a_panicking_handler_answers_500_json_and_logs_only_where_it_panicked() {
    let log = Log::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();
    panics::install_hook();
    async fn boom() -> &'static str {
        let id = String::from(ID);
        // What the old receipt code did with a U+3000 in an ID number: a byte slice mid-char.
        panic!("byte index 15 is not a char boundary; it is inside '　' of `{id}`")
    }
    let router = Router::new()
        .route("/boom", get(boom))
        .route("/fine", get(|| async { "fine" }))
        .layer(panics::layer());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::new();

    let res = client.get(format!("{url}/boom")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 500);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "internal", "{body}");
    let res = client.get(format!("{url}/fine")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "the process still serves");

    let log = log.text();
    assert!(log.contains("panics.rs:"), "the location is logged:\n{log}");
    assert!(!log.contains(ID), "the payload reached the log:\n{log}");
    assert!(
        !log.contains("char boundary"),
        "the message reached the log:\n{log}"
    );
}
