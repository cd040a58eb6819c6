//! Materials uploaded for an application: `POST /attachments?material=…` (the raw file, with
//! its `Content-Type`), and `GET /attachments/{id}` for its owner or an operator only.

use super::extract::ValidQuery;
use crate::applications::attachments::{self, Uploaded};
use crate::identity::extract::{Citizen, Reader};
use crate::{state::AppState, AppError};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use serde::Deserialize;

pub use attachments::MAX_BYTES;

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    pub material: String,
}

pub async fn upload(
    State(state): State<AppState>,
    citizen: Citizen,
    ValidQuery(q): ValidQuery<UploadQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Uploaded>), AppError> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let uploaded = attachments::upload(
        &state.store,
        &state.data_dir,
        &citizen.owner,
        &q.material,
        declared,
        &body,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(uploaded)))
}

/// The owner (session) or an operator (operator token) may read an attachment.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    reader: Reader,
) -> Result<impl IntoResponse, AppError> {
    let (content_type, bytes) =
        attachments::read(&state.store, &state.data_dir, &id, |owner| match &reader {
            Reader::Operator => true,
            Reader::Citizen(c) => c.owner == owner,
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    ))
}
