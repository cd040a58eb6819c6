//! Writes on the hot path share transactions on SQLite (group commit on the writer's thread,
//! `store::writer`): many submissions at once are each stored once, in fewer commits than
//! requests; a request that fails in a batch leaves nothing behind and the others stored; a
//! write whose caller went away is done whole all the same, and one that panics is refused and
//! leaves nothing. On PostgreSQL (each write its own transaction) the same answers hold; only
//! the batch counts are SQLite's.

use crate::helpers::{fresh_store, spawn_app, transfer, TestApp};
use serde_json::Value;
use tongban_gateway::store::{rows_of, Columns, Next, Once, Row, Script, Store, Work};
use tongban_gateway::AppError;

const ID: &str = "11010519491231002X";

async fn rows(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// Sends every submission at once (each with its key); the answers in the same order.
async fn at_once(app: &TestApp, bodies: Vec<(String, Value)>) -> Vec<(u16, Value)> {
    let calls: Vec<_> = bodies
        .into_iter()
        .map(|(key, body)| {
            let req = app
                .client
                .post(app.at("/api/v1/applications"))
                .bearer_auth(&app.token)
                .header("Idempotency-Key", key)
                .json(&body);
            tokio::spawn(async move {
                let res = req.send().await.expect("request");
                let status = res.status().as_u16();
                (status, res.json().await.unwrap_or(Value::Null))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for call in calls {
        answers.push(call.await.unwrap());
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_submissions_at_once_are_each_stored_once_in_fewer_commits() {
    let app = spawn_app().await;
    let before = app.store.batches();
    let bodies = (0..64)
        .map(|n| (format!("at-once-key-{n:04}"), transfer(ID)))
        .collect();
    let answers = at_once(&app, bodies).await;
    assert!(answers.iter().all(|a| a.0 == 201), "{answers:?}");
    let mut numbers: Vec<_> = answers.iter().map(|a| a.1["receipt_no"].clone()).collect();
    numbers.sort_by_key(|n| n.to_string());
    numbers.dedup();
    assert_eq!(numbers.len(), 64);
    assert_eq!(
        rows(&app.store, "SELECT COUNT(*) FROM applications").await,
        64
    );
    assert_eq!(
        rows(&app.store, "SELECT COUNT(*) FROM idempotency_keys").await,
        64
    );
    if let (Some(before), Some(after)) = (before, app.store.batches()) {
        assert_eq!(
            after.writes - before.writes,
            64,
            "every submission in a batch"
        );
        assert!(
            after.commits - before.commits < 64,
            "requests that arrived together share commits: {before:?} → {after:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_retries_at_once_with_one_key_store_one_application() {
    let app = spawn_app().await;
    let bodies = (0..16)
        .map(|_| ("one-key-for-all-16".to_owned(), transfer(ID)))
        .collect();
    let answers = at_once(&app, bodies).await;
    assert_eq!(
        answers.iter().filter(|a| a.0 == 201).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|a| a.0 == 201 || a.0 == 200),
        "{answers:?}"
    );
    let first = &answers[0].1["receipt_no"];
    assert!(answers.iter().all(|a| &a.1["receipt_no"] == first));
    assert_eq!(
        rows(&app.store, "SELECT COUNT(*) FROM applications").await,
        1
    );
    assert_eq!(
        rows(&app.store, "SELECT COUNT(*) FROM application_events").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_submission_failing_in_a_batch_leaves_nothing_and_its_batch_mates_are_stored() {
    let app = spawn_app().await;
    // Odd ones name an upload that does not exist: they fail after their application's row
    // was written in the batch, and only that is rolled back.
    let bodies = (0..32)
        .map(|n| {
            let mut body = transfer(ID);
            if n % 2 == 1 {
                body["attachments"] = serde_json::json!(["no-such-upload-0000000000000000"]);
            }
            (format!("mixed-batch-key-{n:04}"), body)
        })
        .collect();
    let answers = at_once(&app, bodies).await;
    for (n, (status, body)) in answers.iter().enumerate() {
        if n % 2 == 0 {
            assert_eq!(*status, 201, "{n}: {body}");
        } else {
            assert_eq!(
                (*status, body["code"].as_str()),
                (400, Some("unknown_attachment")),
                "{n}"
            );
        }
    }
    assert_eq!(
        rows(&app.store, "SELECT COUNT(*) FROM applications").await,
        16
    );
    assert_eq!(
        rows(&app.store, "SELECT COUNT(*) FROM application_events").await,
        16
    );
    assert_eq!(
        rows(&app.store, "SELECT COUNT(*) FROM idempotency_keys").await,
        16
    );
}

/// A write of one mark (a `lookup_failures` row) in `bucket`, failing after it when `fail`.
fn mark(bucket: &str, fail: bool) -> impl Work<Output = ()> {
    let mut script = Script::new();
    script
        .push("INSERT INTO lookup_failures (bucket, window_start, failures) VALUES ($1, 0, 1)")
        .bind(bucket);
    Once::new(script, move |_| {
        if fail {
            return Err(AppError::BadRequest {
                code: "refused_after_writing",
                message: "the work refuses after its statement ran".into(),
                field: None,
            });
        }
        Ok(())
    })
}

async fn marks(store: &Store) -> Vec<String> {
    sqlx::query_scalar("SELECT bucket FROM lookup_failures ORDER BY bucket")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_work_that_fails_after_writing_leaves_nothing_and_the_next_one_commits() {
    let store = fresh_store().await;
    let failed = store.write(mark("refused", true)).await;
    assert!(
        matches!(
            failed,
            Err(AppError::BadRequest {
                code: "refused_after_writing",
                ..
            })
        ),
        "{failed:?}"
    );
    store.write(mark("kept", false)).await.unwrap();
    assert_eq!(marks(&store).await, ["kept"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_write_whose_caller_went_away_is_still_done_whole_and_the_writer_goes_on() {
    let store = fresh_store().await;
    // Callers that stop waiting at once: each write stands or falls whole all the same.
    for n in 0..8 {
        let write = tokio::spawn({
            let store = store.clone();
            async move { store.write(mark(&format!("gone-{n}"), false)).await }
        });
        write.abort();
    }
    let last = store.write(mark("waited", false)).await;
    assert!(last.is_ok(), "{last:?}");
    let found = marks(&store).await;
    assert!(found.contains(&"waited".to_owned()), "{found:?}");
    assert!(
        found
            .iter()
            .all(|m| m == "waited" || m.starts_with("gone-")),
        "{found:?}"
    );
}

/// A work whose step panics (a bug): answered as a failed write, nothing of it kept.
struct Panics;

impl Work for Panics {
    type Output = ();

    fn step(&mut self, rows: Option<Vec<Vec<Row>>>) -> Result<Next<()>, AppError> {
        if rows.is_some() {
            panic!("a bug in a write's last step");
        }
        let mut script = Script::new();
        script
            .push("INSERT INTO lookup_failures (bucket, window_start, failures) VALUES ($1, 0, 1)")
            .bind("panicked");
        Ok(Next::Run(script))
    }
}

#[tokio::test]
async fn a_write_that_panics_is_refused_and_leaves_nothing_and_the_next_one_commits() {
    let store = fresh_store().await;
    let Some(start) = store.batches() else {
        return; // PostgreSQL: the work runs on the request's task, a panic is the request's.
    };
    assert!(store.write(Panics).await.is_err());
    store.write(mark("after", false)).await.unwrap();
    assert_eq!(marks(&store).await, ["after"]);
    let end = store.batches().unwrap();
    assert_eq!((end.writes - start.writes, end.queued), (1, 0));
}

/// `store::Script`: a request's statements, each statement's rows answered in order.
fn script(buckets: &[&str], returning: &str) -> Script {
    let mut script = Script::new();
    for bucket in buckets {
        script
            .push("INSERT INTO lookup_failures (bucket, window_start, failures) VALUES ($1, 0, 1)")
            .bind(*bucket);
    }
    script
        .push(
            "INSERT INTO lookup_failures (bucket, window_start, failures) VALUES ($1, 0, 1) \
             RETURNING bucket",
        )
        .bind(returning);
    script.push("SELECT bucket FROM lookup_failures ORDER BY bucket");
    script
}

#[tokio::test]
async fn a_script_answers_each_statements_rows_and_its_work_is_committed() {
    let store = fresh_store().await;
    let results = store.write(rows_of(script(&["a"], "b"))).await.unwrap();
    let buckets = |rows: &[Row]| -> Vec<String> {
        rows.iter()
            .map(|r| r.get::<String>("bucket").unwrap())
            .collect()
    };
    assert_eq!(results.len(), 3);
    assert!(results[0].is_empty());
    assert_eq!(buckets(&results[1]), ["b"]);
    assert_eq!(buckets(&results[2]), ["a", "b"]);
    assert_eq!(marks(&store).await, ["a", "b"]);
}

#[tokio::test]
async fn a_script_stops_at_its_first_failing_statement_and_leaves_nothing() {
    let store = fresh_store().await;
    // The second "a" breaks the primary key: "a" before it is undone, "c" never runs.
    let failed = store.write(rows_of(script(&["a", "a"], "c"))).await;
    match failed {
        Err(AppError::Database(sqlx::Error::Database(db))) => {
            assert_eq!(db.kind(), sqlx::error::ErrorKind::UniqueViolation)
        }
        other => panic!("a unique violation, as sqlx reports it: {other:?}"),
    }
    store.write(mark("d", false)).await.unwrap();
    assert_eq!(marks(&store).await, ["d"]);
}

#[tokio::test]
async fn a_new_sqlite_database_is_made_of_two_kib_pages() {
    let store = fresh_store().await;
    // The writer's thread is SQLite's alone; PostgreSQL's pages are its own.
    if store.batches().is_none() {
        return;
    }
    assert_eq!(
        rows(&store, "SELECT page_size FROM pragma_page_size()").await,
        2048
    );
}
