//! The bytes of uploaded materials, in the database, so that every copy behind the load
//! balancer reads what any copy stored. A file is cut into chunks of `CHUNK` bytes; each is
//! sealed (`sealing`) for `"<id>:<n>:<chunk count>"`, so a chunk moved to another file or place,
//! or a file cut short, does not open; they are written in the transaction that inserts the
//! attachment's row. A read checks that every chunk is there, opens the first (a key problem
//! is an answer, not a broken download), then streams the rest one chunk at a time: a 5 MB
//! file is held whole once, as the upload's body, and never on the way out.
//!
//! Files stored before (`<data dir>/attachments/<id>`, sealed whole for their id) are still
//! read from there until `tongban-gateway files migrate` (`migrate`) moves them in.

pub mod migrate;

use crate::{sealing::Sealer, store::Store, AppError};
use sqlx::{Any, Row, Transaction};
use std::{path::Path, pin::Pin};

/// The size of a chunk before sealing: 256 KiB (a 5 MB file is 20 rows).
pub const CHUNK: usize = 256 * 1024;

/// A file's bytes, chunk by chunk, as a download streams them.
pub type Content = Pin<Box<dyn futures_util::Stream<Item = Result<Vec<u8>, AppError>> + Send>>;

fn context(id: &str, n: usize, count: usize) -> String {
    format!("{id}:{n}:{count}")
}

/// How many chunks a file of `size` bytes is stored in (an empty file: one empty chunk).
pub fn chunk_count(size: usize) -> usize {
    size.div_ceil(CHUNK).max(1)
}

/// The answer for a row whose bytes are gone: 404 `file_missing`, never a 500.
pub fn missing() -> AppError {
    AppError::NotFound {
        code: "file_missing",
        message: "the file of this attachment is no longer in storage; upload it again".into(),
    }
}

/// Seals `body` chunk by chunk into `attachment_chunks` for attachment `id`, inside `tx`.
pub async fn write(
    tx: &mut Transaction<'static, Any>,
    sealer: &Sealer,
    id: &str,
    body: &[u8],
) -> Result<(), AppError> {
    let count = chunk_count(body.len());
    let parts: Vec<&[u8]> = if body.is_empty() {
        vec![body]
    } else {
        body.chunks(CHUNK).collect()
    };
    for (n, part) in parts.into_iter().enumerate() {
        sqlx::query("INSERT INTO attachment_chunks (attachment_id, n, sealed) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(n as i64)
            .bind(sealer.seal(&context(id, n, count), part))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Chunk `n` of `count` of attachment `id`, opened.
async fn chunk(store: &Store, id: &str, n: usize, count: usize) -> Result<Vec<u8>, AppError> {
    let sealed: Vec<u8> = sqlx::query_scalar(
        "SELECT sealed FROM attachment_chunks WHERE attachment_id = $1 AND n = $2",
    )
    .bind(id)
    .bind(n as i64)
    .fetch_optional(store.pool())
    .await?
    .ok_or_else(missing)?;
    Ok(store.sealer()?.open(&context(id, n, count), &sealed)?)
}

/// The bytes of attachment `id` (`size` bytes by its row): from the database, or from a file
/// of before under `data_dir`; `file_missing` when neither has them whole.
pub async fn read(
    store: &Store,
    data_dir: &Path,
    id: &str,
    size: u64,
) -> Result<Content, AppError> {
    let count = chunk_count(usize::try_from(size).map_err(|_| missing())?);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = $1")
            .bind(id)
            .fetch_one(store.pool())
            .await?;
    if stored == 0 {
        return legacy(store, data_dir, id).await;
    }
    if stored != count as i64 {
        tracing::warn!(attachment = %id, stored, expected = count, "attachment chunks missing");
        return Err(missing());
    }
    let first = chunk(store, id, 0, count).await?;
    let store = store.clone();
    let id = id.to_owned();
    let rest = futures_util::stream::try_unfold(1, move |n| {
        let (store, id) = (store.clone(), id.clone());
        async move {
            if n >= count {
                return Ok(None);
            }
            Ok(Some((chunk(&store, &id, n, count).await?, n + 1)))
        }
    });
    Ok(Box::pin(futures_util::StreamExt::chain(
        futures_util::stream::once(async { Ok(first) }),
        rest,
    )))
}

/// A file stored before the database held them, sealed whole for its id.
async fn legacy(store: &Store, data_dir: &Path, id: &str) -> Result<Content, AppError> {
    let sealed = match tokio::fs::read(data_dir.join("attachments").join(id)).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::warn!(attachment = %id, "attachment has no stored bytes");
            return Err(missing());
        }
        Err(e) => return Err(e.into()),
    };
    let bytes = store.sealer()?.open(id, &sealed)?;
    Ok(Box::pin(futures_util::stream::once(async { Ok(bytes) })))
}

/// Re-seals every chunk not under the current key (`sealing::rekey`); answers how many files
/// had one.
pub async fn rekey(store: &Store) -> Result<u64, AppError> {
    const BATCH: i64 = 16;
    let sealer = store.sealer()?;
    let mut files = 0;
    let (mut after_id, mut after_n) = (String::new(), -1_i64);
    let mut last_changed = String::new();
    loop {
        let rows = sqlx::query(&format!(
            "SELECT c.attachment_id, c.n, c.sealed, f.size FROM attachment_chunks c \
             JOIN attachments f ON f.id = c.attachment_id \
             WHERE c.attachment_id > $1 OR (c.attachment_id = $1 AND c.n > $2) \
             ORDER BY c.attachment_id, c.n LIMIT {BATCH}"
        ))
        .bind(&after_id)
        .bind(after_n)
        .fetch_all(store.pool())
        .await?;
        for row in &rows {
            let id: String = row.try_get("attachment_id")?;
            let n: i64 = row.try_get("n")?;
            let sealed: Vec<u8> = row.try_get("sealed")?;
            let size: i64 = row.try_get("size")?;
            if !sealer.is_current(&sealed) {
                let count = chunk_count(usize::try_from(size).map_err(|_| missing())?);
                let at = context(&id, n as usize, count);
                let plain = sealer.open(&at, &sealed)?;
                sqlx::query(
                    "UPDATE attachment_chunks SET sealed = $1 WHERE attachment_id = $2 AND n = $3",
                )
                .bind(sealer.seal(&at, &plain))
                .bind(&id)
                .bind(n)
                .execute(store.pool())
                .await?;
                if last_changed != id {
                    files += 1;
                    last_changed = id.clone();
                }
            }
            (after_id, after_n) = (id, n);
        }
        if rows.len() < BATCH as usize {
            return Ok(files);
        }
    }
}

/// How many chunks are not under the current data key (`rekey --check`), read one at a time.
pub async fn stale(store: &Store) -> Result<u64, AppError> {
    use futures_util::TryStreamExt;
    let sealer = store.sealer()?;
    let mut rows = sqlx::query_scalar::<_, Vec<u8>>("SELECT sealed FROM attachment_chunks")
        .fetch(store.pool());
    let mut stale = 0;
    while let Some(sealed) = rows.try_next().await? {
        stale += u64::from(!sealer.is_current(&sealed));
    }
    Ok(stale)
}
