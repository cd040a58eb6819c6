//! Retention (PIPL art. 19: kept no longer than needed). A background task sweeps, in batches,
//! every kind of personal data the registry of sealed data (`sealing::registry`) lists, each by
//! its own period (docs/operations.md has the table and the reasons):
//! - uploads never attached (24 h); delivered pushes (30 days); lookup-limit windows (a day);
//! - applications final for `TONGBAN_RETENTION_DAYS`, or returned for 补正 and left that long:
//!   answers, notes, agent name, rating texts, files and the hashes that link them to a person
//!   go; receipt, item, statuses and dates stay for statistics (`applications`);
//! - family binding requests refused or never decided, and bindings ended: the row with its
//!   applicant block and its relationship document; expired invitations (`family`);
//! - home visits finished for 30 days, or left without a move for 90 days in any state: the
//!   address, phone and notes; lookup locks, person locks and hall bookings' person hashes once
//!   no rule needs them (`traces`).
//!
//! Each sweep that removed something writes its counts by kind (never a value) to the audit
//! trail and the log. The clock is a parameter, so tests move time instead of waiting.

mod applications;
mod family;
mod traces;

use crate::{audit, store::Store, AppError};
use chrono::{DateTime, Duration, Utc};
use std::{path::PathBuf, sync::Arc};

/// Rows handled per statement: a sweep never holds a long transaction.
const BATCH: i64 = 200;
pub const LOOSE_UPLOAD: Duration = Duration::hours(24);
pub const DELIVERED_PUSH: Duration = Duration::days(30);
pub const LOOKUP_WINDOW: Duration = Duration::days(1);
/// A home visit's address and phone are kept this long after it is done or cancelled.
pub const FINISHED_HOME_VISIT: Duration = Duration::days(30);
/// … and this long after its last move while it is still open (then it is cancelled).
pub const IDLE_HOME_VISIT: Duration = Duration::days(90);
/// A binding request a clerk never decided goes after this long.
pub const UNDECIDED_REQUEST: Duration = Duration::days(60);
/// A refused request, or an ended binding, goes this long after the refusal or the end.
pub const ENDED_BINDING: Duration = Duration::days(30);
/// An invitation goes this long after it expired (used or not).
pub const EXPIRED_INVITATION: Duration = Duration::days(1);
/// Lookup locks, person locks and hall bookings' person hashes go after this long.
pub const TRACES: Duration = Duration::days(30);
/// `TONGBAN_RETENTION_DAYS` when unset: three years, the bureau's decision to confirm.
pub const DEFAULT_DAYS: i64 = 1095;
/// How often the task sweeps.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// What one sweep removed, by kind (counts only).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub uploads: u64,
    pub pushes: u64,
    pub lookup_windows: u64,
    /// Applications whose answers and files were purged (final, or returned and abandoned).
    pub purged: u64,
    /// Home visits whose address, phone and notes were forgotten.
    pub home_visits: u64,
    /// Binding requests refused or never decided, and bindings ended: removed.
    pub bindings: u64,
    pub invitations: u64,
    /// Linkable hashes cleared outside a purge (applications purged by an earlier version).
    pub hashes: u64,
    /// Lookup locks, person locks and booking person hashes.
    pub traces: u64,
}

impl Swept {
    /// `kind=count` for each kind that removed something, for the audit trail and the log.
    pub fn detail(&self) -> String {
        [
            ("uploads", self.uploads),
            ("pushes", self.pushes),
            ("lookup_windows", self.lookup_windows),
            ("applications", self.purged),
            ("home_visits", self.home_visits),
            ("bindings", self.bindings),
            ("invitations", self.invitations),
            ("hashes", self.hashes),
            ("traces", self.traces),
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k}={n}"))
        .collect::<Vec<_>>()
        .join(" ")
    }
}

/// What a sweep needs: the database, the files, and how long final applications are kept.
#[derive(Debug, Clone)]
pub struct Retention {
    pub store: Store,
    pub data_dir: PathBuf,
    pub final_days: i64,
}

pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Runs `step` until it handles less than a batch; answers the total.
async fn batched<F, Fut>(mut step: F) -> Result<u64, AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<u64, AppError>>,
{
    let mut total = 0;
    loop {
        let n = step().await?;
        total += n;
        if n < BATCH as u64 {
            return Ok(total);
        }
    }
}

impl Retention {
    fn file(&self, id: &str) -> PathBuf {
        self.data_dir.join("attachments").join(id)
    }

    /// One sweep as of `clock()`, what it removed logged by kind (the periodic job, once per
    /// cluster: `jobs`).
    pub async fn once(&self, clock: &Clock) -> Result<(), AppError> {
        let s = self.sweep(clock()).await?;
        if s != Swept::default() {
            tracing::info!(removed = %s.detail(), "retention sweep");
        }
        Ok(())
    }

    /// One full sweep as of `now`; what it removed is recorded in the audit trail.
    pub async fn sweep(&self, now: DateTime<Utc>) -> Result<Swept, AppError> {
        let mut s = Swept {
            uploads: batched(|| self.loose_uploads(now)).await?,
            ..Swept::default()
        };
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
        s.purged = batched(|| self.purge_applications(now)).await?;
        s.hashes = self.purged_hashes().await?;
        s.home_visits = batched(|| {
            crate::appointments::home::purge(&self.store, now - FINISHED_HOME_VISIT, now, BATCH)
        })
        .await?;
        s.home_visits += batched(|| {
            crate::appointments::home::purge_idle(&self.store, now - IDLE_HOME_VISIT, now, BATCH)
        })
        .await?;
        s.bindings = batched(|| self.family_requests(now)).await?;
        s.invitations = self.invitations(now).await?;
        s.traces = self.traces(now).await?;
        if s != Swept::default() {
            let entry = audit::Entry::console("retention.sweep", s.detail());
            audit::record(&self.store, entry, now).await?;
            self.store.compact().await?;
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

    async fn remove_file(&self, id: &str) -> Result<(), AppError> {
        match tokio::fs::remove_file(self.file(id)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}
