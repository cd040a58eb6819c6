//! A request's statements, built once and run by whichever path writes them: on SQLite the
//! writer's thread steps them one by one through its own connection (`writer`), each from its
//! cache of prepared statements; through sqlx (PostgreSQL, and SQLite's writes off the hot path)
//! [`Script::run`] sends them. Each statement through sqlx on SQLite is a round trip to the
//! connection's thread, so there the statements are joined into one string with their
//! parameters numbered through, which SQLite prepares and steps in one round trip, and each
//! statement's rows are handed back. PostgreSQL prepares one statement per message: there the
//! statements go one by one, in the same order, with the same result.

use futures_util::TryStreamExt;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, AnyConnection, Arguments, Either, Executor};

/// One bound value: the types the hot path's statements bind.
#[derive(Debug, Clone)]
pub enum Value {
    Text(Option<String>),
    Int(Option<i64>),
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(Some(v.clone()))
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_owned))
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}

/// One statement of a script, with parameters `$1`…`$n` of its own.
#[derive(Debug)]
pub struct Statement {
    sql: &'static str,
    values: Vec<Value>,
}

impl Statement {
    /// Binds the next parameter, as `sqlx::query(..).bind(..)` does.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        self
    }
}

/// Statements to run in order in one transaction, as one round trip on SQLite.
#[derive(Debug, Default)]
pub struct Script {
    statements: Vec<Statement>,
}

fn add(args: &mut AnyArguments<'static>, value: Value) -> Result<(), sqlx::Error> {
    match value {
        Value::Text(v) => args.add(v),
        Value::Int(v) => args.add(v),
    }
    .map_err(sqlx::Error::Encode)
}

/// `sql` with each `$n` renumbered `$(n + offset)` (the statements are the gateway's own
/// constants: no `$` inside their literals).
fn renumbered(sql: &str, offset: usize, out: &mut String) {
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
}

impl Script {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a statement; bind its parameters on what this returns.
    pub fn push(&mut self, sql: &'static str) -> &mut Statement {
        self.statements.push(Statement {
            sql,
            values: Vec::new(),
        });
        self.statements.last_mut().unwrap_or_else(|| unreachable!())
    }

    pub fn len(&self) -> usize {
        self.statements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// Each statement's SQL and its values, in order (the writer's thread binds them itself).
    pub(super) fn into_statements(self) -> impl Iterator<Item = (&'static str, Vec<Value>)> {
        self.statements.into_iter().map(|s| (s.sql, s.values))
    }

    /// Runs the statements in order on `conn` (inside the caller's transaction) and answers the
    /// rows each returned, one list per statement. The first statement that fails stops the
    /// script with its error; what ran before it stays in the transaction for the caller to
    /// keep or roll back.
    pub async fn run(self, conn: &mut AnyConnection) -> Result<Vec<Vec<AnyRow>>, sqlx::Error> {
        if conn.backend_name() != "SQLite" || self.statements.len() < 2 {
            let mut out = Vec::with_capacity(self.statements.len());
            for s in self.statements {
                let mut args = AnyArguments::default();
                for v in s.values {
                    add(&mut args, v)?;
                }
                out.push(
                    sqlx::query_with::<Any, _>(s.sql, args)
                        .fetch_all(&mut *conn)
                        .await?,
                );
            }
            return Ok(out);
        }
        let count = self.statements.len();
        let mut sql = String::with_capacity(self.statements.iter().map(|s| s.sql.len() + 2).sum());
        let mut args = AnyArguments::default();
        for s in self.statements {
            renumbered(s.sql, args.len(), &mut sql);
            sql.push_str(";\n");
            for v in s.values {
                add(&mut args, v)?;
            }
        }
        let mut out = vec![Vec::new()];
        let mut steps = conn.fetch_many(sqlx::query_with::<Any, _>(&sql, args));
        // Rows come before their statement's result: a result closes the list of its rows.
        while let Some(step) = steps.try_next().await? {
            match step {
                Either::Left(_) => out.push(Vec::new()),
                Either::Right(row) => out.last_mut().unwrap_or_else(|| unreachable!()).push(row),
            }
        }
        out.pop();
        if out.len() != count {
            return Err(sqlx::Error::Protocol(format!(
                "a script of {count} statements answered {} results",
                out.len()
            )));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_through_the_script() {
        let mut out = String::new();
        renumbered("INSERT INTO t (a, b) VALUES ($1, $2) -- $12", 3, &mut out);
        assert_eq!(out, "INSERT INTO t (a, b) VALUES ($4, $5) -- $15");
    }
}
