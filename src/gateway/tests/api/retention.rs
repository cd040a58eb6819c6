//! Retention and the upload quota: the sweep is run with the clock moved forward, not waited for.

use crate::helpers::{spawn_app, transfer, TestApp};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use std::time::Duration as Wait;
use tongban_gateway::{retention::Retention, store::Engine};

fn retention(app: &TestApp) -> Retention {
    Retention {
        store: app.store.clone(),
        data_dir: app.data.clone(),
        final_days: 1095,
    }
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

async fn upload(app: &TestApp) -> String {
    let res = app
        .upload("参保缴费凭证", "application/pdf", b"%PDF-1.4 x".to_vec())
        .await;
    assert_eq!(res.status().as_u16(), 201);
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Whether the bytes of upload `id` are stored (its sealed chunks in the database).
async fn file_exists(app: &TestApp, id: &str) -> bool {
    let chunks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = $1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    chunks > 0
}

#[tokio::test]
async fn retention_deletes_what_it_should_and_nothing_else() {
    let app = spawn_app().await;
    let t0: DateTime<Utc> = Utc::now();
    let loose = upload(&app).await;
    let kept_file = upload(&app).await;
    let mut done = transfer("11010519491231002X");
    done["attachments"] = json!([kept_file]);
    let (_, a) = app.submit("retain-done-1234", &done).await;
    let done_no = a["receipt_no"].as_str().unwrap().to_owned();
    let active_file = upload(&app).await;
    let mut active = transfer("11010519491231002X");
    active["attachments"] = json!([active_file]);
    let (_, c) = app.submit("retain-open-1234", &active).await;
    let active_no = c["receipt_no"].as_str().unwrap().to_owned();
    for mv in ["accept", "complete"] {
        let path = format!("/api/v1/operator/applications/{done_no}/{mv}");
        assert_eq!(app.operator(&path, Some(&json!({}))).await.0, 200);
    }
    // A failed lookup opens a rate-limit window.
    let res = app
        .client
        .get(app.at(&format!("/api/v1/applications/{active_no}")))
        .header("Tongban-Verifier", "999999")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    // Wait (bounded) for the four pushes to be delivered; then add one that never was.
    for _ in 0..100 {
        if count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL",
        )
        .await
            == 4
        {
            break;
        }
        tokio::time::sleep(Wait::from_millis(50)).await;
    }
    sqlx::query(
        "INSERT INTO outbox (event_id, payload, attempts, next_at) VALUES ('x-1', '{}', 9, $1)",
    )
    .bind(i64::MAX / 2)
    .execute(app.store.pool())
    .await
    .unwrap();

    let r = retention(&app);
    let swept = r.sweep(t0 + Duration::hours(23)).await.unwrap();
    assert_eq!(swept, Default::default(), "nothing is old enough yet");
    assert!(file_exists(&app, &loose).await);

    let swept = r.sweep(t0 + Duration::hours(25)).await.unwrap();
    assert_eq!(
        (
            swept.uploads,
            swept.lookup_windows,
            swept.pushes,
            swept.purged
        ),
        (1, 2, 0, 0)
    );
    assert!(
        !file_exists(&app, &loose).await,
        "the loose upload's file is gone"
    );
    assert!(file_exists(&app, &kept_file).await && file_exists(&app, &active_file).await);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM attachments").await, 2);

    let swept = r.sweep(t0 + Duration::days(31)).await.unwrap();
    assert_eq!((swept.pushes, swept.purged), (4, 0));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM outbox").await,
        1,
        "the undelivered push stays"
    );

    let swept = r.sweep(t0 + Duration::days(1094)).await.unwrap();
    assert_eq!(swept.purged, 0, "final, but not for 1095 days yet");

    let swept = r.sweep(t0 + Duration::days(1096)).await.unwrap();
    assert_eq!(swept.purged, 1);
    assert!(
        !file_exists(&app, &kept_file).await,
        "the final application's file is purged"
    );
    assert!(
        file_exists(&app, &active_file).await,
        "an open application keeps its file"
    );
    let form = |no: &str| {
        let no = no.to_owned();
        let pool = app.store.pool().clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT form_json FROM applications WHERE receipt_no = $1",
            )
            .bind(no)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(form(&done_no).await, "");
    assert_ne!(
        form(&active_no).await,
        "",
        "an open application is never purged"
    );
    let (status, progress) = app
        .operator(&format!("/api/v1/operator/applications/{done_no}"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        progress["status"], "completed",
        "receipt, item, statuses and dates stay"
    );
    assert_eq!(progress["item"], "jm-transfer");
    assert_eq!(progress["timeline"].as_array().unwrap().len(), 3);
    assert!(!progress.to_string().contains("002X"));
    assert_eq!(
        r.sweep(t0 + Duration::days(1096)).await.unwrap(),
        Default::default()
    );
}

#[tokio::test]
async fn the_twenty_first_loose_upload_of_a_day_gets_429_upload_quota() {
    let app = spawn_app().await;
    for _ in 0..20 {
        upload(&app).await;
    }
    let res = app
        .upload("参保缴费凭证", "application/pdf", b"%PDF-1.4 x".to_vec())
        .await;
    assert_eq!(res.status().as_u16(), 429);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "upload_quota");
}

#[tokio::test]
async fn an_upload_whose_bytes_fail_to_store_leaves_no_row() {
    let app = spawn_app().await;
    if app.store.engine() != Engine::Sqlite {
        return; // the failure is injected with a SQLite trigger
    }
    sqlx::raw_sql(
        "CREATE TRIGGER refuse BEFORE INSERT ON attachment_chunks BEGIN SELECT RAISE(ABORT, 'x'); END",
    )
    .execute(app.store.pool())
    .await
    .unwrap();
    let res = app
        .upload("参保缴费凭证", "application/pdf", b"%PDF-1.4 x".to_vec())
        .await;
    assert!(res.status().is_server_error(), "{}", res.status());
    let rows = count(&app, "SELECT COUNT(*) FROM attachments").await;
    assert_eq!(rows, 0, "no row without its bytes");
}
