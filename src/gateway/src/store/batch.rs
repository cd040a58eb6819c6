//! Group commit on SQLite. SQLite has one writer and a durable commit costs an fsync, so a
//! transaction per request caps writes at the disk's commit rate and makes every request wait
//! its turn. Here the writes of the hot path share transactions instead: a request takes the
//! one open batch transaction (beginning it, `BEGIN IMMEDIATE`, when none is open), does its
//! work inside a savepoint of its own, and leaves. The request that leaves when nobody is
//! waiting to write, or that fills the batch to [`MAX_BATCH`], commits it, for all its members;
//! the others wait for that commit before they answer. So nothing is acknowledged before it is
//! durable, and one commit carries as many requests as arrived while the previous one synced.
//!
//! A request whose work fails is rolled back to its savepoint (and answers its own error); the
//! other members are untouched. A request dropped half-way (its client went away) leaves its
//! savepoint marked, and a task rolls it back and commits what the others did. When a commit
//! fails, every member of that batch answers 503 `storage_unavailable`, and a retry with the
//! same Idempotency-Key is stored once.
//!
//! On PostgreSQL each request keeps its own transaction: the server groups concurrent commits
//! itself, and a single connection would serialise what its pool runs in parallel.

mod member;
pub mod script;

use member::Savepoint;
pub use member::{Member, Write};

use crate::AppError;
use sqlx::{Any, AnyPool, Transaction};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::{oneshot, Mutex, OwnedMutexGuard};

/// The most requests one batch transaction carries before it is committed.
pub const MAX_BATCH: usize = 64;

/// The batch transaction being filled, and who waits for its commit.
#[derive(Default)]
struct Open {
    tx: Option<Transaction<'static, Any>>,
    /// The members that left and wait for the commit: `true` when it is durable.
    waiting: Vec<oneshot::Sender<bool>>,
    /// Members whose work is in `tx`.
    members: usize,
    /// A member's savepoint is still open (it was dropped half-way): roll it back first.
    dirty: bool,
}

/// The one writer of a SQLite store: the batch being filled and how many wait to join it.
pub struct Batcher {
    pool: AnyPool,
    open: Arc<Mutex<Open>>,
    queued: AtomicUsize,
    commits: AtomicU64,
    writes: AtomicU64,
}

/// What the group commit did since start (`/metrics`, the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batches {
    /// Batch transactions committed.
    pub commits: u64,
    /// Requests' writes those commits carried.
    pub writes: u64,
    /// Requests waiting now to join a batch.
    pub queued: usize,
}

impl std::fmt::Debug for Batcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batcher")
            .field("queued", &self.queued.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// Every member of a batch whose commit failed answers this: 503, retry.
fn not_committed() -> AppError {
    AppError::Database(sqlx::Error::Io(std::io::Error::other(
        "the batch transaction did not commit",
    )))
}

/// The lock on the open batch; dropped while held (its request was dropped) it has a task
/// finish what it left: roll back an open savepoint, commit the others' work.
struct Held {
    guard: Option<OwnedMutexGuard<Open>>,
    batcher: Arc<Batcher>,
}

impl Held {
    fn open(&mut self) -> &mut Open {
        self.guard.as_deref_mut().unwrap_or_else(|| unreachable!())
    }

    fn tx(&mut self) -> Result<&mut Transaction<'static, Any>, AppError> {
        self.open().tx.as_mut().ok_or_else(not_committed)
    }

    fn release(mut self) {
        self.guard = None;
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.guard.take().is_some() {
            settle_later(&self.batcher);
        }
    }
}

/// A request waiting for the lock; dropped before it got it, it has a task commit the batch it
/// would have joined (its predecessors left it open for it).
struct Queued<'a> {
    batcher: &'a Arc<Batcher>,
    entered: bool,
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.batcher.queued.fetch_sub(1, Ordering::SeqCst);
        if !self.entered {
            settle_later(self.batcher);
        }
    }
}

/// Has a task [`Batcher::settle`] (none when the runtime is shutting down: nothing is
/// acknowledged then, and what was not committed is rolled back with the connection).
fn settle_later(batcher: &Arc<Batcher>) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(batcher.clone().settle());
    }
}

async fn run(tx: &mut Transaction<'static, Any>, sql: &'static str) -> Result<(), AppError> {
    sqlx::query(sql).execute(&mut **tx).await?;
    Ok(())
}

impl Batcher {
    pub fn new(pool: AnyPool) -> Arc<Self> {
        Arc::new(Self {
            pool,
            open: Arc::default(),
            queued: AtomicUsize::new(0),
            commits: AtomicU64::new(0),
            writes: AtomicU64::new(0),
        })
    }

    pub fn batches(&self) -> Batches {
        Batches {
            commits: self.commits.load(Ordering::Relaxed),
            writes: self.writes.load(Ordering::Relaxed),
            queued: self.queued.load(Ordering::SeqCst),
        }
    }

    async fn lock(self: &Arc<Self>) -> Held {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let mut queued = Queued {
            batcher: self,
            entered: false,
        };
        let guard = self.open.clone().lock_owned().await;
        queued.entered = true;
        drop(queued);
        Held {
            guard: Some(guard),
            batcher: self.clone(),
        }
    }

    /// Joins the open batch (beginning one when none is open) in a savepoint of its own.
    pub async fn enter(self: &Arc<Self>) -> Result<Member, AppError> {
        self.enter_with(Savepoint::Open).await
    }

    /// Joins the open batch for work that begins with a [`Script`] ([`Member::run`]): the
    /// savepoint opens in the script's round trip.
    pub async fn enter_for_script(self: &Arc<Self>) -> Result<Member, AppError> {
        self.enter_with(Savepoint::Pending).await
    }

    async fn enter_with(self: &Arc<Self>, savepoint: Savepoint) -> Result<Member, AppError> {
        let mut held = self.lock().await;
        let joined = join(&mut held, savepoint == Savepoint::Open).await;
        if let Err(e) = joined {
            close_if_last(&mut held).await;
            held.release();
            return Err(e);
        }
        Ok(Member {
            held: Some(held),
            savepoint,
        })
    }

    /// What a dropped request left: its savepoint rolled back, the batch committed when nobody
    /// else is coming to commit it.
    async fn settle(self: Arc<Self>) {
        let mut held = self.lock().await;
        if held.open().dirty {
            if let Err(e) = rollback_to(&mut held).await {
                tracing::warn!(error = %e, "a dropped write could not be rolled back");
            }
        }
        close_if_last(&mut held).await;
        held.release();
    }
}

async fn join(held: &mut Held, savepoint: bool) -> Result<(), AppError> {
    // A dropped member's savepoint; if it cannot be undone the batch is given up and a new
    // one begins.
    if held.open().dirty && rollback_to(held).await.is_err() {
        tracing::warn!("a dropped write could not be rolled back: its batch was given up");
    }
    if held.open().tx.is_none() {
        let tx = held.batcher.pool.begin_with("BEGIN IMMEDIATE").await?;
        held.open().tx = Some(tx);
    }
    if savepoint {
        run(held.tx()?, "SAVEPOINT member").await?;
        held.open().dirty = true;
    }
    Ok(())
}

/// Undoes the open savepoint; if even that fails the whole batch is given up.
async fn rollback_to(held: &mut Held) -> Result<(), AppError> {
    let undone = async {
        run(held.tx()?, "ROLLBACK TO SAVEPOINT member").await?;
        run(held.tx()?, "RELEASE SAVEPOINT member").await
    }
    .await;
    held.open().dirty = false;
    if undone.is_err() {
        abandon(held.open());
    }
    undone
}

/// Rolls the batch back (dropping it does) and tells its waiting members.
fn abandon(open: &mut Open) {
    open.tx = None;
    open.members = 0;
    for ack in open.waiting.drain(..) {
        let _ = ack.send(false);
    }
}

/// Commits the batch and tells its waiting members whether it is durable.
async fn commit(held: &mut Held) -> bool {
    let batcher = held.batcher.clone();
    let open = held.open();
    let done = match open.tx.take() {
        Some(tx) => tx.commit().await.is_ok(),
        None => false,
    };
    if done {
        batcher.commits.fetch_add(1, Ordering::Relaxed);
        batcher
            .writes
            .fetch_add(open.members as u64, Ordering::Relaxed);
    }
    open.members = 0;
    for ack in open.waiting.drain(..) {
        let _ = ack.send(done);
    }
    done
}

/// Commits when nobody waits to join; a batch that lost its transaction tells its members.
async fn close_if_last(held: &mut Held) {
    let nobody_queued = held.batcher.queued.load(Ordering::SeqCst) == 0;
    let open = held.open();
    if open.tx.is_none() && !open.waiting.is_empty() {
        abandon(open);
    } else if open.tx.is_some() && nobody_queued {
        commit(held).await;
    }
}
