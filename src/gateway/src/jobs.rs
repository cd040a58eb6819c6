//! Periodic jobs (the retention sweep, appointment reminders) run once per cluster, not once
//! per copy. Each job has a row in `job_runs`: a copy runs it only by claiming that row when the
//! job is due (`next_at`) and no live lease holds it — one conditional `UPDATE`, so of copies
//! checking at once exactly one wins. While it runs, the copy renews its lease; when it ends, the
//! next run is due `every` later. A copy that dies mid-run leaves a lease that expires, and the
//! job is taken up again by whichever copy checks next.

use crate::{metrics::Metrics, store::Store, AppError};
use std::{future::Future, sync::Arc, time::Duration};
use tokio::sync::watch;

/// How often a copy checks whether a job is due.
const CHECK: Duration = Duration::from_secs(30);
/// How long a claim holds without renewal; renewed every third of it while the job runs.
const LEASE: Duration = Duration::from_secs(60);

fn ms(d: Duration) -> i64 {
    d.as_millis() as i64
}

/// Takes job `name` for `holder` at `now` (Unix ms) if it is due and nobody holds it.
pub async fn claim(store: &Store, name: &str, holder: &str, now: i64) -> Result<bool, AppError> {
    sqlx::query(
        "INSERT INTO job_runs (name, next_at, runs) VALUES ($1, 0, 0) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .execute(store.pool())
    .await?;
    let taken = sqlx::query(
        "UPDATE job_runs SET holder = $2, lease_until = $3 WHERE name = $1 AND next_at <= $4 \
         AND (lease_until IS NULL OR lease_until <= $4)",
    )
    .bind(name)
    .bind(holder)
    .bind(now + ms(LEASE))
    .bind(now)
    .execute(store.pool())
    .await?;
    Ok(taken.rows_affected() == 1)
}

async fn renew(store: &Store, name: &str, holder: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE job_runs SET lease_until = $3 WHERE name = $1 AND holder = $2")
        .bind(name)
        .bind(holder)
        .bind(now + ms(LEASE))
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Ends `holder`'s run of `name` at `now`; the next is due at `next_at`.
pub async fn finish(
    store: &Store,
    name: &str,
    holder: &str,
    now: i64,
    next_at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE job_runs SET holder = NULL, lease_until = NULL, last_run_at = $3, next_at = $4, \
         runs = runs + 1 WHERE name = $1 AND holder = $2",
    )
    .bind(name)
    .bind(holder)
    .bind(now)
    .bind(next_at)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// A periodic job: its name, how often it runs, and one run.
pub struct Job<F> {
    pub name: &'static str,
    pub every: Duration,
    pub run: F,
}

/// Checks `job` at start and every 30 s until `stop`, running it when this copy claims it.
pub async fn run<F, Fut>(
    store: Store,
    holder: String,
    job: Job<F>,
    metrics: Arc<Metrics>,
    mut stop: watch::Receiver<bool>,
) where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), AppError>> + Send,
{
    let now = || chrono::Utc::now().timestamp_millis();
    while !*stop.borrow() {
        match claim(&store, job.name, &holder, now()).await {
            Ok(true) => {
                let work = (job.run)();
                tokio::pin!(work);
                let result = loop {
                    tokio::select! {
                        r = &mut work => break r,
                        _ = tokio::time::sleep(LEASE / 3) => {
                            if let Err(e) = renew(&store, job.name, &holder, now()).await {
                                tracing::warn!(job = job.name, error = %e, "job lease not renewed");
                            }
                        }
                    }
                };
                let outcome = match &result {
                    Ok(()) => "done",
                    Err(e) => {
                        tracing::warn!(job = job.name, error = %e, "job failed; runs again later");
                        "failed"
                    }
                };
                metrics
                    .job_runs
                    .with_label_values(&[job.name, outcome])
                    .inc();
                let at = now();
                if let Err(e) = finish(&store, job.name, &holder, at, at + ms(job.every)).await {
                    tracing::warn!(job = job.name, error = %e, "job end not recorded");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(job = job.name, error = %e, "job check failed"),
        }
        metrics.job_checks.with_label_values(&[job.name]).inc();
        tokio::select! {
            _ = tokio::time::sleep(CHECK) => {}
            _ = stop.changed() => {}
        }
    }
}
