//! The list versions in the database (`list_versions`, both engines): the first, seeded from
//! the build's `assets/` when a database has none; each publication, with its audit row in the
//! same transaction; and which one is served at a given time (the newest whose effective time
//! has passed). Versions are only ever added.

use super::diff::Diff;
use super::files::{self, Files};
use super::set::{self, VersionInfo};
use crate::audit::{self, Entry};
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// Who the first version is by: the build's `assets/`.
pub const ASSETS: &str = "assets";

/// A stored version: who, when, what it cites and changed, and its files.
#[derive(Debug, Clone)]
pub struct Stored {
    pub info: VersionInfo,
    pub diff: Diff,
    pub files: Files,
}

fn corrupt(what: &'static str) -> AppError {
    tracing::error!(column = what, "a stored row does not read back");
    AppError::Corrupt { what }
}

fn at(ms: i64) -> Result<DateTime<Utc>, AppError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| corrupt("list_versions.effective_at"))
}

fn stored(row: &sqlx::any::AnyRow) -> Result<Stored, AppError> {
    let sources: String = row.try_get("sources")?;
    let diff: String = row.try_get("diff")?;
    let files: String = row.try_get("files")?;
    Ok(Stored {
        info: VersionInfo {
            number: row.try_get("number")?,
            author: row.try_get("author")?,
            created_at: at(row.try_get("created_at")?)?,
            effective_at: at(row.try_get("effective_at")?)?,
            sources: serde_json::from_str(&sources)
                .map_err(|_| corrupt("list_versions.sources"))?,
        },
        diff: serde_json::from_str(&diff).map_err(|_| corrupt("list_versions.diff"))?,
        files: serde_json::from_str(&files).map_err(|_| corrupt("list_versions.files"))?,
    })
}

const COLUMNS: &str = "number, author, created_at, effective_at, sources, diff, files";

/// Stores the build's lists as version 1 when the database has no version yet (two copies
/// starting at once: one insert wins, the other finds it). Whether this call stored it.
pub async fn seed(store: &Store, now: DateTime<Utc>) -> Result<bool, AppError> {
    let files = files::embedded()?;
    let sources = set::sources(&files, &[])?;
    let done = sqlx::query(&format!(
        "INSERT INTO list_versions ({COLUMNS}) VALUES (1, $1, $2, $3, $4, $5, $6) \
         ON CONFLICT (number) DO NOTHING"
    ))
    .bind(ASSETS)
    .bind(now.timestamp_millis())
    .bind(now.timestamp_millis())
    .bind(serde_json::to_string(&sources).unwrap_or_default())
    .bind(serde_json::to_string(&Diff::default()).unwrap_or_default())
    .bind(serde_json::to_string(&files).unwrap_or_default())
    .execute(store.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The number of the version served at `now`: the newest whose effective time has passed.
pub async fn served_at(store: &Store, now: DateTime<Utc>) -> Result<Option<i64>, AppError> {
    let row = sqlx::query(
        "SELECT number FROM list_versions WHERE effective_at <= $1 ORDER BY number DESC LIMIT 1",
    )
    .bind(now.timestamp_millis())
    .fetch_optional(store.pool())
    .await?;
    Ok(row.map(|r| r.try_get("number")).transpose()?)
}

/// Version `number`, if stored.
pub async fn load(store: &Store, number: i64) -> Result<Option<Stored>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM list_versions WHERE number = $1"
    ))
    .bind(number)
    .fetch_optional(store.pool())
    .await?;
    row.as_ref().map(stored).transpose()
}

/// The newest version, effective or not: what a publication is compared with.
pub async fn newest(store: &Store) -> Result<Option<Stored>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM list_versions ORDER BY number DESC LIMIT 1"
    ))
    .fetch_optional(store.pool())
    .await?;
    row.as_ref().map(stored).transpose()
}

/// What a publication stores.
pub struct Publication<'a> {
    pub author: &'a str,
    pub files: &'a Files,
    pub effective_at: DateTime<Utc>,
    pub sources: &'a [String],
    pub diff: &'a Diff,
}

/// Stores `p` as the next version, and its audit row (`lists.publish`), in one transaction;
/// the new version's number.
pub async fn publish(
    store: &Store,
    p: &Publication<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut tx = store.pool().begin().await?;
    let next: i64 = sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 AS next FROM list_versions")
        .fetch_one(&mut *tx)
        .await?
        .try_get("next")?;
    sqlx::query(&format!(
        "INSERT INTO list_versions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
    ))
    .bind(next)
    .bind(p.author)
    .bind(now.timestamp_millis())
    .bind(p.effective_at.timestamp_millis())
    .bind(serde_json::to_string(p.sources).unwrap_or_default())
    .bind(serde_json::to_string(p.diff).unwrap_or_default())
    .bind(serde_json::to_string(p.files).unwrap_or_default())
    .execute(&mut *tx)
    .await?;
    let detail = format!(
        "version={next} effective={} {}",
        p.effective_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        p.diff.summary()
    );
    let entry = Entry {
        operator: p.author,
        action: "lists.publish",
        receipt_no: None,
        region: None,
        client: "local",
        detail: Some(detail),
        // A publication is every region's: all-region auditors see it.
        scope: None,
    };
    audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(next)
}
