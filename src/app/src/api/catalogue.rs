//! The catalogue: regions, a region's items, one item.

use super::{get, ApiError};
use serde::Deserialize;
use tongban_rules::catalogue::{Item, Region};

/// `GET /regions`
pub async fn regions() -> Result<Vec<Region>, ApiError> {
    get("/regions").await
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Catalog {
    pub region: String,
    pub version: String,
    pub items: Vec<Item>,
}

/// `GET /catalog?region=R`
pub async fn catalog(region: &str) -> Result<Catalog, ApiError> {
    get(&format!("/catalog?region={region}")).await
}

/// `GET /items/{id}?region=R`: one item as the region resolves it (the guide page).
pub async fn item(region: &str, id: &str) -> Result<Item, ApiError> {
    get(&format!("/items/{id}?region={region}")).await
}
