//! `GET /regions`, `GET /catalog?region=R` (with ETag) and `GET /items/{id}?region=R`.

use super::extract::ValidQuery;
use crate::{catalogue, state::AppState, AppError};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use tongban_rules::api::china_today;
use tongban_rules::api::ErrorBody;
use tongban_rules::catalogue::Region;

#[derive(Deserialize)]
pub struct RegionQuery {
    region: String,
}

/// `region` may be left out on a first visit: the answer is then the first region's, and
/// names it, so the app need not wait for `/regions` before it can list items.
#[derive(Deserialize)]
pub struct CatalogQuery {
    region: Option<String>,
}

#[utoipa::path(
    get, path = "/regions", tag = "catalogue",
    responses((status = 200, description = "Regions with a catalogue, with their sources", body = [serde_json::Value]))
)]
pub async fn regions(State(state): State<AppState>) -> Json<Vec<Region>> {
    let lists = state.lists.current();
    Json(lists.catalogue.catalogue().regions().to_vec())
}

#[utoipa::path(
    get, path = "/catalog", tag = "catalogue",
    params(("region" = Option<String>, Query, description = "the region's code; left out: the first region's catalogue, named in the answer's `region`", example = "420800"),
           ("If-None-Match" = Option<String>, Header, description = "the ETag of a catalogue already held")),
    responses((status = 200, description = "`{region, version, list_version, items[]}`; `ETag` is `version` (`v<list version>.<content hash>`)", body = serde_json::Value),
              (status = 304, description = "unchanged since the ETag sent"),
              (status = 400, description = "`bad_query`", body = ErrorBody),
              (status = 404, description = "`unknown_region`", body = ErrorBody))
)]
pub async fn catalog(
    State(state): State<AppState>,
    ValidQuery(q): ValidQuery<CatalogQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lists = state.lists.current();
    let (version, body) = lists.catalogue.body(q.region.as_deref())?;
    tagged(&headers, version, body.to_owned())
}

/// `body` with ETag `version`, or 304 when the client holds it (`If-None-Match`).
fn tagged(headers: &HeaderMap, version: &str, body: String) -> Result<Response, AppError> {
    let etag = format!("\"{version}\"");
    let etag_value = HeaderValue::from_str(&etag).map_err(|e| AppError::Config(e.to_string()))?;
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response());
    }
    let headers = [
        (header::ETAG, etag_value),
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    Ok((headers, body).into_response())
}

#[utoipa::path(
    get, path = "/items/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "the item's id", example = "jm-transfer"),
           ("region" = String, Query, description = "the region's code", example = "420800"),
           ("If-None-Match" = Option<String>, Header, description = "the ETag of the item already held")),
    responses((status = 200, description = "the item with its form `schema` (when it can be applied for), `expected` completion if applied today and the `list` version it comes from; `ETag` is `v<list version>.<content hash>`", body = serde_json::Value),
              (status = 304, description = "unchanged since the ETag sent"),
              (status = 400, description = "`bad_query` (no `region`)", body = ErrorBody),
              (status = 404, description = "`unknown_region`, `unknown_item`", body = ErrorBody))
)]
/// `GET /items/{id}`: the item, and what the guide and the form need with it.
pub async fn item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ValidQuery(q): ValidQuery<RegionQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lists = state.lists.current();
    let today = china_today(chrono::Utc::now().timestamp_millis());
    let view = catalogue::item_view(
        lists.catalogue.catalogue(),
        &lists.calendar,
        lists.version.wire(),
        (&q.region, &id),
        today,
    )?;
    let body = serde_json::to_string(&view).map_err(|e| AppError::Config(e.to_string()))?;
    let version = format!(
        "v{}.{:016x}",
        lists.version.number,
        catalogue::fnv1a(body.as_bytes())
    );
    tagged(&headers, &version, body)
}
