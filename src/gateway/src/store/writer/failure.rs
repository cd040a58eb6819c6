//! The writer's SQLite failures as sqlx's, so a write on the writer's thread answers as the same
//! write through sqlx would (`error::database_status`): busy or locked past the timeout → 503,
//! a unique key refused → 409 (and, for a submission, the retry it means), another constraint →
//! 422, anything else → 500.

use crate::AppError;
use rusqlite::ffi;
use sqlx::error::{DatabaseError, ErrorKind};
use std::borrow::Cow;

/// A SQLite failure: its extended result code (as sqlx's SQLite driver reports it) and message.
#[derive(Debug)]
struct Failure {
    code: i32,
    message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(code: {}) {}", self.code, self.message)
    }
}

impl std::error::Error for Failure {}

impl DatabaseError for Failure {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.code.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        match self.code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

/// `e` as the gateway's error.
pub(super) fn of(e: rusqlite::Error) -> AppError {
    AppError::Database(match e {
        rusqlite::Error::SqliteFailure(f, message) => sqlx::Error::Database(Box::new(Failure {
            code: f.extended_code,
            message: message.unwrap_or_else(|| f.to_string()),
        })),
        e => sqlx::Error::Protocol(format!("SQLite writer: {e}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failing(sql: &str) -> AppError {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE p (id TEXT PRIMARY KEY); \
             CREATE TABLE c (id TEXT NOT NULL, p TEXT REFERENCES p (id)); \
             PRAGMA foreign_keys=ON; INSERT INTO p VALUES ('a');",
        )
        .unwrap();
        of(conn.execute_batch(sql).unwrap_err())
    }

    fn kind(e: &AppError) -> ErrorKind {
        match e {
            AppError::Database(sqlx::Error::Database(db)) => db.kind(),
            other => panic!("not a database error: {other:?}"),
        }
    }

    #[test]
    fn a_refused_key_or_constraint_reads_as_sqlx_reports_it() {
        assert_eq!(
            kind(&failing("INSERT INTO p VALUES ('a')")),
            ErrorKind::UniqueViolation
        );
        assert_eq!(
            kind(&failing("INSERT INTO c VALUES ('x', 'nobody')")),
            ErrorKind::ForeignKeyViolation
        );
        assert_eq!(
            kind(&failing("INSERT INTO c VALUES (NULL, 'a')")),
            ErrorKind::NotNullViolation
        );
    }
}
