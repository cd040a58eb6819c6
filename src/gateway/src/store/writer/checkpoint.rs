//! The WAL's checkpoints, on a thread of their own. A checkpoint copies the pages the WAL holds
//! into the database file and syncs it; SQLite runs one after the commit that grows the WAL past
//! 1,000 pages, on the committing connection. On the writer's thread that stopped every batch
//! behind it for the copy and the file's sync. Here the writer wakes a checkpointer every
//! [`EVERY_WRITES`] requests' writes, which runs a passive checkpoint through a connection of
//! its own: it copies what no reader still needs while the writer goes on appending to the WAL,
//! and once the WAL is wholly copied the writer starts it again from its beginning, so it stays
//! bounded. Each new start costs the writer a sync of the WAL's header (SQLite's, in any
//! `synchronous` but OFF), waiting behind the syncer's: counted in writes rather than commits,
//! the small batches a busy writer commits do not make the WAL start over more often. Under a
//! constant stream of batches a pass never finds the WAL wholly copied by the time the next
//! batch begins: after each pass the writer copies the frames committed during it itself
//! ([`catch_up`]), and its next batch starts the WAL over. Should the
//! checkpointer fall behind or stop, SQLite's own checkpoint on the writer takes over past
//! [`BACKSTOP_PAGES`].

use rusqlite::{Connection, OpenFlags};
use std::sync::{
    atomic::{AtomicBool, Ordering},
    mpsc, Arc,
};

/// Requests' writes between two wakings of the checkpointer. A submission writes about three
/// pages at random now that receipt numbers sort by time (it was seven): some 4,500 pages of WAL,
/// 9 MiB at 2 KiB a page, as 512 writes were before. Alternating runs, 5 s each: 1,536 gave
/// 4,443, 4,236 and 4,614 submissions/s, 512 gave 4,052, 4,083, 4,415 and 4,068, 3,072 gave
/// 4,488, 4,352 and 4,160 (each waking lets the WAL start over, a sync of its header).
pub const EVERY_WRITES: u64 = 1_536;
/// The WAL's size, in pages, past which the writer checkpoints after a commit itself (32 MiB at
/// 2 KiB a page).
pub const BACKSTOP_PAGES: u32 = 16_000;
/// How long a checkpoint waits for the locks it needs (a reader's or writer's brief hold).
const BUSY_MS: u64 = 1_000;

/// Wakes the checkpointer (a waking while it runs makes it run once more, not once per waking),
/// and tells the writer when a pass has ended.
#[derive(Debug)]
pub struct Waker {
    wake: mpsc::SyncSender<()>,
    passed: Arc<AtomicBool>,
}

impl Waker {
    pub fn wake(&self) {
        let _ = self.wake.try_send(());
    }

    /// Whether a pass ended since the last call: the writer then copies the frames committed
    /// during it ([`catch_up`]).
    pub fn passed(&self) -> bool {
        self.passed.swap(false, Ordering::AcqRel)
    }
}

/// The writer's own passive checkpoint between two batches, after a pass of the checkpointer:
/// it copies only the frames committed during that pass (and syncs the WAL and the file), and
/// its next `BEGIN` finds the WAL wholly copied and starts it over. The WAL starts over only
/// when a write transaction begins so; without this, under a constant stream of batches, it
/// grew to [`BACKSTOP_PAGES`], where SQLite's own checkpoint on the writer copied up to 9,000
/// frames with the batches waiting (docs/performance.md, "Lookups with a margin"). A failure
/// is logged; the backstop remains.
pub fn catch_up(conn: &Connection) {
    if let Err(e) = passive(conn) {
        tracing::warn!(error = %e, "the writer's checkpoint failed: the next pass tries again");
    }
}

/// A passive checkpoint on `conn`: it copies what no reader still needs, waiting for no one.
fn passive(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
}

/// Starts the checkpointer of the database file at `path`; it ends with its [`Waker`].
pub fn start(path: &str) -> std::io::Result<Waker> {
    let (wake, woken) = mpsc::sync_channel(1);
    let passed = Arc::new(AtomicBool::new(false));
    let (path, done) = (path.to_owned(), passed.clone());
    std::thread::Builder::new()
        .name("tongban-checkpoint".into())
        .spawn(move || {
            let conn = match open(&path) {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::warn!(error = %e, "the checkpointer could not open the database: the writer checkpoints");
                    return;
                }
            };
            while woken.recv().is_ok() {
                match passive(&conn) {
                    Ok(()) => done.store(true, Ordering::Release),
                    Err(e) => {
                        tracing::warn!(error = %e, "a checkpoint failed: the next waking tries again")
                    }
                }
            }
        })?;
    Ok(Waker { wake, passed })
}

fn open(path: &str) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_MS))?;
    // The file's sync after the copy (FULL, as every connection): what a checkpoint moved out
    // of the WAL is durable in the file before the WAL is started again.
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0;")?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::super::{scratch::Scratch, Writer};
    use crate::store::{Once, Script};

    /// The WAL's salts (bytes 16–23 of its header, sqlite.org/fileformat2.html#walformat):
    /// new ones each time the WAL starts over from its beginning.
    fn wal_salts(db: &str) -> Vec<u8> {
        std::fs::read(format!("{db}-wal")).expect("the WAL")[16..24].to_vec()
    }

    /// A database in WAL mode on a connection of its own, as the writer's: SQLite's own
    /// checkpoint off; and a write of `n` rows of a page or so each.
    fn wal_db(path: &str) -> (rusqlite::Connection, impl Fn(&rusqlite::Connection, usize)) {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v TEXT NOT NULL);",
        )
        .unwrap();
        let write = |conn: &rusqlite::Connection, n: usize| {
            for i in 0..n {
                conn.execute("INSERT INTO t (v) VALUES (?1)", [format!("{i:0>3000}")])
                    .unwrap();
            }
        };
        (conn, write)
    }

    #[test]
    fn the_writers_catch_up_lets_its_next_write_start_the_wal_over() {
        let db = Scratch::new("catch-up");
        let (conn, write) = wal_db(&db.path);
        write(&conn, 50);
        let salts = wal_salts(&db.path);
        // Frames no checkpoint copied (as those the batches commit while a pass runs): a
        // write appends to the WAL as it is.
        write(&conn, 1);
        assert_eq!(wal_salts(&db.path), salts, "the WAL started over uncopied");
        super::catch_up(&conn);
        write(&conn, 1);
        assert_ne!(wal_salts(&db.path), salts, "the WAL did not start over");
    }

    #[test]
    fn each_pass_of_the_checkpointer_is_told_to_the_writer_once() {
        let db = Scratch::new("passes");
        let (conn, write) = wal_db(&db.path);
        write(&conn, 5);
        let checkpointer = super::start(&db.path).unwrap();
        assert!(!checkpointer.passed(), "no pass has run yet");
        for _ in 0..2 {
            checkpointer.wake();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !checkpointer.passed() {
                assert!(std::time::Instant::now() < deadline, "the pass did not end");
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            assert!(!checkpointer.passed(), "one pass told twice");
        }
    }

    #[tokio::test]
    async fn the_checkpointer_copies_the_wal_into_the_file_while_the_writer_goes_on() {
        let db = Scratch::new("checkpoint");
        let setup = rusqlite::Connection::open(&db.path).unwrap();
        setup
            .execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE t (v TEXT NOT NULL);")
            .unwrap();
        drop(setup);
        let file_size = || std::fs::metadata(&db.path).unwrap().len();
        let before = file_size();
        let writer = Writer::start(&db.path).unwrap();
        // One write each, enough of them to wake the checkpointer, each adding a page (far
        // under the writer's own checkpoint at `BACKSTOP_PAGES`).
        for n in 0..super::EVERY_WRITES {
            let mut script = Script::new();
            script
                .push("INSERT INTO t (v) VALUES ($1)")
                .bind("x".repeat(3000) + &n.to_string());
            writer.write(Once::new(script, Ok)).await.unwrap();
        }
        // The rows reach the database file itself (not only the WAL) by the checkpointer alone.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while file_size() <= before {
            assert!(
                std::time::Instant::now() < deadline,
                "no checkpoint copied the WAL into the file"
            );
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        drop(writer);
    }
}
