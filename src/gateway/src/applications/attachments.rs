//! Uploaded materials and the application they belong to. An upload (`POST /attachments`)
//! belongs to nobody's application until a submission or a resubmission lists it; it is linked
//! in that same transaction, so an application never points at a file it did not send, and a
//! file is never used twice.

use crate::AppError;
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeSet;

/// One material on file for an application, as the applicant and the operator see it.
#[derive(Debug, Clone, Serialize)]
pub struct Attached {
    pub id: String,
    pub material: String,
    pub content_type: String,
    pub size: i64,
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
    let mut materials = BTreeSet::new();
    for id in ids {
        let row = sqlx::query(
            "UPDATE attachments SET receipt_no = $1 \
             WHERE id = $2 AND owner = $3 AND receipt_no IS NULL RETURNING material",
        )
        .bind(receipt_no)
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(unknown)?;
        materials.insert(row.try_get::<String, _>("material")?);
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
                size: r.try_get("size")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}
