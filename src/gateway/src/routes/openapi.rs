//! `GET /api/v1/openapi.json`: the API published for integrators (`openapi.json` next to this
//! crate's manifest; a test checks that every route of the router is documented there).

use axum::http::header;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("../../openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
