//! The progress lookups' reads on SQLite, through connections of their own rather than sqlx's
//! pool. A statement on SQLite is a hop to its connection's thread and back; sqlx's pool adds a
//! second one when it takes the connection back (it pings it, in a task of its own, on every
//! return), so a lookup paid two hops for one statement (`perf record` under
//! `pkg-scripts/bench limits`: the hops' thread switches and wake-ups were the largest cost).
//! A reader is taken from and given back to a list here, without a ping: a reader that failed
//! or whose request was dropped mid-statement is closed instead of given back, so what comes back
//! ran its statement to the end.
//!
//! The readers cache nothing: each statement reads the database as committed when it starts
//! (WAL; an autocommit read), so several copies sharing the database see one another's writes,
//! an ended session included, on the very next request. They are opened `query_only`: a lookup
//! cannot write through one. When all [`READERS`] are busy, a read goes through the pool.

use sqlx::{
    any::{AnyArguments, AnyRow},
    query::Query,
    Any, AnyConnection, AnyPool, Connection, Executor,
};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Mutex,
};

/// Readers open at most: as many as the pool's connections.
pub const READERS: usize = 8;

/// The readers of one SQLite database.
#[derive(Debug)]
pub struct Readers {
    url: String,
    idle: Mutex<Vec<AnyConnection>>,
    open: AtomicUsize,
}

impl Readers {
    /// Readers of the database at `url` (`sqlite://…`), opened on first use.
    pub fn new(url: String) -> Self {
        Self {
            url,
            idle: Mutex::new(Vec::new()),
            open: AtomicUsize::new(0),
        }
    }

    /// Runs `query` on an idle reader, a new one while fewer than [`READERS`] are open, or else
    /// on `pool`, and answers its rows.
    pub async fn fetch_all<'q>(
        &self,
        pool: &AnyPool,
        query: Query<'q, Any, AnyArguments<'q>>,
    ) -> Result<Vec<AnyRow>, sqlx::Error> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let (mut conn, place) = match idle {
            Some(conn) => (conn, Place(Some(self))),
            None => {
                let place = Place(Some(self));
                if self.open.fetch_add(1, Ordering::AcqRel) >= READERS {
                    drop(place);
                    return query.fetch_all(pool).await;
                }
                (self.connect().await?, place)
            }
        };
        // On an error, or when the request is dropped mid-statement, the connection closes here
        // and `place` gives its place up.
        let rows = query.fetch_all(&mut conn).await?;
        place.keep();
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(conn);
        Ok(rows)
    }

    async fn connect(&self) -> Result<AnyConnection, sqlx::Error> {
        let mut conn = AnyConnection::connect(&self.url).await?;
        conn.execute("PRAGMA busy_timeout=5000; PRAGMA query_only=ON;")
            .await?;
        Ok(conn)
    }
}

/// One of the [`READERS`] places, counted in `open`: given up when dropped, unless kept (its
/// reader goes back to the idle ones).
struct Place<'a>(Option<&'a Readers>);

impl Place<'_> {
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        if let Some(readers) = self.0 {
            readers.open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}
