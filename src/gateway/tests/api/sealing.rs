//! Encryption at rest: no ID number, phone or name in clear in the database or the attachment
//! files after a journey, under either cipher; and data sealed under one key is read after a
//! rotation, and after `rekey` without the old key.

use crate::helpers::{restart, spawn_app_with, transfer, TestApp, DATA_KEY};
use serde_json::{json, Value};
use tongban_gateway::{sealing::rekey::rekey, store::Engine};

const ID: &str = "11010519491231002X";
const PHONE: &str = "13800138000";
const NAME: &str = "王小明";
/// 16 bytes, base64: an SM4-GCM data key.
const SM4_KEY: &str = "c200LWRhdGEta2V5LTAxNg==";
/// Another AES-256-GCM key.
const NEW_AES_KEY: &str = "bmV3LWRhdGEta2V5LTAxMjM0NTY3ODlhYmNkZWYwMTI=";

/// A scan that names the applicant, as a real ID card copy would.
fn scan() -> Vec<u8> {
    format!("%PDF-1.4 {NAME} {ID} {PHONE}").into_bytes()
}

/// Uploads the scan, submits with it, and walks the application to completion; answers the
/// receipt number and the attachment id.
async fn journey(app: &TestApp, key: &str) -> (String, String) {
    let res = app.upload("参保缴费凭证", "application/pdf", scan()).await;
    assert_eq!(res.status().as_u16(), 201);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = transfer(ID);
    body["attachments"] = json!([id]);
    let (status, r) = app.submit(key, &body).await;
    assert_eq!(status, 201, "{r}");
    let receipt = r["receipt_no"].as_str().unwrap().to_owned();
    for mv in ["accept", "complete"] {
        let path = format!("/api/v1/operator/applications/{receipt}/{mv}");
        assert_eq!(app.operator(&path, Some(&json!({}))).await.0, 200);
    }
    (receipt, id)
}

/// What an operator reads back: the masked applicant and the file's bytes.
async fn read_back(app: &TestApp, receipt: &str, id: &str) -> (u16, Value, Vec<u8>) {
    let (status, progress) = app
        .operator(&format!("/api/v1/operator/applications/{receipt}"), None)
        .await;
    let file = app
        .attachment(&app.clerk, id)
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    (status, progress["applicant"].clone(), file)
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn assert_nothing_in_clear(app: &TestApp) {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    if app.store.engine() == Engine::Sqlite {
        for suffix in ["", "-wal", "-shm"] {
            files.push(app.data.join(format!("tongban.db{suffix}")));
        }
    }
    for file in files.iter().filter(|f| f.exists()) {
        let bytes = std::fs::read(file).unwrap();
        for personal in [ID, PHONE, NAME] {
            assert!(
                !contains(&bytes, personal),
                "`{personal}` in clear in {}",
                file.display()
            );
        }
    }
    // On either engine, the stored answers and file chunks themselves are sealed.
    let chunks: Vec<Vec<u8>> = sqlx::query_scalar("SELECT sealed FROM attachment_chunks")
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    assert!(!chunks.is_empty());
    assert!(chunks
        .iter()
        .all(|c| c.starts_with(b"TBS1") && !contains(c, ID)));
    let forms: Vec<String> = sqlx::query_scalar("SELECT form_json FROM applications")
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    assert!(forms
        .iter()
        .all(|f| f.starts_with("tbs1:") && !f.contains(ID)));
}

#[tokio::test]
async fn after_a_journey_no_id_number_phone_or_name_is_in_clear_under_either_cipher() {
    for env in [
        vec![],
        vec![("TONGBAN_CIPHER", "sm4-gcm"), ("TONGBAN_DATA_KEY", SM4_KEY)],
    ] {
        let app = spawn_app_with(0, &env).await;
        let (receipt, id) = journey(&app, "clear-key-123456").await;
        let (status, applicant, file) = read_back(&app, &receipt, &id).await;
        assert_eq!(status, 200);
        assert_eq!(applicant["name"], "王*明", "the answers are read back");
        assert_eq!(file, scan(), "the file is read back whole");
        assert_nothing_in_clear(&app).await;
    }
}

#[tokio::test]
async fn data_sealed_under_one_key_is_read_after_a_rotation_and_after_rekey() {
    let first = spawn_app_with(0, &[]).await;
    let (receipt, id) = journey(&first, "rotate-key-12345").await;

    // The new key alone cannot read what the old one sealed.
    let without_old = restart(&first, &[("TONGBAN_DATA_KEY", NEW_AES_KEY)], "clerk-2").await;
    assert_eq!(read_back(&without_old, &receipt, &id).await.0, 500);

    // Rotated to SM4, the old AES key kept for reading.
    let rotated = restart(
        &first,
        &[
            ("TONGBAN_CIPHER", "sm4-gcm"),
            ("TONGBAN_DATA_KEY", SM4_KEY),
            ("TONGBAN_DATA_KEYS_OLD", DATA_KEY),
        ],
        "clerk-3",
    )
    .await;
    let (status, applicant, file) = read_back(&rotated, &receipt, &id).await;
    assert_eq!((status, applicant["name"].as_str()), (200, Some("王*明")));
    assert_eq!(file, scan());

    let done = rekey(&rotated.store, &rotated.data, |_| {}).await.unwrap();
    let of = |target: &str| done.iter().find(|p| p.target == target).unwrap().resealed;
    assert_eq!(
        (of("applications.form_json"), of("attachment_chunks.sealed")),
        (1, 1)
    );
    let again = rekey(&rotated.store, &rotated.data, |_| {}).await.unwrap();
    assert!(again.iter().all(|p| p.read == 0 && p.finished), "{again:?}");

    let only_new = restart(
        &first,
        &[("TONGBAN_CIPHER", "sm4-gcm"), ("TONGBAN_DATA_KEY", SM4_KEY)],
        "clerk-4",
    )
    .await;
    let (status, applicant, file) = read_back(&only_new, &receipt, &id).await;
    assert_eq!((status, applicant["name"].as_str()), (200, Some("王*明")));
    assert_eq!(file, scan());
    assert_nothing_in_clear(&only_new).await;
}
