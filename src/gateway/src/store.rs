//! Storage: one `sqlx::AnyPool` over SQLite (default) or PostgreSQL (`postgres://…`).
//! The SQL is written once, with `$n` placeholders that both engines accept, and so is the DDL
//! (`migrations/`, run at start): it keeps to types both engines share (TEXT, BIGINT, INTEGER).
//! The one engine-specific DDL, the audit table's append-only triggers, is `audit_guard`'s.

use crate::{
    sealing::{verifier::Verifier, Sealer},
    AppError,
};
use sqlx::{
    any::{AnyPoolOptions, AnyRow},
    AnyPool, Executor,
};
use std::{path::Path, sync::Arc};

mod readers;
mod row;
mod script;
mod work;
mod writer;
pub use readers::Param;
use readers::Readers;
pub use row::{Columns, FromColumn, Row, Value};
pub use script::Script;
pub use work::{rows_of, Next, Once, Work};
pub use writer::{Batches, MAX_BATCH};

/// How long a request waits for a connection before it answers `503 storage_unavailable`:
/// during a database outage a citizen gets a calm "retry" within seconds instead of a request
/// that hangs for sqlx's default 30 s (measured by `pkg-scripts/bench faults`).
const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// The migrations compiled in: run at connect, and checked by `/readyz`.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The rows of [`Store::read`]: read by a SQLite reader, or through the pool.
pub enum Rows {
    Read(Vec<Row>),
    Pool(Vec<AnyRow>),
}

/// The connection pool and which engine it talks to.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    /// Seals form answers and attachment files (`sealing`); a store opened only to manage
    /// operators has none.
    sealer: Option<Arc<Sealer>>,
    /// Keys the verifier hashes (`sealing::verifier`); opened with the sealer.
    verifier: Option<Arc<Verifier>>,
    /// SQLite's group commit (`writer`): the hot path's writes share transactions, on a
    /// thread of their own.
    writer: Option<Arc<writer::Writer>>,
    /// SQLite's connections for the progress lookups' reads (`readers`).
    readers: Option<Arc<Readers>>,
}

impl Store {
    /// Connects (creating a SQLite file and its folder on first start) and runs migrations.
    pub async fn connect(url: &str) -> Result<Self, AppError> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else {
            return Err(AppError::Config(
                "TONGBAN_DATABASE_URL must start with sqlite: or postgres:".into(),
            ));
        };
        let mut readers = None;
        let mut file = None;
        let pool = match engine {
            Engine::Sqlite => {
                let path = url
                    .trim_start_matches("sqlite://")
                    .trim_start_matches("sqlite:");
                let path = path.split('?').next().unwrap_or_default();
                if let Some(dir) = Path::new(path)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(dir)?;
                }
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    // No ping before each use: a SQLite connection is a file in this process,
                    // with nothing between that could drop it, and the ping was a round trip to
                    // the connection's thread on every query (a lookup's cost, measured by
                    // `pkg-scripts/bench limits`). A failing statement still answers 503.
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // A new database's pages are 2 KiB (before WAL mode writes its
                            // first page; an existing file keeps its own): a submission writes
                            // a leaf in each of its indexes, and the disk takes half the bytes
                            // to sync (docs/performance.md). Durable commits: WAL with full
                            // sync, so an acknowledged receipt survives a crash; wait for a
                            // writer instead of failing at once. What retention deletes is
                            // overwritten, not left in free space.
                            conn.execute(
                                "PRAGMA page_size=2048; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; \
                                 PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; \
                                 PRAGMA secure_delete=ON;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&format!("sqlite://{path}?mode=rwc"))
                    .await?;
                readers = Some(Arc::new(Readers::new(path.to_owned())));
                file = Some(path.to_owned());
                pool
            }
            Engine::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(url)
                    .await?
            }
        };
        MIGRATOR.run(&pool).await?;
        crate::audit_guard::install(&pool, engine == Engine::Postgres).await?;
        // After the migrations: the writer's statements are prepared against their tables.
        let writer = match file {
            Some(path) => Some(Arc::new(writer::Writer::start(&path)?)),
            None => None,
        };
        Ok(Self {
            pool,
            engine,
            sealer: None,
            verifier: None,
            writer,
            readers,
        })
    }

    /// This store, sealing and opening personal data with `sealer`.
    pub fn with_sealer(mut self, sealer: Arc<Sealer>) -> Self {
        self.sealer = Some(sealer);
        self
    }

    /// The sealer of personal data; a store without one cannot read or write it.
    pub fn sealer(&self) -> Result<&Sealer, AppError> {
        self.sealer
            .as_deref()
            .ok_or_else(|| AppError::Config("this store was opened without a data key".into()))
    }

    /// This store, keying verifier hashes with `verifier`.
    pub fn with_verifier(mut self, verifier: Arc<Verifier>) -> Self {
        self.verifier = Some(verifier);
        self
    }

    /// The verifier-hash keys; a store without them cannot write or match a verifier.
    pub fn verifier(&self) -> Result<&Verifier, AppError> {
        self.verifier
            .as_deref()
            .ok_or_else(|| AppError::Config("this store was opened without a verifier key".into()))
    }

    /// Carries out one request's writes on the hot path (`work`, its statements step by step),
    /// whole or not at all, and answers once they are durable: on SQLite in a savepoint of the
    /// writer's batch (group commit, `writer`), which sees what the batch's earlier members
    /// wrote; on PostgreSQL in a transaction of its own.
    pub async fn write<W: Work>(&self, work: W) -> Result<W::Output, AppError> {
        match &self.writer {
            Some(writer) => writer.write(work).await,
            None => work::own(&self.pool, work).await,
        }
    }

    /// What SQLite's group commit did since start; `None` on PostgreSQL (no batches).
    pub fn batches(&self) -> Option<Batches> {
        self.writer.as_ref().map(|w| w.batches())
    }

    /// The rows of a read on the hot path (a progress lookup's one statement), `params` bound to
    /// its `$n`: on SQLite by a reader of its own on this thread (`readers`: no hop to a
    /// connection's thread), on PostgreSQL through the pool. It reads what is committed, like
    /// the pool.
    pub async fn read(&self, sql: &str, params: &[Param<'_>]) -> Result<Rows, AppError> {
        if let Some(readers) = &self.readers {
            return Ok(Rows::Read(readers.fetch_all(sql, params)?));
        }
        let mut query = sqlx::query(sql);
        for p in params {
            query = match *p {
                Param::Text(s) => query.bind(s),
                Param::Int(v) => query.bind(v),
                Param::Null => query.bind(None::<i64>),
            };
        }
        Ok(Rows::Pool(query.fetch_all(&self.pool).await?))
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// On SQLite, moves the WAL into the database file and empties it, so the old versions of
    /// rows retention or `rekey` changed are gone from the WAL too (with `secure_delete`, from
    /// the file's free space as well). On PostgreSQL, VACUUM does this (docs/operations.md).
    pub async fn compact(&self) -> Result<(), AppError> {
        if self.engine == Engine::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// True when the database answers a trivial query (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Why this copy cannot serve, if it cannot (for `/readyz`): the database does not answer,
    /// or a migration this build carries is not applied to it.
    pub async fn unready(&self) -> Option<&'static str> {
        let applied: Vec<i64> =
            match sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await
            {
                Ok(versions) => versions,
                Err(_) => return Some("storage unavailable"),
            };
        MIGRATOR
            .iter()
            .any(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .then_some("migrations pending")
    }

    /// Connections of the pool in use and idle (for `/metrics`).
    pub fn pool_use(&self) -> (u32, u32) {
        let idle = self.pool.num_idle() as u32;
        (self.pool.size().saturating_sub(idle), idle)
    }
}
