//! Operator tokens expire by default (a person's after 90 days, the system's after 365),
//! `--expires-days` may only shorten that, `renew` replaces a token, the core system's account
//! works only the queue, and a deployed database's never-expiring tokens are bounded at start.

use crate::helpers::{restart, spawn_app, transfer};
use crate::operators::cli;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sqlx::Row;
use std::process::Command;
use tongban_gateway::accounts::{self, lifetime, Role};

/// A scratch SQLite database for the binary's `operator` commands.
fn scratch_db(tag: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("tongban-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}/t.db", dir.display());
    (dir, db)
}

/// The expiry `operator list` prints for `name`.
fn listed_expiry(db: &str, name: &str) -> DateTime<Utc> {
    let listed = cli(db, &["list"]);
    let line = listed
        .lines()
        .find(|l| l.starts_with(&format!("{name}\t")))
        .unwrap_or_else(|| panic!("{name} not in {listed}"));
    let expires = line.split('\t').nth(3).unwrap();
    DateTime::parse_from_rfc3339(expires)
        .unwrap_or_else(|_| panic!("{line}"))
        .with_timezone(&Utc)
}

fn near(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).num_seconds().abs() < 120
}

#[test]
fn a_new_token_carries_its_roles_default_expiry_and_may_only_be_shortened() {
    let (dir, db) = scratch_db("expiry");
    let now = Utc::now();
    cli(&db, &["add", "--name", "li.na", "--regions", "420800"]);
    assert!(near(listed_expiry(&db, "li.na"), now + Duration::days(90)));
    cli(
        &db,
        &[
            "add",
            "--name",
            "core",
            "--regions",
            "420800",
            "--role",
            "system",
        ],
    );
    assert!(near(listed_expiry(&db, "core"), now + Duration::days(365)));
    cli(
        &db,
        &[
            "add",
            "--name",
            "short",
            "--regions",
            "all",
            "--expires-days",
            "7",
        ],
    );
    assert!(near(listed_expiry(&db, "short"), now + Duration::days(7)));
    for (role, days) in [("clerk", "91"), ("auditor", "365"), ("system", "366")] {
        let out = Command::new(env!("CARGO_BIN_EXE_tongban-gateway"))
            .args(["operator", "add", "--name", "long", "--regions", "all"])
            .args(["--role", role, "--expires-days", days])
            .env("TONGBAN_DATABASE_URL", &db)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{role} for {days} days was added");
        assert!(err.contains("may only be shortened"), "{err}");
    }
    assert!(!cli(&db, &["list"]).contains("long\t"), "nothing was added");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn renew_gives_a_new_token_and_the_old_one_stops_working() {
    let app = spawn_app().await;
    let old = app.add_operator("li.na", Role::Clerk, "*", None).await;
    let queue = "/api/v1/operator/applications";
    assert_eq!(app.operator_as(&old, queue, None).await.0, 200);
    let out = cli(&app.database_url, &["renew", "--name", "li.na"]);
    let new = out.lines().last().unwrap();
    assert!(new.starts_with("tbo_") && new != old, "{out}");
    assert_eq!(app.operator_as(new, queue, None).await.0, 200);
    let (status, body) = app.operator_as(&old, queue, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("operator_token_invalid"))
    );
    let renewed: i64 = sqlx::query(
        "SELECT COUNT(*) FROM audit WHERE action = 'operator.renew' AND operator = 'console'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    assert_eq!(renewed, 1);
}

#[tokio::test]
async fn an_expired_token_answers_401_operator_token_expired() {
    let app = spawn_app().await;
    let past = Some(Utc::now() - Duration::seconds(1));
    for (name, role) in [
        ("c", Role::Clerk),
        ("s", Role::System),
        ("a", Role::Auditor),
    ] {
        let token = app.add_operator(name, role, "*", past).await;
        let path = match role {
            Role::Auditor => "/api/v1/operator/audit",
            _ => "/api/v1/operator/applications",
        };
        let (status, body) = app.operator_as(&token, path, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("operator_token_expired")),
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_systems_token_reads_the_queue_and_moves_and_nothing_else() {
    let app = spawn_app().await;
    let pdf = app
        .upload("参保缴费凭证", "application/pdf", b"%PDF-1.4 x".to_vec())
        .await;
    let file = pdf.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = transfer("11010519491231002X");
    body["attachments"] = json!([file]);
    let (_, r) = app.submit("system-key-00001", &body).await;
    let no = r["receipt_no"].as_str().unwrap();
    let system = app
        .add_operator("hexin", Role::System, "420800", None)
        .await;
    let (status, queue) = app
        .operator_as(&system, "/api/v1/operator/applications", None)
        .await;
    assert_eq!((status, queue[0]["receipt_no"].as_str()), (200, Some(no)));
    let path = format!("/api/v1/operator/applications/{no}");
    assert_eq!(app.operator_as(&system, &path, None).await.0, 200);
    let (status, moved) = app
        .operator_as(&system, &format!("{path}/accept"), Some(&json!({})))
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["timeline"][1]["by"], "hexin");
    let (status, _) = app
        .operator_as(&system, &format!("/api/v1/attachments/{file}"), None)
        .await;
    assert_eq!(status, 200, "it reads the materials of what it processes");
    for path in [
        "/api/v1/operator/audit".to_owned(),
        "/api/v1/operator/stats?region=420800".to_owned(),
        format!("/api/v1/receipt/{no}/print"),
        "/api/v1/operator/appointments?office=jm-city-hall&date=2026-12-07".to_owned(),
    ] {
        let (status, body) = app.operator_as(&system, &path, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("role_forbidden")),
            "{path}"
        );
    }
    // Another region's system account sees none of it.
    let other = app
        .add_operator("hexin-gd", Role::System, "440000", None)
        .await;
    assert_eq!(app.operator_as(&other, &path, None).await.0, 404);
}

#[tokio::test]
async fn tokens_of_a_deployed_database_that_never_expire_are_bounded_at_the_next_start() {
    let app = spawn_app().await;
    let now = Utc::now();
    app.add_operator("forever", Role::Clerk, "*", None).await;
    app.add_operator("core", Role::System, "*", None).await;
    app.add_operator("week", Role::Auditor, "*", Some(now + Duration::days(7)))
        .await;
    // As a database from before tokens expired by default holds them.
    sqlx::query("UPDATE operators SET expires_at = NULL WHERE name IN ('forever', 'core')")
        .execute(app.store.pool())
        .await
        .unwrap();
    let again = restart(&app, &[], "clerk-2").await;
    let expiry = |name: &'static str| {
        let store = again.store.clone();
        async move {
            let a = accounts::list(&store)
                .await
                .unwrap()
                .into_iter()
                .find(|a| a.name == name)
                .unwrap();
            a.expires_at.expect("every token expires")
        }
    };
    let person = Duration::days(lifetime::PERSON_DAYS);
    assert!(near(expiry("forever").await, now + person));
    assert!(near(
        expiry("core").await,
        now + Duration::days(lifetime::SYSTEM_DAYS)
    ));
    assert!(near(expiry("week").await, now + Duration::days(7)), "kept");
    let set: Vec<String> = sqlx::query(
        "SELECT detail FROM audit WHERE action = 'operator.expiry_set' ORDER BY detail",
    )
    .fetch_all(again.store.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("detail").unwrap())
    .collect();
    assert_eq!(set.len(), 2, "{set:?}");
    assert!(set[0].starts_with("name=core ") && set[1].starts_with("name=forever "));
}
