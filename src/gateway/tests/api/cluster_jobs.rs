//! Periodic jobs run once per cluster; `/metrics` shows requests, the pool, the outbox and the
//! jobs behind its token; `/readyz` fails while draining or with a migration pending.

use crate::helpers::{another_copy, fresh_store, spawn_app_with, TestApp};
use std::time::Duration;
use tongban_gateway::jobs::{claim, finish};

const TOKEN: &str = "test-metrics-token-0123456789abcdef";

async fn metrics(app: &TestApp) -> String {
    let res = app
        .client
        .get(app.at("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.text().await.unwrap()
}

/// The value of the sample `name{labels}` in a Prometheus text, 0 when absent.
fn sample(text: &str, name_and_labels: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name_and_labels)?.trim().parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn of_copies_claiming_a_due_job_at_once_exactly_one_runs_it() {
    let store = fresh_store().await;
    let now = chrono::Utc::now().timestamp_millis();
    let claims = (0..5).map(|k| {
        let store = store.clone();
        async move { claim(&store, "sweep", &format!("copy-{k}"), now).await }
    });
    let won: Vec<bool> = futures_util::future::join_all(claims)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(won.iter().filter(|w| **w).count(), 1, "{won:?}");
    let winner = format!("copy-{}", won.iter().position(|w| *w).unwrap());
    finish(&store, "sweep", &winner, now, now + 3_600_000)
        .await
        .unwrap();
    assert!(
        !claim(&store, "sweep", "copy-0", now + 1).await.unwrap(),
        "not due again yet"
    );
    assert!(claim(&store, "sweep", "copy-0", now + 3_600_000)
        .await
        .unwrap());
}

#[tokio::test]
async fn three_copies_run_the_retention_sweep_once_between_them() {
    let env = [("TONGBAN_METRICS_TOKEN", TOKEN)];
    let a = spawn_app_with(0, &env).await;
    let b = another_copy(&a, &env, "clerk-b").await;
    let c = another_copy(&a, &env, "clerk-c").await;
    let checked = "tongban_job_checks_total{job=\"retention\"}";
    let mut texts = Vec::new();
    for _ in 0..200 {
        texts = Vec::new();
        for copy in [&a, &b, &c] {
            texts.push(metrics(copy).await);
        }
        if texts.iter().all(|t| sample(t, checked) >= 1.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        texts.iter().all(|t| sample(t, checked) >= 1.0),
        "each copy checked"
    );
    let ran: f64 = texts
        .iter()
        .map(|t| {
            sample(
                t,
                "tongban_job_runs_total{job=\"retention\",outcome=\"done\"}",
            )
        })
        .sum();
    assert_eq!(ran, 1.0, "one sweep for the cluster");
    let runs: i64 = sqlx::query_scalar("SELECT runs FROM job_runs WHERE name = 'retention'")
        .fetch_one(a.store.pool())
        .await
        .unwrap();
    assert_eq!(runs, 1);
}

#[tokio::test]
async fn metrics_need_their_token_and_count_requests_by_route() {
    let plain = spawn_app_with(0, &[]).await;
    let res = plain.client.get(plain.at("/metrics")).send().await.unwrap();
    assert_eq!(
        res.status().as_u16(),
        404,
        "no metrics without a token configured"
    );

    let app = spawn_app_with(0, &[("TONGBAN_METRICS_TOKEN", TOKEN)]).await;
    let res = app.client.get(app.at("/metrics")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let (status, _) = app.get_json("/api/v1/applications/TB00000000000000").await;
    assert_eq!(status, 404);
    let text = metrics(&app).await;
    let route = "tongban_http_requests_total{method=\"GET\",route=\"/api/v1/applications/{receipt_no}\",status=\"404\"}";
    assert_eq!(sample(&text, route), 1.0, "{text}");
    assert!(
        !text.contains("TB00000000000000"),
        "a path's values never reach the metrics"
    );
    for name in [
        "tongban_http_request_duration_seconds_bucket",
        "tongban_db_pool_connections{state=\"idle\"}",
        "tongban_outbox_backlog",
        "tongban_outbox_oldest_age_seconds",
    ] {
        assert!(text.contains(name), "{name} missing from:\n{text}");
    }
    // SQLite's group commit: how many batches, the writes they carried, the writes waiting.
    if app.store.batches().is_some() {
        for what in ["commits", "writes", "queued"] {
            let name = format!("tongban_store_batches{{what=\"{what}\"}}");
            assert!(text.contains(&name), "{name} missing from:\n{text}");
        }
    }
}

#[tokio::test]
async fn readyz_fails_with_a_migration_pending_and_while_draining() {
    let app = spawn_app_with(0, &[("TONGBAN_DRAIN_SECS", "30")]).await;
    let (client, url) = (app.client.clone(), app.at("/readyz"));
    let regions = app.at("/api/v1/regions");
    let ready = || {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let res = client.get(url).send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    assert_eq!(ready().await, (200, "ready".into()));
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 15")
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(ready().await, (503, "migrations pending".into()));

    let _ = app.shutdown.send(());
    let mut seen = (0, String::new());
    for _ in 0..100 {
        seen = ready().await;
        if seen.0 == 503 && seen.1 == "draining" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(seen, (503, "draining".into()));
    let status = client.get(regions).send().await.unwrap().status();
    assert_eq!(status, 200, "requests are still served while draining");
    app.serving.abort();
}

#[tokio::test]
async fn a_metrics_listener_of_its_own_serves_metrics_without_a_token() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let at = free.local_addr().unwrap().to_string();
    drop(free);
    let app = spawn_app_with(0, &[("TONGBAN_METRICS_ADDR", &at)]).await;
    let res = app
        .client
        .get(format!("http://{at}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("tongban_outbox_backlog"));
    let main = app.client.get(app.at("/metrics")).send().await.unwrap();
    assert_eq!(
        main.status().as_u16(),
        404,
        "not on the main listener without a token"
    );
}
