//! Several copies on one database: an upload stored through one copy is read through another
//! (nothing on a copy's disk), bytes that are gone answer 404 `file_missing`, and the files of
//! before are read from the disk until `files migrate` moves them into the database.

use crate::helpers::{another_copy, spawn_app, TestApp};
use serde_json::Value;
use tongban_gateway::applications::files::{migrate::migrate, CHUNK};

/// A PDF of `len` bytes whose content differs at every position.
fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4 ".to_vec();
    let mut x: u32 = 7;
    while bytes.len() < len {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        bytes.push((x >> 16) as u8);
    }
    bytes
}

async fn upload(app: &TestApp, bytes: Vec<u8>) -> String {
    let res = app.upload("参保缴费凭证", "application/pdf", bytes).await;
    assert_eq!(res.status().as_u16(), 201);
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// `GET /attachments/{id}` on `app` with the session `token`: status and body.
async fn read(app: &TestApp, token: &str, id: &str) -> (u16, Vec<u8>) {
    let res = app.attachment(token, id).await;
    (res.status().as_u16(), res.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn a_five_megabyte_upload_through_one_copy_is_read_whole_through_another() {
    let a = spawn_app().await;
    let b = another_copy(&a, &[], "clerk-b").await;
    let file = pdf(5 * 1024 * 1024);
    let id = upload(&a, file.clone()).await;
    let (status, read_back) = read(&b, &a.token, &id).await;
    assert_eq!(status, 200);
    assert_eq!(read_back.len(), file.len());
    assert!(
        read_back == file,
        "the bytes read through B are the bytes sent through A"
    );
    let chunks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = $1")
            .bind(&id)
            .fetch_one(b.store.pool())
            .await
            .unwrap();
    assert_eq!(chunks as usize, file.len().div_ceil(CHUNK));
    assert!(
        !a.data.join("attachments").exists(),
        "nothing on the receiving copy's disk"
    );
}

#[tokio::test]
async fn an_attachment_whose_bytes_are_gone_answers_404_file_missing() {
    let app = spawn_app().await;
    let whole_gone = upload(&app, pdf(1000)).await;
    let cut_short = upload(&app, pdf(3 * CHUNK)).await;
    sqlx::query("DELETE FROM attachment_chunks WHERE attachment_id = $1")
        .bind(&whole_gone)
        .execute(app.store.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM attachment_chunks WHERE attachment_id = $1 AND n = 2")
        .bind(&cut_short)
        .execute(app.store.pool())
        .await
        .unwrap();
    for id in [whole_gone, cut_short] {
        let (status, body) = read(&app, &app.token, &id).await;
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!((status, body["code"].as_str()), (404, Some("file_missing")));
    }
}

#[tokio::test]
async fn a_file_of_before_is_read_from_the_disk_until_migrate_moves_it_in() {
    let app = spawn_app().await;
    let file = pdf(CHUNK + 10);
    let id = upload(&app, file.clone()).await;
    // As the gateway stored files before: sealed whole for the id, under the data dir.
    let dir = app.data.join("attachments");
    std::fs::create_dir_all(&dir).unwrap();
    let sealed = app.store.sealer().unwrap().seal(&id, &file);
    std::fs::write(dir.join(&id), sealed).unwrap();
    sqlx::query("DELETE FROM attachment_chunks WHERE attachment_id = $1")
        .bind(&id)
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(read(&app, &app.token, &id).await, (200, file.clone()));

    let done = migrate(&app.store, &app.data).await.unwrap();
    assert_eq!((done.moved, done.already, done.missing), (1, 0, 0));
    assert!(!dir.join(&id).exists(), "the moved file left the disk");
    assert_eq!(read(&app, &app.token, &id).await, (200, file));
    let again = migrate(&app.store, &app.data).await.unwrap();
    assert_eq!((again.moved, again.already, again.missing), (0, 0, 0));
}
