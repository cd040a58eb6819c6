//! The upload quota counts what a citizen uploaded in 24 hours, attached or not: attaching the
//! day's uploads to an application gives none of it back.

use crate::helpers::{spawn_app, transfer, TestApp};
use serde_json::{json, Value};

async fn upload(app: &TestApp) -> reqwest::Response {
    app.upload("参保缴费凭证", "application/pdf", b"%PDF-1.4 x".to_vec())
        .await
}

async fn upload_id(app: &TestApp) -> String {
    let res = upload(app).await;
    assert_eq!(res.status().as_u16(), 201);
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Submits a transfer carrying upload `id`; its receipt number.
async fn attach(app: &TestApp, key: &str, id: &str) -> String {
    let mut body = transfer("11010519491231002X");
    body["attachments"] = json!([id]);
    let (status, r) = app.submit(key, &body).await;
    assert_eq!(status, 201, "{r}");
    r["receipt_no"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn uploads_attached_to_an_application_still_count_for_the_day() {
    let app = spawn_app().await;
    let first = upload_id(&app).await;
    let receipt = attach(&app, "quota-key-000001", &first).await;
    let mut ids = Vec::new();
    for _ in 1..20 {
        ids.push(upload_id(&app).await);
    }
    // Attached as a submission attaches them (one application here, several in life).
    for id in &ids {
        sqlx::query("UPDATE attachments SET receipt_no = $1 WHERE id = $2")
            .bind(&receipt)
            .bind(id)
            .execute(app.store.pool())
            .await
            .unwrap();
    }
    let loose: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE receipt_no IS NULL")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(loose, 0, "nothing is loose any more");
    let res = upload(&app).await;
    assert_eq!(res.status().as_u16(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "upload_quota");
    // Another citizen has a quota of their own.
    let other = app.session("citizen-2").await;
    let res = app
        .client
        .post(app.at("/api/v1/attachments"))
        .query(&[("material", "参保缴费凭证")])
        .bearer_auth(&other)
        .header("content-type", "application/pdf")
        .body(b"%PDF-1.4 x".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
}

#[tokio::test]
async fn the_bytes_of_attached_uploads_count_too() {
    let app = spawn_app().await;
    let id = upload_id(&app).await;
    attach(&app, "quota-key-000002", &id).await;
    // As if that file had been 50 MB: the day's bytes are spent, attached or not.
    sqlx::query("UPDATE attachments SET size = $1 WHERE id = $2")
        .bind(50_i64 * 1024 * 1024)
        .bind(&id)
        .execute(app.store.pool())
        .await
        .unwrap();
    let res = upload(&app).await;
    assert_eq!(res.status().as_u16(), 429);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "upload_quota");
}
