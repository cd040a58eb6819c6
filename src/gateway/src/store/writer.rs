//! Group commit on SQLite, on a thread of its own. SQLite has one writer and a durable commit
//! costs an fsync, so a transaction per request caps writes at the disk's commit rate and makes
//! every request wait its turn. Here the hot path's writes ([`Work`]s) are sent to one thread
//! that owns one connection: it takes the first waiting work, begins a transaction
//! (`BEGIN IMMEDIATE`), runs that work in a savepoint of its own, then each work that arrived
//! meanwhile, up to [`MAX_BATCH`], and commits them all at once, without waiting for the disk:
//! the batch goes to the syncer (`sync`), which answers each member once the WAL is synced,
//! while the writer already runs the next batch. Nothing is acknowledged before it is durable,
//! and one sync carries as many batches as committed while the previous one ran.
//!
//! The thread runs each work to its end without an `.await`: its statements are stepped
//! straight through SQLite (rusqlite, over the same library as sqlx's), each prepared once and
//! kept in the connection's statement cache, with the connection's page cache warm from the
//! writes before. Through sqlx every statement was a hop to a connection's thread and back,
//! taken one after another while the batch waited: `perf` showed those hops, not SQLite, as
//! most of a submission's cost (docs/performance.md, "Submissions: where the CPU went").
//!
//! A work that fails (a step's error, a failing statement, even a panic) is rolled back to its
//! savepoint and answers its own error once the batch has committed, without waiting for the
//! sync (nothing of it is kept); the other members are untouched. A request that goes
//! away after sending its work does not stop it: the work is done whole or not at all, and a
//! retry with the same Idempotency-Key finds it. When a commit fails, every member of that
//! batch answers 503 `storage_unavailable` and nothing of it is kept.

mod checkpoint;
mod failure;
#[cfg(test)]
mod scratch;
mod sync;

use super::readers::{self, Param};
use super::row::Row;
use super::script::{Script, Value};
use super::work::{Next, Work};
use crate::AppError;
use rusqlite::{Connection, OpenFlags};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use tokio::sync::oneshot;

/// The most requests one batch transaction carries before it is committed.
pub const MAX_BATCH: usize = 64;
/// How long a write waits for another writer's lock (the pool's writes off the hot path, another
/// copy's) before it fails, 503.
const BUSY_MS: u64 = 5_000;
/// The writer's page cache, KiB: the indexes' pages the batches write stay in memory.
const CACHE_KIB: i64 = 16 * 1024;

/// What the group commit did since start (`/metrics`, the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batches {
    /// Batch transactions committed.
    pub commits: u64,
    /// Requests' writes those commits carried.
    pub writes: u64,
    /// Requests waiting now for the writer.
    pub queued: usize,
}

#[derive(Debug, Default)]
struct Counts {
    queued: AtomicUsize,
    commits: AtomicU64,
    writes: AtomicU64,
}

/// A work sent to the writer's thread, with where its answer goes.
trait Job: Send {
    /// Runs the work on `conn` (inside its savepoint); whether what it did is to be kept.
    fn run(&mut self, conn: &Connection) -> bool;
    /// Whether the work ran and is kept: a member that failed answers its own error, which no
    /// sync changes.
    fn kept(&self) -> bool;
    /// Answers the request: its result if it is durable (`durable`: the batch committed and
    /// the WAL was synced since), its own error if it failed, else 503.
    fn answer(self: Box<Self>, durable: bool);
}

struct Pending<W: Work> {
    work: W,
    result: Option<Result<W::Output, AppError>>,
    reply: oneshot::Sender<Result<W::Output, AppError>>,
}

/// Every member of a batch whose commit failed answers this: 503, retry.
pub(super) fn not_committed() -> AppError {
    AppError::Database(sqlx::Error::Io(std::io::Error::other(
        "the batch transaction did not commit",
    )))
}

impl<W: Work> Job for Pending<W> {
    fn run(&mut self, conn: &Connection) -> bool {
        let work = &mut self.work;
        let result =
            catch_unwind(AssertUnwindSafe(|| carry_out(conn, work))).unwrap_or_else(|_| {
                tracing::error!("a write panicked on the writer's thread: rolled back");
                Err(AppError::Database(sqlx::Error::WorkerCrashed))
            });
        let kept = result.is_ok();
        self.result = Some(result);
        kept
    }

    fn kept(&self) -> bool {
        matches!(self.result, Some(Ok(_)))
    }

    fn answer(self: Box<Self>, durable: bool) {
        let answer = match self.result {
            Some(Ok(v)) if durable => Ok(v),
            Some(Err(e)) => Err(e),
            _ => Err(not_committed()),
        };
        // The request may have gone away: its work stands (or not) all the same.
        let _ = self.reply.send(answer);
    }
}

/// Steps `work` to its end on `conn`.
fn carry_out<W: Work>(conn: &Connection, work: &mut W) -> Result<W::Output, AppError> {
    let mut rows = None;
    loop {
        match work.step(rows.take())? {
            Next::Done(v) => return Ok(v),
            Next::Run(script) => rows = Some(run(conn, script).map_err(failure::of)?),
        }
    }
}

/// Each statement of `script` in order, and its rows; the first that fails stops it.
fn run(conn: &Connection, script: Script) -> rusqlite::Result<Vec<Vec<Row>>> {
    let mut out = Vec::with_capacity(script.len());
    let mut names = Vec::new();
    for (sql, values) in script.into_statements() {
        let params: Vec<Param<'_>> = values
            .iter()
            .map(|v| match v {
                Value::Text(Some(s)) => Param::Text(s),
                Value::Int(Some(n)) => Param::Int(*n),
                Value::Text(None) | Value::Int(None) => Param::Null,
            })
            .collect();
        out.push(readers::run(conn, &mut names, sql, &params)?);
    }
    Ok(out)
}

/// The writer of a SQLite store: the channel to its thread, and its counts.
pub struct Writer {
    jobs: mpsc::Sender<Box<dyn Job>>,
    counts: Arc<Counts>,
}

/// The writer's thread's own: its connection, its work, its counts, the checkpointer it wakes
/// and the syncer it hands its commits.
struct Thread {
    conn: Connection,
    waiting: mpsc::Receiver<Box<dyn Job>>,
    counts: Arc<Counts>,
    checkpoints: checkpoint::Waker,
    syncer: sync::Syncer,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("queued", &self.counts.queued.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Writer {
    /// Opens the writer's connection to the database file at `path` and starts its thread,
    /// which ends when the last handle to this writer is dropped.
    pub fn start(path: &str) -> Result<Self, AppError> {
        let conn = open(path).map_err(failure::of)?;
        let checkpoints = checkpoint::start(path)?;
        let syncer = sync::start(path)?;
        let (jobs, waiting) = mpsc::channel::<Box<dyn Job>>();
        let counts = Arc::new(Counts::default());
        let thread = Thread {
            conn,
            waiting,
            counts: counts.clone(),
            checkpoints,
            syncer,
        };
        std::thread::Builder::new()
            .name("tongban-writer".into())
            .spawn(move || serve(&thread))?;
        Ok(Self { jobs, counts })
    }

    pub fn batches(&self) -> Batches {
        Batches {
            commits: self.counts.commits.load(Ordering::Relaxed),
            writes: self.counts.writes.load(Ordering::Relaxed),
            queued: self.counts.queued.load(Ordering::SeqCst),
        }
    }

    /// Carries out `work` in the next batch; answers once that is durable.
    pub async fn write<W: Work>(&self, work: W) -> Result<W::Output, AppError> {
        let (reply, answer) = oneshot::channel();
        self.counts.queued.fetch_add(1, Ordering::SeqCst);
        let job = Box::new(Pending {
            work,
            result: None,
            reply,
        });
        if self.jobs.send(job).is_err() {
            self.counts.queued.fetch_sub(1, Ordering::SeqCst);
            return Err(not_committed());
        }
        answer.await.unwrap_or_else(|_| Err(not_committed()))
    }
}

fn open(path: &str) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_MS))?;
    // As the pool's connections (`Store::connect`), WAL, foreign keys, what is deleted is
    // overwritten; but a commit does not wait for the disk: the syncer (`sync`) syncs the WAL
    // before any member is answered, so an acknowledged receipt survives a crash. Checkpoints are
    // the checkpointer's (`checkpoint`), off this thread; SQLite's own after a commit only
    // if the WAL grows past [`checkpoint::BACKSTOP_PAGES`] (the checkpointer stuck). Each
    // member's savepoint keeps a copy of the pages it changes first in a journal of its own,
    // here in memory: in a temporary file (SQLite's default past 64 KiB) those copies were two
    // thirds of the writer's `pwrite` calls.
    conn.execute_batch(&format!(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; \
         PRAGMA secure_delete=ON; PRAGMA cache_size=-{CACHE_KIB}; PRAGMA temp_store=MEMORY; \
         PRAGMA wal_autocheckpoint={};",
        checkpoint::BACKSTOP_PAGES
    ))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// One statement the writer runs itself, from its cache of prepared statements.
fn exec(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(drop)
}

/// The writer's thread: a batch per turn, until every handle is gone.
fn serve(thread: &Thread) {
    let (conn, waiting, counts) = (&thread.conn, &thread.waiting, &*thread.counts);
    while let Ok(first) = waiting.recv() {
        counts.queued.fetch_sub(1, Ordering::SeqCst);
        let mut members = vec![first];
        if let Err(e) = exec(conn, "BEGIN IMMEDIATE") {
            tracing::warn!(error = %e, "a batch could not begin: its write answers 503");
            members.pop().into_iter().for_each(|j| j.answer(false));
            continue;
        }
        let (kept, broken) = fill(conn, waiting, counts, &mut members);
        let committed = !broken && exec(conn, "COMMIT").is_ok();
        if committed {
            counts.commits.fetch_add(1, Ordering::Relaxed);
            let before = counts.writes.fetch_add(kept, Ordering::Relaxed);
            if (before + kept) / checkpoint::EVERY_WRITES > before / checkpoint::EVERY_WRITES {
                thread.checkpoints.wake();
            }
            // Those that failed answer their own error now; the rest once the WAL is synced.
            let (stored, failed): (Vec<_>, Vec<_>) = members.into_iter().partition(|j| j.kept());
            failed.into_iter().for_each(|j| j.answer(false));
            if !stored.is_empty() {
                thread.syncer.hand(sync::Committed(stored));
            }
            if thread.checkpoints.passed() {
                checkpoint::catch_up(conn);
            }
        } else {
            tracing::warn!("a batch did not commit: its writes answer 503");
            let _ = conn.execute_batch("ROLLBACK");
            for job in members {
                job.answer(false);
            }
        }
    }
}

/// Runs `members`' first work and each that arrives while the batch is open, each in its
/// savepoint. Answers how many were kept, and whether the batch must be given up (a failed
/// work could not be undone alone).
fn fill(
    conn: &Connection,
    waiting: &mpsc::Receiver<Box<dyn Job>>,
    counts: &Counts,
    members: &mut Vec<Box<dyn Job>>,
) -> (u64, bool) {
    let mut kept = 0;
    loop {
        let job = members.last_mut().unwrap_or_else(|| unreachable!());
        let done = exec(conn, "SAVEPOINT member").is_ok() && job.run(conn);
        let settled = if done {
            kept += 1;
            exec(conn, "RELEASE SAVEPOINT member")
        } else {
            exec(conn, "ROLLBACK TO SAVEPOINT member")
                .and_then(|()| exec(conn, "RELEASE SAVEPOINT member"))
        };
        if let Err(e) = settled {
            tracing::warn!(error = %e, "a write could not be settled: its batch is given up");
            return (kept, true);
        }
        if members.len() >= MAX_BATCH {
            return (kept, false);
        }
        match waiting.try_recv() {
            Ok(next) => {
                counts.queued.fetch_sub(1, Ordering::SeqCst);
                members.push(next);
            }
            Err(_) => return (kept, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{open, scratch::Scratch};

    #[test]
    fn the_writer_leaves_the_sync_to_the_syncer_and_keeps_its_savepoints_copies_in_memory() {
        let db = Scratch::new("writer");
        let conn = open(&db.path).unwrap();
        let pragma = |name: &str| -> i64 {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap()
        };
        // NORMAL (1): a commit returns without a sync, the syncer's (`sync`) comes before any
        // answer. MEMORY (2): a member's savepoint copies the pages it changes in memory, not
        // in a temporary file.
        assert_eq!(pragma("synchronous"), 1);
        assert_eq!(pragma("temp_store"), 2);
    }
}
