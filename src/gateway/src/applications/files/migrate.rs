//! `tongban-gateway files migrate`: moves the files of before (`<data dir>/attachments/<id>`,
//! sealed whole for their id) into the database as sealed chunks, one file per transaction,
//! then removes each file moved. Safe to run again, and while copies serve: a file already in
//! the database is only removed from the disk; reads use the disk until its chunks commit.

use super::write;
use crate::{store::Store, AppError};
use std::path::Path;

const BATCH: i64 = 100;

/// What one run did, by file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    /// Files moved into the database.
    pub moved: u64,
    /// Rows whose file was in neither place (their reads answer `file_missing`).
    pub missing: u64,
    /// Files already in the database, removed from the disk.
    pub already: u64,
}

pub async fn migrate(store: &Store, data_dir: &Path) -> Result<Moved, AppError> {
    let sealer = store.sealer()?;
    let dir = data_dir.join("attachments");
    let mut done = Moved::default();
    let mut after = String::new();
    loop {
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT f.id, (SELECT COUNT(*) FROM attachment_chunks c WHERE c.attachment_id = f.id) \
             FROM attachments f WHERE f.id > $1 ORDER BY f.id LIMIT {BATCH}"
        ))
        .bind(&after)
        .fetch_all(store.pool())
        .await?;
        for (id, chunks) in &rows {
            let path = dir.join(id);
            let sealed = match tokio::fs::read(&path).await {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(e.into()),
            };
            match (sealed, *chunks > 0) {
                (None, true) => {}
                (None, false) => done.missing += 1,
                (Some(_), true) => {
                    tokio::fs::remove_file(&path).await?;
                    done.already += 1;
                }
                (Some(sealed), false) => {
                    let plain = sealer.open(id, &sealed)?;
                    let mut tx = store.pool().begin().await?;
                    write(&mut tx, sealer, id, &plain).await?;
                    tx.commit().await?;
                    tokio::fs::remove_file(&path).await?;
                    done.moved += 1;
                }
            }
        }
        match rows.last() {
            Some((last, _)) if rows.len() == BATCH as usize => after = last.clone(),
            _ => return Ok(done),
        }
    }
}
