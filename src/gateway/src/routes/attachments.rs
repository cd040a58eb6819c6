//! Materials uploaded for an application: `POST /attachments?material=…` (the raw file, with
//! its `Content-Type`), and `GET /attachments/{id}` for its owner or an operator only. The
//! bytes are files under `<data dir>/attachments/`, named by an unguessable id; the type is
//! checked against the file's own magic bytes, not just the header.

use super::extract::Q;
use crate::identity::extract::{Citizen, Reader};
use crate::{startup::AppState, AppError};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sqlx::Row;

pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// Accepted types and the bytes each file of that type starts with.
const TYPES: [(&str, &[u8]); 3] = [
    ("image/jpeg", b"\xFF\xD8\xFF"),
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("application/pdf", b"%PDF-"),
];

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    pub material: String,
}

#[derive(Debug, Serialize)]
pub struct Uploaded {
    pub id: String,
    pub content_type: &'static str,
    pub size: usize,
}

fn new_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn is_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub async fn upload(
    State(state): State<AppState>,
    citizen: Citizen,
    Q(q): Q<UploadQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Uploaded>), AppError> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (content_type, magic) = TYPES
        .iter()
        .find(|(t, _)| declared.starts_with(t))
        .ok_or_else(|| AppError::Upload {
            status: 415,
            code: "unsupported_type",
            message: "upload a JPEG, PNG or PDF file".into(),
        })?;
    if body.len() > MAX_BYTES {
        return Err(AppError::Upload {
            status: 413,
            code: "too_large",
            message: format!("files are limited to {} MB", MAX_BYTES / 1024 / 1024),
        });
    }
    if !body.starts_with(magic) {
        return Err(AppError::Upload {
            status: 415,
            code: "content_mismatch",
            message: format!("the file is not a {content_type}"),
        });
    }
    let material = q.material.trim();
    if material.is_empty() || material.chars().count() > 100 {
        return Err(AppError::BadRequest {
            code: "material_required",
            message: "name the material (1 to 100 characters)".into(),
            field: Some("material"),
        });
    }
    let id = new_id();
    let dir = state.data_dir.join("attachments");
    tokio::fs::create_dir_all(&dir).await?;
    tokio::fs::write(dir.join(&id), &body).await?;
    sqlx::query(
        "INSERT INTO attachments (id, owner, material, content_type, size, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(&citizen.owner)
    .bind(material)
    .bind(*content_type)
    .bind(body.len() as i64)
    .bind(chrono::Utc::now().timestamp_millis())
    .execute(state.store.pool())
    .await?;
    tracing::info!(attachment = %id, size = body.len(), "attachment stored");
    Ok((
        StatusCode::CREATED,
        Json(Uploaded {
            id,
            content_type,
            size: body.len(),
        }),
    ))
}

fn missing() -> AppError {
    AppError::NotFound {
        code: "not_found",
        message: "no such attachment".into(),
    }
}

/// The owner (session) or an operator (operator token) may read an attachment.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    reader: Reader,
) -> Result<impl IntoResponse, AppError> {
    if !is_id(&id) {
        return Err(missing());
    }
    let row = sqlx::query("SELECT owner, content_type FROM attachments WHERE id = $1")
        .bind(&id)
        .fetch_optional(state.store.pool())
        .await?
        .ok_or_else(missing)?;
    let owner: String = row.try_get("owner")?;
    let allowed = match &reader {
        Reader::Operator => true,
        Reader::Citizen(c) => c.owner == owner,
    };
    if !allowed {
        return Err(missing());
    }
    let content_type: String = row.try_get("content_type")?;
    let bytes = tokio::fs::read(state.data_dir.join("attachments").join(&id)).await?;
    // A stored file is never rendered in the gateway's origin: it is downloaded, and were a
    // browser to render it anyway (a PDF with script), the sandbox gives it no origin.
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{id}\""),
            ),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
        ],
        bytes,
    ))
}
