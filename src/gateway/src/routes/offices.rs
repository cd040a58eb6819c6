//! `GET /offices?region=R[&near=lat,lng]`: service offices, nearest first when a position is
//! given.

use super::extract::ValidQuery;
use crate::offices::{self, Office};
use crate::{state::AppState, AppError};
use axum::{extract::State, Json};
use serde::Deserialize;
use tongban_rules::api::ErrorBody;

#[derive(Debug, Deserialize)]
pub struct OfficesQuery {
    pub region: String,
    pub near: Option<String>,
}

fn parse_near(text: &str) -> Result<(f64, f64), AppError> {
    let bad = || AppError::BadRequest {
        code: "near_invalid",
        message: "near must be `lat,lng` in degrees".into(),
        field: Some("near"),
    };
    let (lat, lng) = text.split_once(',').ok_or_else(bad)?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    let lng: f64 = lng.trim().parse().map_err(|_| bad())?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lng) {
        return Err(bad());
    }
    Ok((lat, lng))
}

#[utoipa::path(
    get, path = "/offices", tag = "catalogue",
    params(("region" = String, Query, example = "420800"),
           ("near" = Option<String>, Query, description = "`lat,lng` in degrees: nearest first, with `distance_m`", example = "31.035,112.2")),
    responses((status = 200, description = "service offices", body = [serde_json::Value]),
              (status = 400, description = "`bad_query`, `near_invalid`", body = ErrorBody),
              (status = 404, description = "`unknown_region`", body = ErrorBody))
)]
pub async fn offices(
    State(state): State<AppState>,
    ValidQuery(q): ValidQuery<OfficesQuery>,
) -> Result<Json<Vec<Office>>, AppError> {
    let lists = state.lists.current();
    let here = q.near.as_deref().map(parse_near).transpose()?;
    Ok(Json(offices::near(&lists.offices, &q.region, here)?))
}
