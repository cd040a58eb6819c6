//! A request's part in a write: a member of the SQLite batch (its savepoint in the batch
//! transaction) or, on PostgreSQL, a transaction of its own.

use super::script::Script;
use super::{abandon, close_if_last, commit, not_committed, rollback_to, run, Held, MAX_BATCH};
use crate::AppError;
use sqlx::{any::AnyRow, Any, Transaction};
use std::sync::atomic::Ordering;
use tokio::sync::oneshot;

/// Where a member's savepoint stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Savepoint {
    /// Not opened yet: the member's first script opens it.
    Pending,
    Open,
    /// Released by the member's last script: its work is the batch's now.
    Released,
}

/// A request's place in the batch: its work goes into [`Member::tx`] or [`Member::run`], then
/// [`Member::finish`].
pub struct Member {
    pub(super) held: Option<Held>,
    pub(super) savepoint: Savepoint,
}

impl Member {
    pub fn tx(&mut self) -> Result<&mut Transaction<'static, Any>, AppError> {
        if self.savepoint != Savepoint::Open {
            // Work outside its savepoint could not be undone: a bug, answered as a failed write.
            return Err(not_committed());
        }
        self.held.as_mut().ok_or_else(not_committed)?.tx()
    }

    /// Runs `script` as this member's work: opening its savepoint in the same round trip when
    /// it is not open yet and, when `last` (nothing the member does after it can fail),
    /// releasing it there too.
    pub async fn run(
        &mut self,
        mut script: Script,
        last: bool,
    ) -> Result<Vec<Vec<AnyRow>>, AppError> {
        if self.savepoint == Savepoint::Released {
            return Err(not_committed());
        }
        let held = self.held.as_mut().ok_or_else(not_committed)?;
        let opens = self.savepoint == Savepoint::Pending;
        if opens {
            script.first("SAVEPOINT member");
        }
        if last {
            script.push("RELEASE SAVEPOINT member");
        }
        held.open().dirty = true;
        self.savepoint = Savepoint::Open;
        let mut results = script.run(&mut **held.tx()?).await?;
        if opens {
            results.remove(0);
        }
        if last {
            results.pop();
            held.open().dirty = false;
            self.savepoint = Savepoint::Released;
        }
        Ok(results)
    }

    /// Keeps the work (`Ok`) or rolls it back (`Err`), and answers once the batch holding it
    /// is durable.
    pub async fn finish<T>(mut self, result: Result<T, AppError>) -> Result<T, AppError> {
        let mut held = self.held.take().ok_or_else(not_committed)?;
        if result.is_err() {
            let undone = match self.savepoint {
                Savepoint::Open => rollback_to(&mut held).await,
                Savepoint::Pending => Ok(()),
                // Released work cannot be undone alone: the whole batch is given up (its
                // members answer 503 and retry), so nothing refused is kept.
                Savepoint::Released => {
                    abandon(held.open());
                    Err(not_committed())
                }
            };
            close_if_last(&mut held).await;
            held.release();
            return undone.and(result);
        }
        if self.savepoint == Savepoint::Open {
            let kept = run(held.tx()?, "RELEASE SAVEPOINT member").await;
            held.open().dirty = false;
            if let Err(e) = kept {
                abandon(held.open());
                held.release();
                return Err(e);
            }
        }
        held.open().members += 1;
        let last = held.batcher.queued.load(Ordering::SeqCst) == 0;
        if last || held.open().members >= MAX_BATCH {
            let done = commit(&mut held).await;
            held.release();
            return if done { result } else { Err(not_committed()) };
        }
        let (ack, acked) = oneshot::channel();
        held.open().waiting.push(ack);
        held.release();
        match acked.await {
            Ok(true) => result,
            _ => Err(not_committed()),
        }
    }
}

/// One request's writes: a member of the SQLite batch, or on PostgreSQL a transaction of its
/// own. Work goes into [`Write::tx`]; [`Write::finish`] keeps or undoes it and answers once it
/// is durable.
pub enum Write {
    Batch(Member),
    Own(Transaction<'static, Any>),
}

impl Write {
    pub fn tx(&mut self) -> Result<&mut Transaction<'static, Any>, AppError> {
        match self {
            Write::Batch(member) => member.tx(),
            Write::Own(tx) => Ok(tx),
        }
    }

    /// Runs `script` as this write's work ([`Member::run`]; on PostgreSQL in its transaction).
    pub async fn run(&mut self, script: Script, last: bool) -> Result<Vec<Vec<AnyRow>>, AppError> {
        match self {
            Write::Batch(member) => member.run(script, last).await,
            Write::Own(tx) => Ok(script.run(tx).await?),
        }
    }

    pub async fn finish<T>(self, result: Result<T, AppError>) -> Result<T, AppError> {
        match (self, result) {
            (Write::Batch(member), result) => member.finish(result).await,
            (Write::Own(tx), Ok(v)) => {
                tx.commit().await?;
                Ok(v)
            }
            (Write::Own(tx), Err(e)) => {
                // Dropped unanswered, the connection rolls back before its next use anyway.
                let _ = tx.rollback().await;
                Err(e)
            }
        }
    }
}
