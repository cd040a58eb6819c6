//! The drill's webhook receiver: answers every push 200 after 50 ms (a slow integrator) and
//! counts deliveries per `Tongban-Event-Id`.

use axum::{extract::State, http::HeaderMap, routing::post, Router};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Deliveries per event id.
pub type Counts = Arc<Mutex<BTreeMap<String, u32>>>;

async fn push(State(counts): State<Counts>, headers: HeaderMap) -> &'static str {
    tokio::time::sleep(Duration::from_millis(50)).await;
    let id = headers
        .get("tongban-event-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("(none)")
        .to_string();
    *counts.lock().expect("counts").entry(id).or_default() += 1;
    "ok"
}

/// Serves on `127.0.0.1:port`; the counts fill as pushes arrive.
pub async fn start(port: u16) -> Counts {
    let counts = Counts::default();
    let app = Router::new()
        .route("/push", post(push))
        .with_state(counts.clone());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("the receiver's port");
    tokio::spawn(async move { axum::serve(listener, app).await });
    counts
}
