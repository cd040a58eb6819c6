//! Made-up operator tokens cannot fill the audit table: per client address and minute, the
//! first 30 refusals are a row each, the 31st says the rest of the minute goes unrecorded, and
//! the rest are answered 429 `too_many_refusals` without a row. A named operator's expired or
//! revoked token is still recorded every time.

use crate::helpers::spawn_app;
use chrono::{Duration, Utc};
use tongban_gateway::accounts::Role;
use tongban_gateway::identity::flood::RECORDED_PER_MINUTE;

#[tokio::test]
async fn unknown_tokens_past_the_minutes_budget_are_answered_429_without_a_row_each() {
    let app = spawn_app().await;
    let queue = "/api/v1/operator/applications";
    let sent = RECORDED_PER_MINUTE + 10;
    let mut answered = vec![];
    for n in 0..sent {
        let token = format!("tbo_{n:064}");
        let res = app
            .client
            .get(app.at(queue))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let waits = res.headers().contains_key("retry-after");
        let body: serde_json::Value = res.json().await.unwrap();
        answered.push((status, body["code"].as_str().unwrap().to_owned(), waits));
    }
    let recorded = (RECORDED_PER_MINUTE + 1) as usize;
    assert!(answered[..recorded]
        .iter()
        .all(|a| *a == (401, "operator_token_invalid".to_owned(), false)));
    assert!(answered[recorded..]
        .iter()
        .all(|a| *a == (429, "too_many_refusals".to_owned(), true)));

    // A named operator's expired token is recorded, whatever the address sent before.
    let past = Some(Utc::now() - Duration::seconds(1));
    let expired = app.add_operator("old", Role::Clerk, "440000", past).await;
    let (status, _) = app.operator_as(&expired, queue, None).await;
    assert_eq!(status, 401);

    let auditor = app.add_operator("auditor", Role::Auditor, "*", None).await;
    let (status, rows) = app
        .operator_as(&auditor, "/api/v1/operator/audit", None)
        .await;
    assert_eq!(status, 200, "{rows}");
    let details: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "refused.401")
        .map(|r| r["detail"].as_str().unwrap())
        .collect();
    let unknown: Vec<&&str> = details
        .iter()
        .filter(|d| d.starts_with("operator_token_invalid"))
        .collect();
    assert_eq!(unknown.len(), recorded, "{details:#?}");
    assert_eq!(
        unknown
            .iter()
            .filter(|d| d.contains("answered 429 unrecorded"))
            .count(),
        1,
        "one row says the rest of the minute goes unrecorded: {details:#?}"
    );
    assert_eq!(
        details
            .iter()
            .filter(|d| d.starts_with("operator_token_expired"))
            .count(),
        1
    );
}

#[tokio::test]
async fn the_openapi_document_lists_the_429_on_every_operator_operation() {
    let app = spawn_app().await;
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let mut operator_ops = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !op["security"].to_string().contains("\"operator_token\"") {
                continue;
            }
            operator_ops += 1;
            let said = op["responses"]["429"]["description"].as_str().unwrap_or("");
            assert!(
                said.contains("too_many_refusals"),
                "{method} {path}: {said:?}"
            );
        }
    }
    assert!(operator_ops >= 10, "{operator_ops}");
}
