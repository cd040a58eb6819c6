//! Named operators: each sees the regions they serve, tokens expire and are revoked, and the
//! binary manages them.

use crate::helpers::{spawn_app, transfer};
use chrono::{Duration, Utc};
use serde_json::json;
use std::process::Command;
use tongban_gateway::accounts::{self, Role};

/// Runs `tongban-gateway operator <args>` against `db`; its stdout (the command must succeed).
pub fn cli(db: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tongban-gateway"))
        .arg("operator")
        .args(args)
        .env("TONGBAN_DATABASE_URL", db)
        .output()
        .expect("run the gateway binary");
    assert!(
        out.status.success(),
        "operator {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_clerk_of_440000_gets_the_same_404_on_a_420800_application_as_on_a_missing_one() {
    let app = spawn_app().await;
    let (_, r) = app
        .submit("region-key-12345", &transfer("11010519491231002X"))
        .await;
    let receipt = r["receipt_no"].as_str().unwrap();
    let gd = app
        .add_operator("clerk-gd", Role::Clerk, "440000", None)
        .await;
    let jm = app
        .add_operator("clerk-jm", Role::Clerk, "420800", None)
        .await;
    let path = format!("/api/v1/operator/applications/{receipt}");
    let missing = app
        .operator_as(
            &gd,
            "/api/v1/operator/applications/TB0000000000000000",
            None,
        )
        .await;
    assert_eq!(missing.0, 404);
    assert_eq!(app.operator_as(&gd, &path, None).await, missing);
    let (status, _) = app
        .operator_as(&gd, &format!("{path}/accept"), Some(&json!({})))
        .await;
    assert_eq!(status, 404, "nor may they move it");
    let (_, queue) = app
        .operator_as(&gd, "/api/v1/operator/applications", None)
        .await;
    assert_eq!(queue, json!([]), "their queue holds only Guangdong");
    let (status, _) = app
        .operator_as(&gd, "/api/v1/operator/stats?region=420800", None)
        .await;
    assert_eq!(status, 404);

    let (status, _) = app.operator_as(&jm, &path, None).await;
    assert_eq!(status, 200);
    let (_, queue) = app
        .operator_as(&jm, "/api/v1/operator/applications", None)
        .await;
    assert_eq!(queue[0]["receipt_no"], receipt);
    let (status, moved) = app
        .operator_as(&jm, &format!("{path}/accept"), Some(&json!({})))
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(
        moved["timeline"][1]["by"], "clerk-jm",
        "operators see who moved it"
    );
    let (_, citizen) = app
        .send(
            reqwest::Method::GET,
            &path.replace("/operator", ""),
            Some(&app.token),
            None,
        )
        .await;
    assert!(
        !citizen.to_string().contains("clerk-jm"),
        "citizens never see a clerk's name: {citizen}"
    );
}

#[tokio::test]
async fn a_revoked_an_expired_or_an_unknown_operator_token_gets_401() {
    let app = spawn_app().await;
    let expired = app
        .add_operator(
            "old",
            Role::Clerk,
            "*",
            Some(Utc::now() - Duration::seconds(1)),
        )
        .await;
    let revoked = app.add_operator("gone", Role::Clerk, "*", None).await;
    let queue = "/api/v1/operator/applications";
    assert_eq!(app.operator_as(&revoked, queue, None).await.0, 200);
    assert!(accounts::revoke(&app.store, "gone", Utc::now())
        .await
        .unwrap());
    for (token, code) in [
        (expired.as_str(), "operator_token_expired"),
        (revoked.as_str(), "operator_token_revoked"),
        ("tbo_0000", "operator_token_invalid"),
    ] {
        let (status, body) = app.operator_as(token, queue, None).await;
        assert_eq!((status, body["code"].as_str()), (401, Some(code)));
    }
}

#[tokio::test]
async fn an_auditor_may_not_work_the_queue() {
    let app = spawn_app().await;
    let auditor = app.add_operator("audit", Role::Auditor, "*", None).await;
    let (status, body) = app
        .operator_as(&auditor, "/api/v1/operator/applications", None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("role_forbidden"))
    );
}

#[tokio::test]
async fn the_binary_adds_lists_and_revokes_operators_and_prints_a_token_once() {
    let dir = std::env::temp_dir().join(format!("tongban-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = format!("sqlite://{}/t.db", dir.display());
    let added = cli(
        &db,
        &[
            "add",
            "--name",
            "li.na",
            "--regions",
            "440000,420800",
            "--role",
            "auditor",
            "--expires-days",
            "90",
        ],
    );
    let token = added.lines().last().unwrap();
    assert!(token.starts_with("tbo_") && token.len() == 68, "{added}");
    let listed = cli(&db, &["list"]);
    assert!(
        listed.contains("li.na\tauditor\t440000,420800\t"),
        "{listed}"
    );
    assert!(!listed.contains(token), "a list never shows a token");
    cli(&db, &["revoke", "li.na"]);
    assert!(!cli(&db, &["list"]).lines().last().unwrap().ends_with("\t-"));
    let refused = Command::new(env!("CARGO_BIN_EXE_tongban-gateway"))
        .args(["operator", "add", "--name", "x", "--regions", "999999"])
        .env("TONGBAN_DATABASE_URL", &db)
        .output()
        .unwrap();
    assert!(!refused.status.success(), "an unknown region is refused");
    let _ = std::fs::remove_dir_all(&dir);
}
