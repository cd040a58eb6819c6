//! Writes on the hot path share transactions on SQLite (group commit, `store::batch`): many
//! submissions at once are each stored once, in fewer commits than requests; a request that
//! fails in a batch leaves nothing behind and the others stored; a write dropped half-way is
//! rolled back while its batch-mates commit. On PostgreSQL (each write its own transaction)
//! the same answers hold; only the batch counts are SQLite's.

use crate::helpers::{fresh_store, spawn_app, transfer, TestApp};
use serde_json::Value;
use std::time::Duration;
use tongban_gateway::store::Store;

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

async fn mark(write: &mut tongban_gateway::store::Write, bucket: &str) {
    sqlx::query("INSERT INTO lookup_failures (bucket, window_start, failures) VALUES ($1, 0, 1)")
        .bind(bucket)
        .execute(&mut **write.tx().unwrap())
        .await
        .unwrap();
}

async fn marks(store: &Store) -> Vec<String> {
    sqlx::query_scalar("SELECT bucket FROM lookup_failures ORDER BY bucket")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_write_dropped_half_way_is_rolled_back_and_the_next_one_commits() {
    let store = fresh_store().await;
    let mut dropped = store.write().await.unwrap();
    mark(&mut dropped, "dropped").await;
    drop(dropped);
    let mut kept = store.write().await.unwrap();
    mark(&mut kept, "kept").await;
    kept.finish(Ok(())).await.unwrap();
    assert_eq!(marks(&store).await, ["kept"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_waiting_for_a_batch_mate_that_gives_up_is_still_committed() {
    let store = fresh_store().await;
    let Some(start) = store.batches() else {
        return; // PostgreSQL: no batches, each write commits its own.
    };
    let mut first = store.write().await.unwrap();
    mark(&mut first, "first").await;
    // A second write queues for the batch while the first holds it, then gives up.
    let queued = tokio::spawn({
        let store = store.clone();
        async move { store.write().await.map(|_| ()) }
    });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while store.batches().unwrap().queued == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the second write never queued"
        );
        tokio::task::yield_now().await;
    }
    // The first leaves with someone queued: it waits for the batch's commit, which the
    // second would have made; the second is dropped while it waits for its turn.
    let finished = tokio::spawn(first.finish(Ok(())));
    queued.abort();
    tokio::time::timeout(Duration::from_secs(10), finished)
        .await
        .expect("the batch is committed without the one that gave up")
        .unwrap()
        .unwrap();
    assert_eq!(marks(&store).await, ["first"]);
    let end = store.batches().unwrap();
    assert_eq!((end.writes - start.writes, end.queued), (1, 0));
}

/// `store::Script`: a request's statements in one round trip on SQLite (one by one on
/// PostgreSQL), each statement's rows answered in order, its savepoint opened and released in it.
fn script(buckets: &[&str], returning: &str) -> tongban_gateway::store::Script {
    let mut script = tongban_gateway::store::Script::new();
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
    use sqlx::Row;
    let store = fresh_store().await;
    let mut write = store.write_script().await.unwrap();
    let results = write.run(script(&["a"], "b"), true).await.unwrap();
    let buckets = |rows: &[sqlx::any::AnyRow]| -> Vec<String> {
        rows.iter().map(|r| r.get::<String, _>(0)).collect()
    };
    assert_eq!(results.len(), 3);
    assert!(results[0].is_empty());
    assert_eq!(buckets(&results[1]), ["b"]);
    assert_eq!(buckets(&results[2]), ["a", "b"]);
    write.finish(Ok(())).await.unwrap();
    assert_eq!(marks(&store).await, ["a", "b"]);
}

#[tokio::test]
async fn a_script_stops_at_its_first_failing_statement_and_leaves_nothing() {
    let store = fresh_store().await;
    let mut write = store.write_script().await.unwrap();
    // The second "a" breaks the primary key: "a" before it is undone, "c" never runs.
    let failed = write.run(script(&["a", "a"], "c"), true).await;
    assert!(failed.is_err());
    assert!(write.finish(failed.map(|_| ())).await.is_err());
    let mut next = store.write().await.unwrap();
    mark(&mut next, "d").await;
    next.finish(Ok(())).await.unwrap();
    assert_eq!(marks(&store).await, ["d"]);
}
