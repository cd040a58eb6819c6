//! The progress lookups' reads on SQLite, on the request's own thread. Through sqlx a statement
//! on SQLite is a hop to its connection's thread and back, and sqlx's pool adds a second hop
//! when it takes the connection back (it pings it, in a task of its own, on every return):
//! `perf record` under `pkg-scripts/bench limits` showed those hops' thread switches and
//! wake-ups as a lookup's largest cost. A reader here is a SQLite connection of its own
//! (rusqlite, over the same SQLite library as sqlx's), taken from a list, run to the end of
//! its one statement and put back, without an `.await` in between: no hop, and no reader is
//! ever left half-way by a dropped request.
//!
//! A lookup's statement reads a few pages by index (the application, its events, its rating,
//! the limits) from the page cache, tens of microseconds: short enough to run where the request
//! runs. In WAL mode a read never waits for a writer; [`BUSY_MS`] bounds the rare wait on a
//! checkpoint's or recovery's lock.
//!
//! The readers cache nothing: each statement reads the database as committed when it starts
//! (an autocommit read), so several copies sharing the database see one another's writes, an
//! ended session included, on the very next request. They are opened `query_only`: a lookup
//! cannot write through one.

use super::row::{Row, Value};
use rusqlite::{types::ValueRef, Connection, OpenFlags};
use std::sync::{Arc, Mutex};

/// How long a read waits for a lock before it fails (503, retry): WAL readers wait only on a
/// checkpoint's or recovery's brief lock.
const BUSY_MS: u64 = 250;
/// Idle readers kept: at most one per thread that runs requests; more are closed.
const IDLE: usize = 8;

/// A parameter of a reader's statement, bound to `$1`, `$2`, … in order.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    Text(&'a str),
    Int(i64),
    Null,
}

/// The readers of one SQLite database file.
pub struct Readers {
    path: String,
    idle: Mutex<Vec<Reader>>,
}

/// A reader: its connection (which keeps its prepared statements) and the column names of each
/// statement it ran, shared by their rows, so a statement's names are read from SQLite and
/// allocated once per reader rather than once per lookup.
struct Reader {
    conn: Connection,
    names: Names,
}

/// Each statement's column names, by its SQL, shared by its rows.
pub(super) type Names = Vec<(String, Arc<[String]>)>;

/// Statements whose names a reader keeps: the lookups run two.
const NAMES_KEPT: usize = 8;

/// The column names of `stmt` (prepared from `sql`), as `kept` holds them or read and kept.
fn names_of(kept: &mut Names, sql: &str, stmt: &rusqlite::Statement<'_>) -> Arc<[String]> {
    // A statement SQLite re-prepared after a schema change may have other columns: kept names
    // of another width are read again.
    let width = stmt.column_count();
    if let Some(i) = kept.iter().position(|(s, _)| s == sql) {
        if kept[i].1.len() == width {
            return kept[i].1.clone();
        }
        kept.remove(i);
    }
    let names: Arc<[String]> = stmt.column_names().iter().map(|n| n.to_string()).collect();
    if kept.len() >= NAMES_KEPT {
        kept.remove(0);
    }
    kept.push((sql.to_owned(), names.clone()));
    names
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers").field("path", &self.path).finish()
    }
}

impl Readers {
    /// Readers of the database file at `path`, opened on first use.
    pub fn new(path: String) -> Self {
        Self {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// The rows of `sql` with `params` bound to its `$n` placeholders.
    pub fn fetch_all(&self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, sqlx::Error> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut reader = match idle {
            Some(reader) => reader,
            None => Reader {
                conn: self.open().map_err(error)?,
                names: Vec::new(),
            },
        };
        // A failed statement closes its reader (`reader` dropped): the next one opens afresh.
        let rows = run(&reader.conn, &mut reader.names, sql, params).map_err(error)?;
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < IDLE {
            idle.push(reader);
        }
        Ok(rows)
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_MS))?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(conn)
    }
}

/// The rows of `sql` on `conn`, `params` bound to its `$n`, its column names from `names`
/// (kept there when new). The writer's thread runs its statements through this too.
pub(super) fn run(
    conn: &Connection,
    names: &mut Names,
    sql: &str,
    params: &[Param<'_>],
) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(sql)?;
    // `$n` is a named parameter to SQLite, numbered in the order it first appears: bind each by
    // its name's number, as sqlx does.
    for i in 1..=stmt.parameter_count() {
        let n = stmt
            .parameter_name(i)
            .and_then(|name| name.strip_prefix('$'))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| params.get(n.wrapping_sub(1)))
            .ok_or(rusqlite::Error::InvalidParameterCount(i, params.len()))?;
        match *n {
            Param::Text(s) => stmt.raw_bind_parameter(i, s)?,
            Param::Int(v) => stmt.raw_bind_parameter(i, v)?,
            Param::Null => stmt.raw_bind_parameter(i, rusqlite::types::Null)?,
        }
    }
    let names = names_of(names, sql, &stmt);
    let width = names.len();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(v) => Value::Int(v),
                ValueRef::Text(t) => Value::Text(
                    std::str::from_utf8(t)
                        .map_err(rusqlite::Error::Utf8Error)?
                        .to_owned(),
                ),
                other => {
                    return Err(rusqlite::Error::InvalidColumnType(
                        i,
                        names[i].clone(),
                        other.data_type(),
                    ))
                }
            });
        }
        out.push(Row {
            names: names.clone(),
            values,
        });
    }
    Ok(out)
}

/// A reader's failure as sqlx's, so it answers as any database failure does (busy or gone:
/// 503, retry).
fn error(e: rusqlite::Error) -> sqlx::Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy
                    | rusqlite::ErrorCode::DatabaseLocked
                    | rusqlite::ErrorCode::CannotOpen
            ) =>
        {
            sqlx::Error::Io(std::io::Error::other(e))
        }
        e => sqlx::Error::Protocol(format!("SQLite reader: {e}")),
    }
}
