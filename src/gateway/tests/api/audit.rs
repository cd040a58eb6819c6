//! The audit trail: an auditor sees every read and move of a journey; it holds no personal data.

use crate::helpers::{spawn_app, transfer};
use serde_json::{json, Value};
use tongban_gateway::accounts::Role;

const ID: &str = "11010519491231002X";

/// The actions of audit rows, oldest first.
fn actions(rows: &Value) -> Vec<&str> {
    let mut list: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    list.reverse();
    list
}

#[tokio::test]
async fn an_auditor_sees_the_reads_and_moves_of_a_journey_and_a_clerk_gets_403() {
    let app = spawn_app().await;
    let pdf = app
        .upload("参保缴费凭证", "application/pdf", b"%PDF-1.4 x".to_vec())
        .await;
    let id = pdf.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = transfer(ID);
    body["attachments"] = json!([id]);
    let (_, r) = app.submit("audit-key-123456", &body).await;
    let receipt = r["receipt_no"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/operator/applications/{receipt}");
    app.operator("/api/v1/operator/applications?region=420800", None)
        .await;
    app.operator(&base, None).await;
    let file = app.attachment(&app.clerk, &id).await;
    assert_eq!(file.status().as_u16(), 200);
    for mv in ["accept", "complete"] {
        let (status, _) = app
            .operator(&format!("{base}/{mv}"), Some(&json!({})))
            .await;
        assert_eq!(status, 200);
    }
    app.operator("/api/v1/operator/reports/progress.csv?region=420800", None)
        .await;

    let auditor = app.add_operator("auditor", Role::Auditor, "*", None).await;
    let (status, rows) = app
        .operator_as(
            &auditor,
            &format!("/api/v1/operator/audit?receipt_no={receipt}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{rows}");
    assert_eq!(
        actions(&rows),
        [
            "application.read",
            "attachment.read",
            "move.accept",
            "move.complete"
        ]
    );
    for row in rows.as_array().unwrap() {
        assert_eq!(row["operator"], "clerk");
        assert_eq!(row["region"], "420800");
        assert_eq!(row["client"], "127.0.0.1");
    }
    // The number as typed from the paper (groups, lower case) finds the same rows.
    let typed = tongban_rules::receipt_no::grouped(&receipt)
        .to_lowercase()
        .replace(' ', "%20");
    let (status, typed_rows) = app
        .operator_as(
            &auditor,
            &format!("/api/v1/operator/audit?receipt_no={typed}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{typed_rows}");
    assert_eq!(actions(&typed_rows), actions(&rows));
    let (_, by_clerk) = app
        .operator_as(&auditor, "/api/v1/operator/audit?operator=clerk", None)
        .await;
    let all = actions(&by_clerk);
    assert!(
        all.contains(&"queue.read") && all.contains(&"report.csv"),
        "{all:?}"
    );
    let (_, later) = app
        .operator_as(
            &auditor,
            "/api/v1/operator/audit?operator=clerk&from=2999-01-01T00:00:00Z",
            None,
        )
        .await;
    assert_eq!(later, json!([]));
    let (_, until) = app
        .operator_as(
            &auditor,
            "/api/v1/operator/audit?operator=clerk&to=2000-01-01T00:00:00Z",
            None,
        )
        .await;
    assert_eq!(until, json!([]));

    let (status, body) = app.operator("/api/v1/operator/audit", None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("role_forbidden"))
    );
}

#[tokio::test]
async fn audit_rows_hold_no_personal_data() {
    let app = spawn_app().await;
    let (_, r) = app.submit("audit-pii-123456", &transfer(ID)).await;
    let receipt = r["receipt_no"].as_str().unwrap();
    let base = format!("/api/v1/operator/applications/{receipt}");
    app.operator(&base, None).await;
    app.operator(
        &format!("{base}/return"),
        Some(&json!({"note": "请补充", "materials": ["参保缴费凭证"]})),
    )
    .await;
    let auditor = app.add_operator("auditor", Role::Auditor, "*", None).await;
    let (_, rows) = app
        .operator_as(&auditor, "/api/v1/operator/audit", None)
        .await;
    assert_eq!(rows.as_array().unwrap().len(), 2, "{rows}");
    let text = rows.to_string();
    for personal in [ID, "31002X", "13800138000", "王小明", "citizen-1", "请补充"] {
        assert!(
            !text.contains(personal),
            "`{personal}` in the audit log: {text}"
        );
    }
}

#[tokio::test]
async fn an_auditor_of_one_region_reads_only_that_regions_rows() {
    let app = spawn_app().await;
    let (_, r) = app.submit("audit-reg-123456", &transfer(ID)).await;
    let receipt = r["receipt_no"].as_str().unwrap();
    app.operator(&format!("/api/v1/operator/applications/{receipt}"), None)
        .await;
    let gd = app
        .add_operator("auditor-gd", Role::Auditor, "440000", None)
        .await;
    let jm = app
        .add_operator("auditor-jm", Role::Auditor, "420800", None)
        .await;
    let path = format!("/api/v1/operator/audit?receipt_no={receipt}");
    assert_eq!(app.operator_as(&gd, &path, None).await.1, json!([]));
    assert_eq!(
        actions(&app.operator_as(&jm, &path, None).await.1),
        ["application.read"]
    );
}

#[tokio::test]
async fn a_clerks_move_and_its_audit_row_commit_together_or_not_at_all() {
    let app = spawn_app().await;
    let (status, receipt) = app
        .submit("operate-key-0001", &transfer(crate::helpers::ME))
        .await;
    assert_eq!(status, 201, "{receipt}");
    let no = receipt["receipt_no"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/operator/applications/{no}/accept");
    let (status, _) = app.operator(&path, Some(&json!({}))).await;
    assert_eq!(status, 200);
    let rows: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit WHERE action = 'move.accept' AND receipt_no = $1",
    )
    .bind(&no)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(rows, 1, "the move's row");
    // The audit trail cannot be written: the next move does not happen either.
    sqlx::query("ALTER TABLE audit RENAME TO audit_away")
        .execute(app.store.pool())
        .await
        .unwrap();
    let start = format!("/api/v1/operator/applications/{no}/start");
    let (status, _) = app.operator(&start, Some(&json!({}))).await;
    assert!(status >= 500, "the move failed with its audit: {status}");
    let now: String = sqlx::query_scalar("SELECT status FROM applications WHERE receipt_no = $1")
        .bind(&no)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(
        now, "accepted",
        "a move whose audit row failed did not happen"
    );
}
