//! Uploaded materials and the application they belong to. An upload (`POST /attachments`)
//! belongs to nobody's application until a submission or a resubmission lists it; it is linked
//! in that same transaction, so an application never points at a file it did not send, and a
//! file is never used twice. The bytes are sealed chunks in the database (`files`), written in
//! the transaction of the row, under an unguessable id; the type is checked against the file's
//! own magic bytes, not just the header.

use crate::{
    store::{Columns, Script, Store},
    AppError,
};
use rand::RngCore;
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeSet;
use std::path::Path;
use tongban_rules::api::Attached;

pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// Accepted types and the bytes each file of that type starts with.
const TYPES: [(&str, &[u8]); 3] = [
    ("image/jpeg", b"\xFF\xD8\xFF"),
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("application/pdf", b"%PDF-"),
];

/// `POST /attachments` answers the new upload's id.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Uploaded {
    pub id: String,
    #[schema(example = "image/jpeg")]
    pub content_type: &'static str,
    pub size: usize,
}

fn new_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    crate::hex::lower(&b)
}

fn is_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Stores `body`, declared as `declared` (a `Content-Type`), for `material` of `owner`.
pub async fn upload(
    store: &Store,
    owner: &str,
    material: &str,
    declared: &str,
    body: &[u8],
) -> Result<Uploaded, AppError> {
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
    let material = material.trim();
    if material.is_empty() || material.chars().count() > 100 {
        return Err(AppError::BadRequest {
            code: "material_required",
            message: "name the material (1 to 100 characters)".into(),
            field: Some("material"),
        });
    }
    let now = chrono::Utc::now();
    super::quota::check(store, owner, body.len(), now).await?;
    let id = new_id();
    let sealer = store.sealer()?;
    // The row and its sealed chunks commit together: never a row without its bytes.
    let mut tx = store.pool().begin().await?;
    sqlx::query(
        "INSERT INTO attachments (id, owner, material, content_type, size, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(owner)
    .bind(material)
    .bind(*content_type)
    .bind(body.len() as i64)
    .bind(now.timestamp_millis())
    .execute(&mut *tx)
    .await?;
    super::files::write(&mut tx, sealer, &id, body).await?;
    tx.commit().await?;
    tracing::info!(attachment = %id, size = body.len(), "attachment stored");
    Ok(Uploaded {
        id,
        content_type,
        size: body.len(),
    })
}

fn missing() -> AppError {
    AppError::NotFound {
        code: "not_found",
        message: "no such attachment".into(),
    }
}

/// Who an upload belongs to: its owner, and the application (and region) it was sent with —
/// or the family binding request it documents (亲情代办) and that request's region.
#[derive(Debug)]
pub struct Holder {
    pub owner: String,
    pub receipt_no: Option<String>,
    pub region: Option<String>,
}

/// A stored file as a download sends it.
pub struct Download {
    pub content_type: String,
    pub size: u64,
    pub content: super::files::Content,
    pub holder: Holder,
}

/// The type, size and bytes (streamed) of upload `id` and whose it is, if `may_read` allows
/// it; else the one 404. Bytes that are gone answer 404 `file_missing`.
pub async fn read(
    store: &Store,
    data_dir: &Path,
    id: &str,
    may_read: impl FnOnce(&Holder) -> bool,
) -> Result<Download, AppError> {
    if !is_id(id) {
        return Err(missing());
    }
    let row = sqlx::query(
        "SELECT f.owner, f.content_type, f.size, f.receipt_no, COALESCE(a.region, b.region) AS region \
         FROM attachments f LEFT JOIN applications a ON a.receipt_no = f.receipt_no \
         LEFT JOIN family_bindings b ON b.id = f.binding_id WHERE f.id = $1",
    )
    .bind(id)
    .fetch_optional(store.pool())
    .await?
    .ok_or_else(missing)?;
    let holder = Holder {
        owner: row.try_get("owner")?,
        receipt_no: row.try_get("receipt_no")?,
        region: row.try_get("region")?,
    };
    if !may_read(&holder) {
        return Err(missing());
    }
    let size = u64::try_from(row.try_get::<i64, _>("size")?)
        .map_err(|_| super::record::corrupt("attachments.size"))?;
    Ok(Download {
        content_type: row.try_get("content_type")?,
        size,
        content: super::files::read(store, data_dir, id, size).await?,
        holder,
    })
}

fn unknown() -> AppError {
    AppError::BadRequest {
        code: "unknown_attachment",
        message: "an attachment id is unknown, not yours, or already used".into(),
        field: Some("attachments"),
    }
}

/// Links `ids` (uploaded by `owner`, not yet used) to `receipt_no` inside `tx`; answers the
/// materials they are for. Any id that is unknown, someone else's or already used fails the
/// whole transaction's purpose: the caller rolls back.
pub async fn link(
    tx: &mut Transaction<'static, Any>,
    receipt_no: &str,
    owner: &str,
    ids: &[String],
) -> Result<BTreeSet<String>, AppError> {
    let mut script = Script::new();
    link_into(&mut script, receipt_no, owner, ids);
    linked(&script.run(tx).await?)
}

/// [`link`]'s statements, one per id, added to `script` (a submission's one round trip).
pub fn link_into(script: &mut Script, receipt_no: &str, owner: &str, ids: &[String]) {
    for id in ids {
        script
            .push(
                "UPDATE attachments SET receipt_no = $1 \
                 WHERE id = $2 AND owner = $3 AND receipt_no IS NULL RETURNING material",
            )
            .bind(receipt_no)
            .bind(id)
            .bind(owner);
    }
}

/// The materials [`link_into`]'s statements linked (their results, in order): `unknown_attachment`
/// when one of them linked nothing.
pub fn linked<R: Columns>(results: &[Vec<R>]) -> Result<BTreeSet<String>, AppError> {
    let mut materials = BTreeSet::new();
    for rows in results {
        let row = rows.first().ok_or_else(unknown)?;
        materials.insert(row.get::<String>("material")?);
    }
    Ok(materials)
}

/// 退回补正: every material the operator asked for must come with the resubmission.
pub fn covers(asked: &[String], sent: &BTreeSet<String>) -> Result<(), AppError> {
    let missing = asked.iter().filter(|m| !sent.contains(*m)).count();
    if missing == 0 {
        return Ok(());
    }
    Err(AppError::BadRequest {
        code: "materials_missing",
        message: format!("upload every material the office asked for; missing: {missing}"),
        field: Some("attachments"),
    })
}

/// The materials on file for `receipt_no`, oldest first.
pub async fn of(pool: &sqlx::AnyPool, receipt_no: &str) -> Result<Vec<Attached>, AppError> {
    let rows = sqlx::query(
        "SELECT id, material, content_type, size FROM attachments \
         WHERE receipt_no = $1 ORDER BY created_at, id",
    )
    .bind(receipt_no)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Attached {
                id: r.try_get("id")?,
                material: r.try_get("material")?,
                content_type: r.try_get("content_type")?,
                size: u64::try_from(r.try_get::<i64, _>("size")?)
                    .map_err(|_| super::record::corrupt("attachments.size"))?,
            })
        })
        .collect()
}
