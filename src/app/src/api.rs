//! The gateway's API as the app uses it: one small async fn per endpoint over one request
//! helper that maps failures to [`ApiError`] (the crate's one error enum).

use gloo::net::http::Request;
use serde::{de::DeserializeOwned, Deserialize};
use tongban_rules::catalogue::{Item, Region};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, or the network dropped.
    Network,
    /// The gateway answered with an error status.
    Status(u16),
    /// The answer was not what this version of the app understands.
    Decode,
}

impl ApiError {
    /// What the citizen reads: calm, and says what to do.
    pub fn message(&self) -> &'static str {
        match self {
            ApiError::Network => "网络好像断开了，请检查网络后点“重试”。已填写的内容不会丢失。",
            ApiError::Status(500..) => "服务暂时繁忙，请稍后点“重试”。",
            ApiError::Status(_) | ApiError::Decode => "页面需要更新，请刷新后再试。",
        }
    }
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let res = Request::get(url)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !res.ok() {
        return Err(ApiError::Status(res.status()));
    }
    res.json::<T>().await.map_err(|_| ApiError::Decode)
}

/// `GET /api/v1/regions`
pub async fn regions() -> Result<Vec<Region>, ApiError> {
    get_json("/api/v1/regions").await
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Catalog {
    pub region: String,
    pub version: String,
    pub items: Vec<Item>,
}

/// `GET /api/v1/catalog?region=R`
pub async fn catalog(region: &str) -> Result<Catalog, ApiError> {
    get_json(&format!("/api/v1/catalog?region={region}")).await
}
