//! The audit trail records refusals as well as reads and moves: a refused move (403), an
//! operator token that is unknown, expired or revoked (401, never the token itself), an
//! application of a region the operator does not serve (404). Region-less reads (queue pages,
//! family requests, appointments, home visits) reach the auditors whose regions cover the
//! operator's. A read or an act whose row cannot be written answers an error, not the data.

use crate::helpers::{spawn_app, transfer, TestApp};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use tongban_gateway::accounts::{self, Role};

const ID: &str = "11010519491231002X";

/// The rows `auditor` reads at `GET /operator/audit?{query}`.
async fn rows(app: &TestApp, auditor: &str, query: &str) -> Vec<Value> {
    let (status, rows) = app
        .operator_as(auditor, &format!("/api/v1/operator/audit?{query}"), None)
        .await;
    assert_eq!(status, 200, "{rows}");
    rows.as_array().unwrap().clone()
}

/// The rows of `action` among `rows`.
fn of<'a>(rows: &'a [Value], action: &str) -> Vec<&'a Value> {
    rows.iter().filter(|r| r["action"] == action).collect()
}

/// A Jingmen (420800) application; its receipt number.
async fn application(app: &TestApp, key: &str) -> String {
    let (status, r) = app.submit(key, &transfer(ID)).await;
    assert_eq!(status, 201, "{r}");
    r["receipt_no"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_refused_move_leaves_a_403_row_naming_the_operator_and_the_request() {
    let app = spawn_app().await;
    let no = application(&app, "refused-move-0001").await;
    let jm = app
        .add_operator("auditor-jm", Role::Auditor, "420800", None)
        .await;
    let path = format!("/api/v1/operator/applications/{no}/accept");
    let (status, body) = app.operator_as(&jm, &path, Some(&json!({}))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("role_forbidden"))
    );

    let all = app.add_operator("auditor", Role::Auditor, "*", None).await;
    let refused = rows(&app, &all, "operator=auditor-jm").await;
    let refused = of(&refused, "refused.403");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["client"], "127.0.0.1");
    assert_eq!(
        (&refused[0]["detail"], &refused[0]["receipt_no"]),
        (
            &json!("role_forbidden POST /api/v1/operator/applications/{receipt_no}/{action}"),
            &json!(no)
        ),
        "the code, the route and the receipt; never a body"
    );
    // Region-less, of an operator of Jingmen only: Jingmen's auditor reads it too.
    assert_eq!(of(&rows(&app, &jm, "").await, "refused.403").len(), 1);
    let status: String =
        sqlx::query_scalar("SELECT status FROM applications WHERE receipt_no = $1")
            .bind(&no)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(status, "submitted", "the refused move did not happen");
}

#[tokio::test]
async fn an_expired_a_revoked_and_an_unknown_token_each_leave_a_401_row_without_the_token() {
    let app = spawn_app().await;
    let past = Some(Utc::now() - Duration::seconds(1));
    let expired = app.add_operator("old", Role::Clerk, "440000", past).await;
    let revoked = app.add_operator("gone", Role::Clerk, "440000", None).await;
    assert!(accounts::revoke(&app.store, "gone", Utc::now())
        .await
        .unwrap());
    let unknown = format!("tbo_{}", "7".repeat(64));
    let queue = "/api/v1/operator/applications";
    for (token, code) in [
        (&expired, "operator_token_expired"),
        (&revoked, "operator_token_revoked"),
        (&unknown, "operator_token_invalid"),
    ] {
        let (status, body) = app.operator_as(token, queue, None).await;
        assert_eq!((status, body["code"].as_str()), (401, Some(code)));
    }

    let all = app.add_operator("auditor", Role::Auditor, "*", None).await;
    let log = rows(&app, &all, "").await;
    let refused = of(&log, "refused.401");
    let who: Vec<(&str, &str)> = refused
        .iter()
        .map(|r| {
            (
                r["operator"].as_str().unwrap(),
                r["detail"].as_str().unwrap(),
            )
        })
        .collect();
    let fingerprint = tongban_gateway::audit::fingerprint(&accounts::token_hash(&unknown));
    assert_eq!(
        who,
        [
            (
                fingerprint.as_str(),
                "operator_token_invalid GET /api/v1/operator/applications"
            ),
            (
                "gone",
                "operator_token_revoked GET /api/v1/operator/applications"
            ),
            (
                "old",
                "operator_token_expired GET /api/v1/operator/applications"
            ),
        ]
    );
    let text = serde_json::to_string(&log).unwrap();
    for token in [&expired, &revoked, &unknown] {
        assert!(
            !text.contains(&token[4..20]),
            "a token in the audit log: {text}"
        );
    }
    // Guangdong's auditor reads the rows of Guangdong's operators, not the unknown token's.
    let gd = app
        .add_operator("auditor-gd", Role::Auditor, "440000", None)
        .await;
    let seen: Vec<String> = of(&rows(&app, &gd, "").await, "refused.401")
        .iter()
        .map(|r| r["operator"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, ["gone", "old"]);
}

#[tokio::test]
async fn an_application_of_another_region_is_a_404_audited_with_its_receipt_and_region() {
    let app = spawn_app().await;
    let no = application(&app, "cross-region-0001").await;
    let gd = app
        .add_operator("clerk-gd", Role::Clerk, "440000", None)
        .await;
    let base = format!("/api/v1/operator/applications/{no}");
    for (path, body) in [
        (base.clone(), None),
        (format!("{base}/accept"), Some(json!({}))),
    ] {
        let (status, _) = app.operator_as(&gd, &path, body.as_ref()).await;
        assert_eq!(status, 404);
    }
    // The application's region reads it (someone asked about its application) ...
    let jm = app
        .add_operator("auditor-jm", Role::Auditor, "420800", None)
        .await;
    let seen = rows(&app, &jm, &format!("receipt_no={no}")).await;
    let refused = of(&seen, "refused.404");
    assert_eq!(refused.len(), 2, "{seen:?}");
    for r in &refused {
        assert_eq!(
            (&r["operator"], &r["region"], &r["detail"]),
            (&json!("clerk-gd"), &json!("420800"), &json!("not_found"))
        );
    }
    // ... and so does the asking operator's.
    let gd_auditor = app
        .add_operator("auditor-gd", Role::Auditor, "440000", None)
        .await;
    let seen = rows(&app, &gd_auditor, &format!("receipt_no={no}")).await;
    assert_eq!(of(&seen, "refused.404").len(), 2, "{seen:?}");
    // A third region's auditor reads neither.
    let cq = app
        .add_operator("auditor-cq", Role::Auditor, "500114", None)
        .await;
    assert!(rows(&app, &cq, &format!("receipt_no={no}"))
        .await
        .is_empty());
    // An ID number typed where the receipt number belongs: refused, recorded, and not kept.
    let pasted = format!("/api/v1/operator/applications/{ID}");
    assert_eq!(app.operator_as(&gd, &pasted, None).await.0, 404);
    let all = app.add_operator("auditor", Role::Auditor, "*", None).await;
    let log = rows(&app, &all, "operator=clerk-gd").await;
    let pasted = of(&log, "refused.404");
    assert_eq!(pasted.len(), 3, "{log:?}");
    assert!(pasted[0]["receipt_no"].is_null(), "{log:?}");
    let text = serde_json::to_string(&log).unwrap();
    assert!(
        !text.contains(&ID[..14]),
        "an ID number in the audit log: {text}"
    );
}

#[tokio::test]
async fn a_region_less_read_is_seen_by_an_auditor_whose_regions_cover_the_operators() {
    let app = spawn_app().await;
    let gd = app
        .add_operator("clerk-gd", Role::Clerk, "440000", None)
        .await;
    let both = app
        .add_operator("clerk-both", Role::Clerk, "440000,420800", None)
        .await;
    let reads = [
        ("/api/v1/operator/applications", "queue.read"),
        ("/api/v1/operator/family/requests", "family.requests.read"),
        ("/api/v1/operator/appointments", "appointments.read"),
        ("/api/v1/operator/home-visits", "home_visits.read"),
    ];
    for (path, _) in reads {
        for token in [&gd, &both] {
            let (status, body) = app.operator_as(token, path, None).await;
            assert_eq!(status, 200, "{path}: {body}");
        }
    }
    let actions = |rows: &[Value], operator: &str| -> Vec<String> {
        let mut a: Vec<String> = rows
            .iter()
            .filter(|r| r["operator"] == operator && r["region"].is_null())
            .map(|r| r["action"].as_str().unwrap().to_owned())
            .collect();
        a.sort();
        a
    };
    let mut expected: Vec<String> = reads.iter().map(|(_, a)| (*a).to_owned()).collect();
    expected.sort();

    let gd_auditor = app
        .add_operator("auditor-gd", Role::Auditor, "440000", None)
        .await;
    let seen = rows(&app, &gd_auditor, "").await;
    assert_eq!(actions(&seen, "clerk-gd"), expected);
    assert!(
        actions(&seen, "clerk-both").is_empty(),
        "a clerk serving Jingmen too is beyond Guangdong's auditor"
    );
    let jm_auditor = app
        .add_operator("auditor-jm", Role::Auditor, "420800", None)
        .await;
    assert!(actions(&rows(&app, &jm_auditor, "").await, "clerk-gd").is_empty());
    let wide = app
        .add_operator("auditor-wide", Role::Auditor, "420800,440000", None)
        .await;
    let seen = rows(&app, &wide, "").await;
    assert_eq!(actions(&seen, "clerk-gd"), expected);
    assert_eq!(actions(&seen, "clerk-both"), expected);
}

#[tokio::test]
async fn a_read_or_a_window_submission_whose_row_cannot_be_written_answers_no_data() {
    let app = spawn_app().await;
    let no = application(&app, "unrecorded-0001").await;
    sqlx::query("ALTER TABLE audit RENAME TO audit_away")
        .execute(app.store.pool())
        .await
        .unwrap();
    let (status, body) = app
        .operator(&format!("/api/v1/operator/applications/{no}"), None)
        .await;
    assert!(status >= 500, "{status} {body}");
    assert!(
        body.get("form").is_none() && !body.to_string().contains(ID),
        "{body}"
    );

    let mut window = transfer(ID);
    window["channel"] = json!("window");
    window["office"] = json!("jm-city-hall");
    let res = app
        .client
        .post(app.at("/api/v1/operator/applications"))
        .bearer_auth(&app.clerk)
        .header("Idempotency-Key", "unrecorded-window-1")
        .json(&window)
        .send()
        .await
        .unwrap();
    assert!(res.status().as_u16() >= 500, "{}", res.status());
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM applications WHERE channel = 'window'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(
        stored, 0,
        "a submission whose audit row failed was not stored"
    );
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_audit_rows() {
    let app = spawn_app().await;
    app.operator("/api/v1/operator/applications", None).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit")
            .fetch_one(app.store.pool())
            .await
            .unwrap()
    };
    let before = count().await;
    assert!(before >= 1);
    let mut statements = vec![
        "UPDATE audit SET detail = 'rewritten'",
        "UPDATE audit SET operator = 'someone-else' WHERE action = 'queue.read'",
        "DELETE FROM audit",
        "DELETE FROM audit WHERE action = 'queue.read'",
    ];
    if app.db.starts_with("postgres") {
        statements.push("TRUNCATE audit");
    }
    for sql in statements {
        let refused = sqlx::query(sql).execute(app.store.pool()).await;
        let error = refused.expect_err(sql).to_string();
        assert!(error.contains("append-only"), "{sql}: {error}");
    }
    assert_eq!(count().await, before, "every row is still there");
    let details: Vec<Option<String>> = sqlx::query_scalar("SELECT detail FROM audit")
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    assert!(details.iter().all(|d| d.as_deref() != Some("rewritten")));
}
