//! `GET /regions`, `GET /catalog?region=R` (with ETag) and `GET /items/{id}?region=R`.
//! The catalogue is the rules crate's, resolved once at start and serialised once per region.

use super::extract::Q;
use crate::{startup::AppState, AppError};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tongban_rules::catalogue::{Catalogue, Item, Region};

/// The catalogue as served: each region's items, pre-serialised, with a version for caching.
#[derive(Debug)]
pub struct CatalogueView {
    catalogue: Catalogue,
    bodies: BTreeMap<String, (String, String)>,
}

#[derive(Serialize)]
struct CatalogBody<'a> {
    region: &'a str,
    version: &'a str,
    items: Vec<Item>,
}

impl CatalogueView {
    pub fn new(catalogue: Catalogue) -> Result<Self, AppError> {
        let mut bodies = BTreeMap::new();
        for region in catalogue.regions() {
            let items = catalogue.items(&region.code)?;
            let probe =
                serde_json::to_string(&items).map_err(|e| AppError::Config(e.to_string()))?;
            let version = format!("{:016x}", fnv1a(probe.as_bytes()));
            let body = CatalogBody {
                region: &region.code,
                version: &version,
                items,
            };
            let json = serde_json::to_string(&body).map_err(|e| AppError::Config(e.to_string()))?;
            bodies.insert(region.code.clone(), (version, json));
        }
        Ok(Self { catalogue, bodies })
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }
}

/// FNV-1a, 64 bit: a stable content version for the ETag (not a security hash).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Deserialize)]
pub struct RegionQuery {
    region: String,
}

fn unknown_region(region: &str) -> AppError {
    AppError::NotFound {
        code: "unknown_region",
        message: format!("no catalogue for region `{region}`"),
    }
}

pub async fn regions(State(state): State<AppState>) -> Json<Vec<Region>> {
    Json(state.catalogue.catalogue().regions().to_vec())
}

pub async fn catalog(
    State(state): State<AppState>,
    Q(q): Q<RegionQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (version, body) = state
        .catalogue
        .bodies
        .get(&q.region)
        .ok_or_else(|| unknown_region(&q.region))?;
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
    Ok((headers, body.clone()).into_response())
}

pub async fn item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Q(q): Q<RegionQuery>,
) -> Result<Json<Item>, AppError> {
    let cat = state.catalogue.catalogue();
    if !cat.regions().iter().any(|r| r.code == q.region) {
        return Err(unknown_region(&q.region));
    }
    cat.item(&q.region, &id)
        .map(Json)
        .map_err(|_| AppError::NotFound {
            code: "unknown_item",
            message: format!("region {} has no item `{id}`", q.region),
        })
}
