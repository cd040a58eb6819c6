//! The outbox with claims: copies that live deliver each event once; an event claimed by a copy
//! that dies is delivered by another once the lease expires; claimers at once never share one.

use crate::helpers::{another_copy, fresh_store, spawn_app_with, spawn_hook, transfer, TestApp};
use std::{collections::HashMap, time::Duration};
use tongban_gateway::push::claim::claim;

/// Waits (bounded) until every outbox event is delivered; answers how many there are.
async fn all_delivered(app: &TestApp) -> i64 {
    for _ in 0..300 {
        let (total, left): (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), COUNT(*) - COUNT(delivered_at) FROM outbox")
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        if left == 0 {
            return total;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("events still undelivered after 30 s");
}

/// Shuts `app` down gracefully and waits until it has: no delivery is in flight after.
async fn stop(app: TestApp) {
    let _ = app.shutdown.send(());
    app.serving.await.unwrap().unwrap();
}

#[tokio::test]
async fn three_copies_deliver_each_event_exactly_once() {
    let (url, hook) = spawn_hook(0).await;
    let env = [("TONGBAN_WEBHOOK_URL", url.as_str())];
    let a = spawn_app_with(0, &env).await;
    let b = another_copy(&a, &env, "clerk-b").await;
    let c = another_copy(&a, &env, "clerk-c").await;
    for (i, copy) in [&a, &b, &c].into_iter().cycle().take(24).enumerate() {
        let token = copy.session(&format!("citizen-x{i}")).await;
        let body = transfer(&copy.id_of(&token));
        let (status, r) = copy
            .submit_as(&token, &format!("cluster-key-{i:06}"), &body)
            .await;
        assert_eq!(status, 201, "{r}");
        let receipt = r["receipt_no"].as_str().unwrap();
        let path = format!("/api/v1/operator/applications/{receipt}/accept");
        assert_eq!(
            copy.operator(&path, Some(&serde_json::json!({}))).await.0,
            200
        );
    }
    let events = all_delivered(&a).await;
    assert_eq!(events, 48, "a submission and an acceptance each");
    for copy in [a, b, c] {
        stop(copy).await;
    }
    let attempts = hook.attempts.lock().unwrap();
    let mut per_event: HashMap<&str, usize> = HashMap::new();
    for (id, _, _) in attempts.iter() {
        *per_event.entry(id.as_str()).or_default() += 1;
    }
    assert_eq!(per_event.len(), 48);
    let twice: Vec<_> = per_event.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
}

/// A webhook receiver that takes connections and never answers: a delivery to it is in flight
/// until the copy gives up or dies.
async fn silent_receiver() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

#[tokio::test]
async fn an_event_claimed_by_a_copy_that_dies_is_delivered_by_another() {
    let silent = silent_receiver().await;
    let a = spawn_app_with(
        0,
        &[
            ("TONGBAN_WEBHOOK_URL", &silent),
            ("TONGBAN_PUSH_LEASE_SECS", "4"),
            ("TONGBAN_COPY_NAME", "copy-a"),
        ],
    )
    .await;
    let (status, r) = a
        .submit("dies-key-000001", &transfer(crate::helpers::ME))
        .await;
    assert_eq!(status, 201, "{r}");
    // A claims the event and is delivering it when it dies.
    let mut lease_until = None;
    for _ in 0..100 {
        lease_until = sqlx::query_scalar(
            "SELECT lease_until FROM outbox WHERE claimed_by = 'copy-a' AND delivered_at IS NULL",
        )
        .fetch_optional(a.store.pool())
        .await
        .unwrap()
        .flatten();
        if lease_until.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let lease_until: i64 = lease_until.expect("copy A claimed the event");
    a.serving.abort();

    let b = another_copy(
        &a,
        &[
            ("TONGBAN_COPY_NAME", "copy-b"),
            ("TONGBAN_PUSH_LEASE_SECS", "4"),
        ],
        "clerk-b",
    )
    .await;
    assert_eq!(all_delivered(&b).await, 1);
    let delivered_at: i64 = sqlx::query_scalar("SELECT delivered_at FROM outbox")
        .fetch_one(b.store.pool())
        .await
        .unwrap();
    assert!(
        delivered_at >= lease_until,
        "B waited for A's lease to expire"
    );
    stop(b).await;
    let at_b: Vec<_> = sqlx::query_scalar::<_, i64>("SELECT attempts FROM outbox")
        .fetch_all(a.store.pool())
        .await
        .unwrap();
    assert_eq!(at_b, vec![1], "one recorded attempt: B's");
}

#[tokio::test]
async fn claimers_at_the_same_moment_never_take_the_same_event() {
    let store = fresh_store().await;
    for i in 0..100 {
        sqlx::query(
            "INSERT INTO outbox (event_id, payload, attempts, next_at, created_at) \
             VALUES ($1, '{}', 0, 0, 0)",
        )
        .bind(format!("event-{i:03}"))
        .execute(store.pool())
        .await
        .unwrap();
    }
    let now = chrono::Utc::now().timestamp_millis();
    let claims = (0..4).map(|k| {
        let store = store.clone();
        async move { claim(&store, &format!("copy-{k}"), now, now + 60_000, 30).await }
    });
    let taken: Vec<String> = futures_util::future::join_all(claims)
        .await
        .into_iter()
        .flat_map(|r| r.unwrap())
        .map(|e| e.event_id)
        .collect();
    let distinct: std::collections::BTreeSet<_> = taken.iter().collect();
    assert_eq!(taken.len(), 100, "four claims of 30 take all 100");
    assert_eq!(distinct.len(), 100, "and none twice");
    // Leased, nothing is due; once the leases expire, everything is.
    assert!(claim(&store, "copy-9", now, now + 60_000, 200)
        .await
        .unwrap()
        .is_empty());
    let later = now + 60_000;
    assert_eq!(
        claim(&store, "copy-9", later, later + 60_000, 200)
            .await
            .unwrap()
            .len(),
        100
    );
}
