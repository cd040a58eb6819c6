//! The catalogue: regions, a region's items, one item with its form and expected date.

use super::{get, ApiError};
use serde::Deserialize;
use std::rc::Rc;
use tongban_rules::catalogue::{Item, Region};
use tongban_rules::form::Form;
use wasm_bindgen::JsValue;

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

/// `GET /catalog?region=R`; with no region (a first visit), the first region's, named in the
/// answer, so the list need not wait for `/regions`.
pub async fn catalog(region: Option<&str>) -> Result<Catalog, ApiError> {
    match region {
        Some(r) => get(&format!("/catalog?region={r}")).await,
        None => get("/catalog").await,
    }
}

/// The default region's catalogue the gateway put in index.html (`<script type="application/json"
/// id="catalog">`), when it is `region`'s (or `region` is not chosen yet); read once, so a retry or
/// a later visit to the region asks the gateway.
pub fn inline_catalog(region: Option<&str>) -> Option<Catalog> {
    let block = gloo::utils::document().get_element_by_id("catalog")?;
    block.remove();
    let catalog: Catalog = crate::json::from_str(&block.text_content()?)?;
    region
        .is_none_or(|r| r == catalog.region)
        .then_some(catalog)
}

/// 预计办结 for an application made today, counted by the gateway's holiday calendar.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Expected {
    pub due: String,
    /// Counted past the published holiday calendar (weekends only).
    #[serde(default)]
    pub estimated: bool,
    /// The statutory limit: no shorter promise is published.
    #[serde(default)]
    pub statutory: bool,
}

/// One item as the guide and the form need it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemView {
    pub item: Item,
    /// The form to apply with, standard blocks in place: the definition the gateway validates
    /// the submission with again.
    pub schema: Option<Rc<Form>>,
    pub expected: Option<Expected>,
}

/// The answer as the browser parsed it, read twice below: once as the item, once for what
/// comes with it (a flattened struct would make serde buffer every field first).
#[derive(Deserialize)]
struct Parsed(#[serde(with = "serde_wasm_bindgen::preserve")] JsValue);

#[derive(Deserialize)]
struct WithExpected {
    #[serde(default)]
    expected: Option<Expected>,
}

#[derive(Deserialize)]
struct WithSchema {
    #[serde(default)]
    schema: Option<Form>,
}

/// `GET /items/{id}?region=R` for the guide: the item as the region resolves it and its expected
/// completion date. The form schema is left undecoded: the guide does not show it, and its
/// decoder (the form's `Check`s, fields, conditions) stays in the second wasm module with the
/// apply page, which asks with [`item_with_form`].
pub async fn item(region: &str, id: &str) -> Result<ItemView, ApiError> {
    let Parsed(value) = get(&format!("/items/{id}?region={region}")).await?;
    guide_view(value)
}

/// `GET /items/{id}?region=R` for applying: [`item`] with its form schema.
pub async fn item_with_form(region: &str, id: &str) -> Result<ItemView, ApiError> {
    let Parsed(value) = get(&format!("/items/{id}?region={region}")).await?;
    let with: WithSchema = crate::json::from_value(value.clone()).ok_or(ApiError::Decode)?;
    Ok(ItemView {
        schema: with.schema.map(Rc::new),
        ..guide_view(value)?
    })
}

fn guide_view(value: JsValue) -> Result<ItemView, ApiError> {
    let item: Item = crate::json::from_value(value.clone()).ok_or(ApiError::Decode)?;
    let with: WithExpected = crate::json::from_value(value).ok_or(ApiError::Decode)?;
    Ok(ItemView {
        item,
        schema: None,
        expected: with.expected,
    })
}
