//! Keyed verifier hashes: an unkeyed hash of before is re-derived under TONGBAN_VERIFIER_KEY
//! at the next start and lookups keep working; without the key no stored hash matches.

use crate::helpers::{restart, spawn_app, transfer, TestApp, ME};
use tongban_gateway::applications::receipt::sha256_hex;

const TAIL: &str = "31002X";

async fn stored(app: &TestApp, receipt: &str) -> String {
    sqlx::query_scalar("SELECT verifier_hash FROM applications WHERE receipt_no = $1")
        .bind(receipt)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

async fn lookup(app: &TestApp, receipt: &str) -> u16 {
    app.client
        .get(app.at(&format!("/api/v1/applications/{receipt}")))
        .header("Tongban-Verifier", TAIL)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn an_unkeyed_verifier_hash_is_re_derived_at_start_and_lookups_keep_working() {
    let app = spawn_app().await;
    let (status, r) = app.submit("verifier-key-0001", &transfer(ME)).await;
    assert_eq!(status, 201, "{r}");
    let receipt = r["receipt_no"].as_str().unwrap().to_owned();
    assert!(stored(&app, &receipt).await.starts_with("hv1:"));
    // As a version before the key wrote it.
    let legacy = sha256_hex(&[receipt.as_bytes(), TAIL.as_bytes()]);
    sqlx::query("UPDATE applications SET verifier_hash = $1 WHERE receipt_no = $2")
        .bind(&legacy)
        .bind(&receipt)
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(
        lookup(&app, &receipt).await,
        200,
        "still matched until re-derived"
    );

    let next = restart(&app, &[], "clerk-2").await;
    let keyed = stored(&next, &receipt).await;
    assert!(
        keyed.starts_with("hv1:") && !keyed.contains(&legacy),
        "{keyed}"
    );
    assert_eq!(lookup(&next, &receipt).await, 200);

    // Another key, the old one not kept: the stored hash is worth nothing without its key.
    let other = restart(
        &app,
        &[(
            "TONGBAN_VERIFIER_KEY",
            "another-verifier-key-0123456789abcdef",
        )],
        "clerk-3",
    )
    .await;
    assert_eq!(lookup(&other, &receipt).await, 404);
}
