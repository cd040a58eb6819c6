//! Service offices (办事大厅) of a region, nearest first.

use super::{get, ApiError};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Location {
    pub lat: f64,
    pub lng: f64,
    #[serde(default)]
    pub approximate: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Office {
    pub id: String,
    pub name: String,
    pub address: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub hours: Option<String>,
    pub location: Location,
    #[serde(default)]
    pub distance_m: Option<u32>,
    /// Present when the office takes hall appointments (预约到厅).
    #[serde(default)]
    pub booking: Option<Bookable>,
    /// The region asked for (not sent: filled in here).
    #[serde(skip)]
    pub region: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Bookable {
    pub capacity: u32,
}

/// `GET /offices?region=R[&near=lat,lng]`
pub async fn offices(region: &str, near: Option<(f64, f64)>) -> Result<Vec<Office>, ApiError> {
    let near = near.map_or(String::new(), |(lat, lng)| {
        format!("&near={lat:.5},{lng:.5}")
    });
    let mut list: Vec<Office> = get(&format!("/offices?region={region}{near}")).await?;
    for o in &mut list {
        o.region = region.to_owned();
    }
    Ok(list)
}
