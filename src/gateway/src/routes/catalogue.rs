//! `GET /regions`, `GET /catalog?region=R` (with ETag) and `GET /items/{id}?region=R`.
//! The catalogue is the rules crate's, resolved once at start and serialised once per region.
//! One item comes with its form schema and its expected completion date, so the app carries
//! neither the forms nor the holiday calendar: the definition it validates with is the one the
//! gateway validates with again, whatever version of the app is on the phone.

use super::{extract::Q, validate::today_in_china};
use crate::{startup::AppState, AppError};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tongban_rules::catalogue::{Catalogue, Item, Region};
use tongban_rules::form::Form;

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

/// `region` may be left out on a first visit: the answer is then the first region's, and
/// names it, so the app need not wait for `/regions` before it can list items.
#[derive(Deserialize)]
pub struct CatalogQuery {
    region: Option<String>,
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
    Q(q): Q<CatalogQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let cat = state.catalogue.catalogue();
    let region = match &q.region {
        Some(r) => r.as_str(),
        None => cat.regions().first().map_or("", |r| r.code.as_str()),
    };
    let (version, body) = state
        .catalogue
        .bodies
        .get(region)
        .ok_or_else(|| unknown_region(region))?;
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

/// `GET /items/{id}`: the item, and what the guide and the form need with it.
#[derive(Debug, Serialize)]
pub struct ItemView {
    #[serde(flatten)]
    item: Item,
    /// The form to apply with (standard blocks in place), when the item can be applied for.
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<Form>,
    /// 预计办结 for an application made today (China), when a limit is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<Expected>,
}

#[derive(Debug, Serialize)]
pub struct Expected {
    pub due: NaiveDate,
    /// Counted past the published holiday calendar (weekends only).
    pub estimated: bool,
    /// Counted with the statutory limit: no shorter promise is published.
    pub statutory: bool,
}

pub async fn item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Q(q): Q<RegionQuery>,
) -> Result<Json<ItemView>, AppError> {
    let cat = state.catalogue.catalogue();
    if !cat.regions().iter().any(|r| r.code == q.region) {
        return Err(unknown_region(&q.region));
    }
    let item = cat.item(&q.region, &id).map_err(|_| AppError::NotFound {
        code: "unknown_item",
        message: format!("region {} has no item `{id}`", q.region),
    })?;
    let schema = item
        .application_form()
        .map(|f| cat.form(f).cloned())
        .transpose()?;
    let expected = item.limit().map(|l| {
        let d = state.calendar.deadline(today_in_china(), l.days);
        Expected {
            due: d.due,
            estimated: d.estimated,
            statutory: l.statutory,
        }
    });
    Ok(Json(ItemView {
        item,
        schema,
        expected,
    }))
}
