//! A request's writes on the hot path, given as statements rather than as code holding a
//! transaction: a [`Work`] answers the [`Script`] to run next from the rows of the one before,
//! until it has its result. So the same work is carried out two ways. On SQLite the writer's
//! thread runs it whole, without an `.await`, in its member's savepoint of the batch
//! transaction (`writer`: group commit); on PostgreSQL it runs here in a transaction of its
//! own, each script through sqlx, and the server groups concurrent commits itself. Either way
//! the work is kept whole or not at all, and answered only once it is durable.

use super::row::{Row, Value};
use super::script::Script;
use crate::AppError;
use sqlx::{any::AnyRow, AnyPool, Column, Row as _};
use std::sync::Arc;

/// What a [`Work`] does next.
pub enum Next<T> {
    /// Run these statements and come back with their rows.
    Run(Script),
    /// Done: keep what ran and answer this.
    Done(T),
}

/// A request's writes, step by step. An `Err` from a step (or from a statement it ran) undoes
/// everything the work did and is its answer.
pub trait Work: Send + 'static {
    type Output: Send + 'static;

    /// The statements to run next, given the rows each statement of the last script returned
    /// (`None` at the start), or the result.
    fn step(&mut self, rows: Option<Vec<Vec<Row>>>) -> Result<Next<Self::Output>, AppError>;
}

/// The common work of one script: run `script`, then `then` on its rows.
pub struct Once<F> {
    script: Option<Script>,
    then: Option<F>,
}

impl<F, T> Once<F>
where
    F: FnOnce(Vec<Vec<Row>>) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    pub fn new(script: Script, then: F) -> Self {
        Self {
            script: Some(script),
            then: Some(then),
        }
    }
}

/// The rows of each statement of `script`, once its work is durable.
pub fn rows_of(script: Script) -> impl Work<Output = Vec<Vec<Row>>> {
    Once::new(script, Ok)
}

/// A work asked for another step after its last: a bug, answered as a failed write.
fn misused() -> AppError {
    AppError::Database(sqlx::Error::Protocol(
        "a write was stepped after it was done".into(),
    ))
}

impl<F, T> Work for Once<F>
where
    F: FnOnce(Vec<Vec<Row>>) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    type Output = T;

    fn step(&mut self, rows: Option<Vec<Vec<Row>>>) -> Result<Next<T>, AppError> {
        match (rows, self.script.take()) {
            (None, Some(script)) => Ok(Next::Run(script)),
            (Some(rows), None) => {
                let then = self.then.take().ok_or_else(misused)?;
                then(rows).map(Next::Done)
            }
            _ => Err(misused()),
        }
    }
}

/// Runs `work` in a transaction of its own through `pool` (PostgreSQL): committed when it is
/// done, rolled back when a step or a statement fails.
pub async fn own<W: Work>(pool: &AnyPool, mut work: W) -> Result<W::Output, AppError> {
    let mut tx = pool.begin().await?;
    let mut rows = None;
    let done = loop {
        match work.step(rows.take()) {
            Ok(Next::Done(v)) => break Ok(v),
            Ok(Next::Run(script)) => match script.run(&mut tx).await {
                Ok(results) => rows = Some(decoded(&results)?),
                Err(e) => break Err(AppError::from(e)),
            },
            Err(e) => break Err(e),
        }
    };
    match done {
        Ok(v) => {
            tx.commit().await?;
            Ok(v)
        }
        Err(e) => {
            // Dropped unanswered, the connection rolls back before its next use anyway.
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}

/// sqlx's rows as [`Row`]s: each column an integer, text or NULL, as the works read them.
fn decoded(results: &[Vec<AnyRow>]) -> Result<Vec<Vec<Row>>, AppError> {
    let mut out = Vec::with_capacity(results.len());
    for rows in results {
        let Some(first) = rows.first() else {
            out.push(Vec::new());
            continue;
        };
        let names: Arc<[String]> = first
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        let mut decoded = Vec::with_capacity(rows.len());
        for row in rows {
            let mut values = Vec::with_capacity(names.len());
            for i in 0..names.len() {
                values.push(match row.try_get::<Option<i64>, _>(i) {
                    Ok(v) => v.map_or(Value::Null, Value::Int),
                    Err(_) => row
                        .try_get::<Option<String>, _>(i)?
                        .map_or(Value::Null, Value::Text),
                });
            }
            decoded.push(Row {
                names: names.clone(),
                values,
            });
        }
        out.push(decoded);
    }
    Ok(out)
}
