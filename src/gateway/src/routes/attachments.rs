//! Materials uploaded for an application: `POST /attachments?material=…` (the raw file, with
//! its `Content-Type`), and `GET /attachments/{id}` for its owner or a clerk of its region only.

use super::extract::ValidQuery;
use super::refusals::on_request;
use crate::applications::attachments::{self, Uploaded};
use crate::audit;
use crate::identity::extract::{Citizen, Reader};
use crate::{state::AppState, AppError};
use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use serde::Deserialize;
use tongban_rules::api::ErrorBody;

pub use attachments::MAX_BYTES;

/// A file's bytes as they are (OpenAPI `string`, `format: binary`).
pub struct RawFile;

impl utoipa::PartialSchema for RawFile {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for RawFile {}

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    pub material: String,
}

#[utoipa::path(
    post, path = "/attachments", tag = "attachments",
    security(("citizen_session" = [])),
    params(("material" = String, Query, description = "the material this file is for (1 to 100 characters)", example = "身份证")),
    request_body(description = "the raw file: JPEG, PNG or PDF, at most 5 MB, checked by its magic bytes",
                 content((RawFile = "image/jpeg"), (RawFile = "image/png"), (RawFile = "application/pdf"))),
    responses((status = 201, description = "stored; list its `id` in a submission or resubmission", body = Uploaded),
              (status = 400, description = "`bad_query`, `material_required`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 413, description = "`too_large`", body = ErrorBody),
              (status = 415, description = "`unsupported_type`, `content_mismatch`", body = ErrorBody),
              (status = 429, description = "`upload_quota`: 20 files or 50 MB uploaded in 24 hours, attached or not", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
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
    let uploaded =
        attachments::upload(&state.store, &citizen.owner, &q.material, declared, &body).await?;
    Ok((StatusCode::CREATED, Json(uploaded)))
}

#[utoipa::path(
    get, path = "/attachments/{id}", tag = "attachments",
    security(("citizen_session" = []), ("operator_token" = [])),
    params(("id" = String, Path, example = "0123456789abcdef0123456789abcdef")),
    responses((status = 200, description = "the file, to its owner or a clerk of its region",
               content((RawFile = "image/jpeg"), (RawFile = "image/png"), (RawFile = "application/pdf"))),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 404, description = "`not_found`: unknown, or not the caller's; `file_missing`: its bytes are no longer stored", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// The owner (session) or a clerk of its region (operator token) may read an attachment; a
/// clerk's read is audited.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    reader: Reader,
) -> Result<impl IntoResponse, AppError> {
    let read = attachments::read(&state.store, &state.data_dir, &id, |h| match &reader {
        // A clerk reads the materials of applications of their regions, never a loose upload.
        Reader::Operator(op) => h.region.as_deref().is_some_and(|r| op.serves(r)),
        Reader::Citizen(c) => c.owner == h.owner,
    })
    .await;
    let file = match &reader {
        // An operator's 404 (another region's file, or none) is audited.
        Reader::Operator(op) => on_request(&state, op, read).await?,
        Reader::Citizen(_) => read?,
    };
    if let Reader::Operator(op) = &reader {
        let entry = op
            .audit("attachment.read")
            .on(
                file.holder.receipt_no.as_deref().unwrap_or_default(),
                file.holder.region.as_deref().unwrap_or_default(),
            )
            .detail(format!("attachment={id}"));
        audit::record(&state.store, entry, chrono::Utc::now()).await?;
    }
    // A stored file is never rendered in the gateway's origin: it is downloaded, and were a
    // browser to render it anyway (a PDF with script), the sandbox gives it no origin.
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_LENGTH, file.size.to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{id}\""),
            ),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
        ],
        Body::from_stream(file.content),
    ))
}
