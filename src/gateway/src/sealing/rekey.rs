//! `tongban-gateway rekey`: re-seals every entry of the registry (`registry::SEALED`: every
//! sealed column and file; the attachments' bytes are chunks in the database, `applications::files`,
//! with files still on disk from before `files migrate`) not yet under the current `TONGBAN_DATA_KEY` (values written in
//! clear before sealing included), and re-derives the verifier hashes under the current
//! `TONGBAN_VERIFIER_KEY`. Run it after a rotation with the previous keys in `…_KEYS_OLD`;
//! then the old keys can go.
//!
//! Resumable: each batch commits with its cursor (`rekey_progress`), so a run stopped half way
//! continues where it stopped, and a run after a finished one under the same keys does
//! nothing. `check` counts what is still in clear or under another key, entry by entry.

use super::{
    registry::{Place, Sealed, SEALED},
    Sealer,
};
use crate::{store::Store, AppError};
use sqlx::Row;
use std::path::Path;

const BATCH: i64 = 200;
/// The progress target of the verifier hashes.
pub const VERIFIERS: &str = "applications.verifier_hash";
/// The attachments' bytes, sealed in chunks (`applications::files`).
pub const CHUNKS: &str = "attachment_chunks.sealed";

/// One entry's progress, as `rekey` reports it after each batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub target: String,
    /// Rows read so far in this run.
    pub read: u64,
    /// Values re-sealed (or re-derived) under the current key, this run and any it continues.
    pub resealed: u64,
    /// Whether the whole entry has been walked.
    pub finished: bool,
}

/// Where a target's walk stands.
struct Cursor {
    key: String,
    part: i64,
    resealed: u64,
}

async fn cursor(store: &Store, target: &str, key_id: &str) -> Result<Option<Cursor>, AppError> {
    let row = sqlx::query(
        "SELECT cursor, part, resealed, finished_at FROM rekey_progress \
         WHERE target = $1 AND key_id = $2",
    )
    .bind(target)
    .bind(key_id)
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else {
        return Ok(Some(Cursor {
            key: String::new(),
            part: i64::MIN,
            resealed: 0,
        }));
    };
    if row.try_get::<Option<i64>, _>("finished_at")?.is_some() {
        return Ok(None);
    }
    Ok(Some(Cursor {
        key: row.try_get("cursor")?,
        part: row.try_get("part")?,
        resealed: row.try_get::<i64, _>("resealed")? as u64,
    }))
}

async fn save<'e, E>(
    db: E,
    target: &str,
    key_id: &str,
    c: &Cursor,
    done: bool,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO rekey_progress (target, key_id, cursor, part, resealed, finished_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (target) DO UPDATE SET key_id = $2, \
         cursor = $3, part = $4, resealed = $5, finished_at = $6",
    )
    .bind(target)
    .bind(key_id)
    .bind(&c.key)
    .bind(c.part)
    .bind(c.resealed as i64)
    .bind(done.then(|| chrono::Utc::now().timestamp_millis()))
    .execute(db)
    .await?;
    Ok(())
}

/// The next batch of `s`'s rows after the cursor: (key, part, value).
async fn rows(
    store: &Store,
    s: &Sealed,
    c: &Cursor,
) -> Result<Vec<(String, i64, String)>, AppError> {
    let (t, k, col) = (s.table, s.key, s.column);
    let rows = match s.part {
        None => {
            sqlx::query(&format!(
                "SELECT {k} AS k, {col} AS v FROM {t} WHERE {k} > $1 ORDER BY {k} LIMIT {BATCH}"
            ))
            .bind(&c.key)
            .fetch_all(store.pool())
            .await?
        }
        Some(p) => {
            sqlx::query(&format!(
                "SELECT {k} AS k, CAST({p} AS BIGINT) AS p, {col} AS v FROM {t} \
                 WHERE {k} > $1 OR ({k} = $1 AND {p} > $2) ORDER BY {k}, {p} LIMIT {BATCH}"
            ))
            .bind(&c.key)
            .bind(c.part)
            .fetch_all(store.pool())
            .await?
        }
    };
    rows.iter()
        .map(|r| {
            let part = if s.part.is_some() { r.try_get("p")? } else { 0 };
            let value: Option<String> = r.try_get("v")?;
            Ok((r.try_get("k")?, part, value.unwrap_or_default()))
        })
        .collect()
}

/// Re-seals one batch of text column `s` in one transaction with its cursor.
async fn text_batch(
    store: &Store,
    sealer: &Sealer,
    s: &Sealed,
    c: &mut Cursor,
    key_id: &str,
) -> Result<(u64, bool), AppError> {
    let batch = rows(store, s, c).await?;
    let mut tx = store.pool().begin().await?;
    for (key, part, value) in &batch {
        if !value.is_empty() && !sealer.is_current_text(value) {
            let aad = (s.aad)(key, s.part.map(|_| *part));
            let plain = sealer.open_text(&aad, value)?;
            let only = s.part.map_or(String::new(), |p| format!(" AND {p} = $4"));
            // Only if nobody changed it meanwhile; a newer value is sealed already.
            let sql = format!(
                "UPDATE {} SET {} = $1 WHERE {} = $2 AND {} = $3{only}",
                s.table, s.column, s.key, s.column
            );
            let mut q = sqlx::query(&sql)
                .bind(sealer.seal_text(&aad, &plain))
                .bind(key)
                .bind(value);
            if s.part.is_some() {
                q = q.bind(*part);
            }
            c.resealed += q.execute(&mut *tx).await?.rows_affected();
        }
        c.key.clone_from(key);
        c.part = *part;
    }
    let done = batch.len() < BATCH as usize;
    save(&mut *tx, &s.name(), key_id, c, done).await?;
    tx.commit().await?;
    Ok((batch.len() as u64, done))
}

/// Re-seals one batch of the files of `s` under `dir`; the cursor commits after the batch.
async fn file_batch(
    store: &Store,
    sealer: &Sealer,
    s: &Sealed,
    dir: &Path,
    c: &mut Cursor,
    key_id: &str,
) -> Result<(u64, bool), AppError> {
    let batch = rows(store, s, c).await?;
    for (key, part, _) in &batch {
        let path = dir.join(key);
        match tokio::fs::read(&path).await {
            Ok(sealed) if !sealer.is_current(&sealed) => {
                let plain = sealer.open(&(s.aad)(key, None), &sealed)?;
                // Written beside, then renamed over: a crash leaves the old file or the new one.
                let next = dir.join(format!("{key}.rekey"));
                tokio::fs::write(&next, sealer.seal(&(s.aad)(key, None), &plain)).await?;
                tokio::fs::rename(&next, &path).await?;
                c.resealed += 1;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        c.key.clone_from(key);
        c.part = *part;
    }
    let done = batch.len() < BATCH as usize;
    save(store.pool(), &s.name(), key_id, c, done).await?;
    Ok((batch.len() as u64, done))
}

/// What one walk of `rekey` goes over: a sealed entry of the registry, or the verifier hashes.
#[derive(Clone, Copy)]
enum Walk<'a> {
    Sealed(&'a Sealed),
    Verifiers,
}

/// What every batch of a walk needs.
struct Keys<'a> {
    store: &'a Store,
    sealer: &'a Sealer,
    verifier: &'a super::verifier::Verifier,
    data_dir: &'a Path,
}

/// One batch of `walk` after cursor `c`, committed with the cursor: rows read, and whether the
/// walk is done.
async fn batch(
    k: &Keys<'_>,
    walk: Walk<'_>,
    c: &mut Cursor,
    key: &str,
) -> Result<(u64, bool), AppError> {
    match walk {
        Walk::Sealed(s) => match s.place {
            Place::Text => text_batch(k.store, k.sealer, s, c, key).await,
            Place::File { dir } => {
                file_batch(k.store, k.sealer, s, &k.data_dir.join(dir), c, key).await
            }
        },
        Walk::Verifiers => {
            let (last, n, derived) =
                super::rederive::rederive(k.store, k.sealer, k.verifier, &c.key, BATCH, false)
                    .await?;
            c.key = last;
            c.resealed += derived;
            let done = n < BATCH as u64;
            save(k.store.pool(), VERIFIERS, key, c, done).await?;
            Ok((n, done))
        }
    }
}

/// Walks `target` batch by batch from its cursor under `key` (nothing when a run under the same
/// keys finished it), calling `report` after each batch; its final progress.
async fn walk_all(
    k: &Keys<'_>,
    walk: Walk<'_>,
    target: String,
    key: &str,
    report: &mut impl FnMut(&Progress),
) -> Result<Progress, AppError> {
    let Some(mut c) = cursor(k.store, &target, key).await? else {
        return Ok(Progress {
            target,
            read: 0,
            resealed: 0,
            finished: true,
        });
    };
    let mut read = 0;
    loop {
        let (n, done) = batch(k, walk, &mut c, key).await?;
        read += n;
        let p = Progress {
            target: target.clone(),
            read,
            resealed: c.resealed,
            finished: done,
        };
        report(&p);
        if done {
            return Ok(p);
        }
    }
}

/// Re-seals every entry and re-derives the verifier hashes, calling `report` after each batch.
/// Answers each target's final progress.
pub async fn rekey(
    store: &Store,
    data_dir: &Path,
    mut report: impl FnMut(&Progress),
) -> Result<Vec<Progress>, AppError> {
    let sealer = store.sealer()?;
    let verifier = store.verifier()?;
    let key_id = sealer.key_id();
    let k = Keys {
        store,
        sealer,
        verifier,
        data_dir,
    };
    let mut all = Vec::new();
    for s in SEALED {
        all.push(walk_all(&k, Walk::Sealed(s), s.name(), &key_id, &mut report).await?);
    }
    // The attachments' chunks in the database: re-sealed where not under the current key, so a
    // second walk finds nothing to do.
    let chunks = crate::applications::files::rekey(store).await?;
    let p = Progress {
        target: CHUNKS.into(),
        read: chunks,
        resealed: chunks,
        finished: true,
    };
    report(&p);
    all.push(p);
    // The verifier hashes, from the (now current) sealed answers.
    let vkey = format!("{key_id}/{}", verifier.key_id());
    all.push(walk_all(&k, Walk::Verifiers, VERIFIERS.into(), &vkey, &mut report).await?);
    store.compact().await?;
    Ok(all)
}

/// Forgets every cursor (`rekey --again`): the next run walks every entry again, e.g. after a
/// gateway of an older version wrote in clear during a rolling deployment.
pub async fn forget(store: &Store) -> Result<(), AppError> {
    sqlx::query("DELETE FROM rekey_progress")
        .execute(store.pool())
        .await?;
    Ok(())
}

/// What is still in clear or under another key, per entry (`rekey --check`): (target, count).
/// Walks everything, reads no progress, writes nothing.
pub async fn check(store: &Store, data_dir: &Path) -> Result<Vec<(String, u64)>, AppError> {
    let sealer = store.sealer()?;
    let mut out = Vec::new();
    for s in SEALED {
        let mut c = Cursor {
            key: String::new(),
            part: i64::MIN,
            resealed: 0,
        };
        let mut stale = 0;
        loop {
            let batch = rows(store, s, &c).await?;
            for (key, part, value) in &batch {
                stale += u64::from(match s.place {
                    Place::Text => !value.is_empty() && !sealer.is_current_text(value),
                    Place::File { dir } => match std::fs::read(data_dir.join(dir).join(key)) {
                        Ok(bytes) => !sealer.is_current(&bytes),
                        Err(_) => false,
                    },
                });
                c.key.clone_from(key);
                c.part = *part;
            }
            if batch.len() < BATCH as usize {
                break;
            }
        }
        out.push((s.name(), stale));
    }
    out.push((
        CHUNKS.into(),
        crate::applications::files::stale(store).await?,
    ));
    let verifier = store.verifier()?;
    let stale = sqlx::query_scalar::<_, String>("SELECT verifier_hash FROM applications")
        .fetch_all(store.pool())
        .await?
        .iter()
        .filter(|h| !verifier.is_current(h))
        .count();
    out.push((VERIFIERS.into(), stale as u64));
    Ok(out)
}
