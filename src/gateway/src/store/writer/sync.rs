//! The WAL's syncs, on a thread of their own, so the writer runs its next batch while the disk
//! takes the last. The writer commits with `synchronous=NORMAL`: SQLite appends the batch's
//! frames to the WAL and returns without a sync. The batch's members are then handed here, and
//! are answered only once the WAL is synced: every batch committed before a sync began is
//! durable when it returns, so one sync answers every batch that committed while the last one
//! ran. Nothing is acknowledged before it is on the disk, as with `synchronous=FULL`.
//!
//! What stays as it was: SQLite still syncs the WAL before each checkpoint copies it and the
//! database file after, and the WAL's header when the WAL starts again from its beginning
//! (NORMAL's own syncs, <https://sqlite.org/pragma.html#pragma_synchronous>). What changes: the
//! pool's readers see a batch from its commit, a few milliseconds before it is synced. A crash
//! of the process loses nothing the kernel was given; a crash of the machine in those
//! milliseconds can lose a batch that no request was told is stored, and the client's retry
//! with the same Idempotency-Key stores it again.

use super::Job;
use std::fs::File;
use std::path::PathBuf;
use std::sync::mpsc;

/// A committed batch, waiting for the sync that makes it durable.
pub(super) struct Committed(pub Vec<Box<dyn Job>>);

/// Where the writer hands its committed batches; the thread ends with it.
pub(super) struct Syncer(mpsc::Sender<Committed>);

impl Syncer {
    /// Answers `batch` once it is durable; answers it 503 at once if the syncer is gone.
    pub fn hand(&self, batch: Committed) {
        if let Err(mpsc::SendError(Committed(members))) = self.0.send(batch) {
            tracing::error!("the WAL's syncer is gone: a committed batch answers 503");
            members.into_iter().for_each(|job| job.answer(false));
        }
    }
}

/// Starts the syncer of the WAL of the database file at `path`.
pub(super) fn start(path: &str) -> std::io::Result<Syncer> {
    let (hand, waiting) = mpsc::channel::<Committed>();
    let wal = Wal {
        path: PathBuf::from(format!("{path}-wal")),
        file: None,
    };
    std::thread::Builder::new()
        .name("tongban-sync".into())
        .spawn(move || serve(wal, &waiting))?;
    Ok(Syncer(hand))
}

/// The WAL file, opened at its first sync (the writer's first commit creates it) and again
/// after a sync fails.
struct Wal {
    path: PathBuf,
    file: Option<File>,
}

impl Wal {
    fn sync(&mut self) -> std::io::Result<()> {
        let file = match &self.file {
            Some(file) => file,
            None => self.file.insert(File::open(&self.path)?),
        };
        let synced = file.sync_data();
        if synced.is_err() {
            self.file = None;
        }
        synced
    }
}

fn serve(mut wal: Wal, waiting: &mpsc::Receiver<Committed>) {
    while let Ok(first) = waiting.recv() {
        // Every batch committed by now: this one sync makes them all durable.
        let mut batches = vec![first];
        batches.extend(waiting.try_iter());
        let durable = match wal.sync() {
            Ok(()) => true,
            Err(e) => {
                tracing::error!(error = %e, "the WAL could not be synced: its batches answer 503");
                false
            }
        };
        for Committed(members) in batches {
            for job in members {
                job.answer(durable);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{scratch::Scratch, Job, Pending};
    use super::{start, Committed};
    use crate::store::{Once, Script};
    use tokio::sync::oneshot;

    /// A member whose own work succeeded, as the writer hands it after the commit.
    fn member() -> (Box<dyn Job>, oneshot::Receiver<Result<(), crate::AppError>>) {
        let (reply, answer) = oneshot::channel();
        let job = Pending {
            work: Once::new(Script::new(), |_| Ok(())),
            result: Some(Ok(())),
            reply,
        };
        (Box::new(job), answer)
    }

    #[tokio::test]
    async fn a_batch_is_answered_once_the_wal_is_synced_and_503_when_it_cannot_be() {
        let db = Scratch::new("sync");

        // No WAL file to sync: nothing is acknowledged.
        let syncer = start(&db.path).unwrap();
        let (job, answer) = member();
        syncer.hand(Committed(vec![job]));
        assert!(answer.await.unwrap().is_err());

        // With the WAL there, both batches handed before its sync are answered with their own
        // results.
        std::fs::write(format!("{}-wal", db.path), b"frames").unwrap();
        let (first, first_answer) = member();
        let (second, second_answer) = member();
        syncer.hand(Committed(vec![first]));
        syncer.hand(Committed(vec![second]));
        assert!(first_answer.await.unwrap().is_ok());
        assert!(second_answer.await.unwrap().is_ok());
    }
}
