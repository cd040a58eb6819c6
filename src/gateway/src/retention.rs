//! Retention (PIPL art. 19: kept no longer than needed): a periodic job deletes, in batches,
//! uploads never attached (after 24 h), delivered pushes (after 30 days), lookup-limit windows
//! (after a day), and purges the answers and files of applications final for longer than
//! `TONGBAN_RETENTION_DAYS`, keeping receipt, item, statuses and dates for statistics, and
//! forgets the address and phone of home visits finished for 30 days.
//! It logs counts only. The clock is a parameter, so tests move time instead of waiting.

use crate::{store::Store, AppError};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;
use std::{path::PathBuf, sync::Arc};

/// Rows handled per statement: a sweep never holds a long transaction.
const BATCH: i64 = 200;
pub const LOOSE_UPLOAD: Duration = Duration::hours(24);
pub const DELIVERED_PUSH: Duration = Duration::days(30);
pub const LOOKUP_WINDOW: Duration = Duration::days(1);
/// A home visit's address and phone are kept this long after it is done or cancelled.
pub const FINISHED_HOME_VISIT: Duration = Duration::days(30);
/// `TONGBAN_RETENTION_DAYS` when unset: three years, the bureau's decision to confirm.
pub const DEFAULT_DAYS: i64 = 1095;
/// How often the cluster sweeps (once per cluster: `jobs`).
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// What one sweep removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub uploads: u64,
    pub pushes: u64,
    pub lookup_windows: u64,
    pub purged: u64,
    /// Home visits whose address and phone were forgotten.
    pub home_visits: u64,
}

/// What a sweep needs: the database, the files, and how long final applications are kept.
#[derive(Debug, Clone)]
pub struct Retention {
    pub store: Store,
    pub data_dir: PathBuf,
    pub final_days: i64,
}

pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

impl Retention {
    fn file(&self, id: &str) -> PathBuf {
        self.data_dir.join("attachments").join(id)
    }

    /// One sweep as of `clock()`, its counts logged (the periodic job, `jobs`).
    pub async fn once(&self, clock: &Clock) -> Result<(), AppError> {
        let s = self.sweep(clock()).await?;
        if s != Swept::default() {
            tracing::info!(
                uploads = s.uploads,
                pushes = s.pushes,
                lookup_windows = s.lookup_windows,
                purged = s.purged,
                home_visits = s.home_visits,
                "retention sweep"
            );
        }
        Ok(())
    }

    /// One full sweep as of `now`.
    pub async fn sweep(&self, now: DateTime<Utc>) -> Result<Swept, AppError> {
        let mut s = Swept::default();
        loop {
            let n = self.loose_uploads(now).await?;
            s.uploads += n;
            if n < BATCH as u64 {
                break;
            }
        }
        s.pushes = self
            .delete_batched(
                "outbox",
                "event_id",
                "delivered_at IS NOT NULL AND delivered_at < $1",
                now - DELIVERED_PUSH,
            )
            .await?;
        s.lookup_windows = self
            .delete_batched(
                "lookup_failures",
                "bucket || '@' || CAST(window_start AS TEXT)",
                "window_start < $1",
                now - LOOKUP_WINDOW,
            )
            .await?;
        loop {
            let n = self.purge_final(now).await?;
            s.purged += n;
            if n < BATCH as u64 {
                break;
            }
        }
        loop {
            let n = crate::appointments::home::purge(
                &self.store,
                now - FINISHED_HOME_VISIT,
                now,
                BATCH,
            )
            .await?;
            s.home_visits += n;
            if n < BATCH as u64 {
                break;
            }
        }
        Ok(s)
    }

    /// `DELETE … WHERE key IN (SELECT key … LIMIT BATCH)` until none is left: both engines
    /// accept it, and each statement stays short.
    async fn delete_batched(
        &self,
        table: &str,
        key: &str,
        older: &str,
        before: DateTime<Utc>,
    ) -> Result<u64, AppError> {
        let sql = format!(
            "DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE {older} LIMIT {BATCH})"
        );
        let mut total = 0;
        loop {
            let done = sqlx::query(&sql)
                .bind(before.timestamp_millis())
                .execute(self.store.pool())
                .await?;
            total += done.rows_affected();
            if done.rows_affected() < BATCH as u64 {
                return Ok(total);
            }
        }
    }

    /// Uploads never attached to an application, older than a day: a file from before the
    /// database held them, then the row (its chunks go with it: `ON DELETE CASCADE`).
    async fn loose_uploads(&self, now: DateTime<Utc>) -> Result<u64, AppError> {
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT id FROM attachments WHERE receipt_no IS NULL AND binding_id IS NULL \
             AND created_at < $1 LIMIT {BATCH}"
        ))
        .bind((now - LOOSE_UPLOAD).timestamp_millis())
        .fetch_all(self.store.pool())
        .await?;
        for id in &ids {
            self.remove_file(id).await?;
            // Linked meanwhile by a submission: then it stays.
            sqlx::query(
                "DELETE FROM attachments WHERE id = $1 AND receipt_no IS NULL AND binding_id IS NULL",
            )
                .bind(id)
                .execute(self.store.pool())
                .await?;
        }
        Ok(ids.len() as u64)
    }

    async fn remove_file(&self, id: &str) -> Result<(), AppError> {
        match tokio::fs::remove_file(self.file(id)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Applications final for longer than the retention period: their answers, notes, rating
    /// reasons and files go; receipt, item, region, statuses and dates stay.
    async fn purge_final(&self, now: DateTime<Utc>) -> Result<u64, AppError> {
        let before = (now - Duration::days(self.final_days)).timestamp_millis();
        let receipts: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT receipt_no FROM applications \
             WHERE finished_at IS NOT NULL AND finished_at < $1 AND purged_at IS NULL LIMIT {BATCH}"
        ))
        .bind(before)
        .fetch_all(self.store.pool())
        .await?;
        for receipt_no in &receipts {
            let files = sqlx::query("SELECT id FROM attachments WHERE receipt_no = $1")
                .bind(receipt_no)
                .fetch_all(self.store.pool())
                .await?;
            for f in &files {
                self.remove_file(&f.try_get::<String, _>("id")?).await?;
            }
            let mut tx = self.store.pool().begin().await?;
            for sql in [
                "DELETE FROM attachments WHERE receipt_no = $1",
                "DELETE FROM idempotency_keys WHERE receipt_no = $1",
                "UPDATE application_events SET note = NULL WHERE receipt_no = $1",
                "UPDATE ratings SET reason = NULL, follow_up = NULL WHERE receipt_no = $1",
            ] {
                sqlx::query(sql).bind(receipt_no).execute(&mut *tx).await?;
            }
            sqlx::query(
                "UPDATE applications SET form_json = '', verifier_hash = '', asked_note = NULL, \
                 asked_materials = NULL, purged_at = $1 WHERE receipt_no = $2",
            )
            .bind(now.timestamp_millis())
            .bind(receipt_no)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        Ok(receipts.len() as u64)
    }
}
