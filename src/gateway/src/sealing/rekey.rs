//! `tongban-gateway rekey`: re-seals every form and attachment file not yet under the current
//! `TONGBAN_DATA_KEY` (rows written in clear before encryption included), in batches: the
//! files' chunks in the database, and files still on disk from before `files migrate`. Run it
//! after a rotation with the previous key in `TONGBAN_DATA_KEYS_OLD`; then the old key can go.

use crate::{store::Store, AppError};
use sqlx::Row;
use std::path::Path;

const BATCH: i64 = 200;

/// How many values were re-sealed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rekeyed {
    pub forms: u64,
    pub files: u64,
}

pub async fn rekey(store: &Store, data_dir: &Path) -> Result<Rekeyed, AppError> {
    let sealer = store.sealer()?;
    let mut done = Rekeyed::default();
    let mut after = String::new();
    loop {
        let rows = sqlx::query(&format!(
            "SELECT receipt_no, form_json FROM applications WHERE receipt_no > $1 \
             ORDER BY receipt_no LIMIT {BATCH}"
        ))
        .bind(&after)
        .fetch_all(store.pool())
        .await?;
        for row in &rows {
            let receipt_no: String = row.try_get("receipt_no")?;
            let sealed: String = row.try_get("form_json")?;
            if !sealed.is_empty() && !sealer.is_current_text(&sealed) {
                let plain = sealer.open_text(&receipt_no, &sealed)?;
                // Only if nobody changed it meanwhile; a newer value is sealed already.
                let updated = sqlx::query(
                    "UPDATE applications SET form_json = $1 WHERE receipt_no = $2 AND form_json = $3",
                )
                .bind(sealer.seal_text(&receipt_no, &plain))
                .bind(&receipt_no)
                .bind(&sealed)
                .execute(store.pool())
                .await?;
                done.forms += updated.rows_affected();
            }
            after = receipt_no;
        }
        if rows.len() < BATCH as usize {
            break;
        }
    }
    let dir = data_dir.join("attachments");
    let mut after = String::new();
    loop {
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT id FROM attachments WHERE id > $1 ORDER BY id LIMIT {BATCH}"
        ))
        .bind(&after)
        .fetch_all(store.pool())
        .await?;
        for id in &ids {
            let path = dir.join(id);
            let sealed = match tokio::fs::read(&path).await {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e.into()),
            };
            if !sealer.is_current(&sealed) {
                let plain = sealer.open(id, &sealed)?;
                // Written beside, then renamed over: a crash leaves the old file or the new one.
                let next = dir.join(format!("{id}.rekey"));
                tokio::fs::write(&next, sealer.seal(id, &plain)).await?;
                tokio::fs::rename(&next, &path).await?;
                done.files += 1;
            }
        }
        match ids.last() {
            Some(last) if ids.len() == BATCH as usize => after = last.clone(),
            _ => break,
        }
    }
    done.files += crate::applications::files::rekey(store).await?;
    Ok(done)
}
