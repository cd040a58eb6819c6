//! `GET /offices?region=R[&near=lat,lng]`: service offices, nearest first when a position is
//! given.

use super::extract::ValidQuery;
use crate::offices::{self, Office};
use crate::{state::AppState, AppError};
use axum::{extract::State, Json};
use serde::Deserialize;

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

pub async fn offices(
    State(state): State<AppState>,
    ValidQuery(q): ValidQuery<OfficesQuery>,
) -> Result<Json<Vec<Office>>, AppError> {
    let here = q.near.as_deref().map(parse_near).transpose()?;
    Ok(Json(offices::near(&state.offices, &q.region, here)?))
}
