//! `ceiling [ADDR]`: the ceiling the gateway's figures are divided by — bare axum handlers on
//! the same loopback, the same HTTP stack and the same load generator, doing no work:
//! `GET /ceiling` answers a fixed JSON body; `POST /ceiling` parses the JSON it is sent and
//! answers 201 with a fixed body. Prints `serving at http://ADDR` once it listens.

use axum::{http::StatusCode, routing::get, Json, Router};
use serde_json::{json, Value};

async fn read() -> Json<Value> {
    Json(json!({"receipt_no": "TB20261123000000", "status": "submitted", "status_label": "已提交"}))
}

async fn write(Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    let fields = body
        .get("form")
        .and_then(Value::as_object)
        .map_or(0, |f| f.len());
    (
        StatusCode::CREATED,
        Json(json!({"receipt_no": "TB20261123000000", "status": "submitted", "fields": fields})),
    )
}

/// The binary's entry point.
pub async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".into());
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .expect("bind the ceiling's address");
    println!(
        "serving at http://{}",
        listener.local_addr().expect("address")
    );
    let app = Router::new().route("/ceiling", get(read).post(write));
    axum::serve(listener, app).await.expect("serve");
}
