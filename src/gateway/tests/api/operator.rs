use crate::helpers::{
    push_verifies, spawn_app, spawn_app_with_hook, transfer, TICKET_SECRET, WEBHOOK_SECRET,
};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn operator_endpoints_need_the_operator_token() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/operator/applications",
        "/api/v1/operator/applications/TB0000000000000000",
        "/api/v1/operator/stats?region=420800",
        "/api/v1/operator/reports/progress.csv?region=440000",
    ] {
        let (status, body) = app.send(Method::GET, path, Some(&app.token), None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("operator_token_required")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_queue_filters_by_status_and_an_applicant_move_is_not_an_operator_action() {
    let app = spawn_app().await;
    let (_, r) = app
        .submit("queue-key-123456", &transfer("11010519491231002X"))
        .await;
    let receipt = r["receipt_no"].as_str().unwrap();
    let (_, queue) = app
        .operator("/api/v1/operator/applications?status=submitted", None)
        .await;
    assert_eq!(queue[0]["receipt_no"], receipt);
    let (_, none) = app
        .operator("/api/v1/operator/applications?status=completed", None)
        .await;
    assert_eq!(none, json!([]));
    let path = format!("/api/v1/operator/applications/{receipt}/revoke");
    let (status, _) = app.operator(&path, Some(&json!({}))).await;
    assert_eq!(status, 404);
    let (status, body) = app
        .operator("/api/v1/operator/applications?status=nonsense", None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("unknown_status"))
    );
}

#[tokio::test]
async fn a_clerk_reads_each_region_by_its_full_name_beside_the_code() {
    let app = spawn_app().await;
    let (_, r) = app
        .submit("region-name-123456", &transfer("11010519491231002X"))
        .await;
    let receipt = r["receipt_no"].as_str().unwrap();
    let (_, queue) = app.operator("/api/v1/operator/applications", None).await;
    assert_eq!(
        (
            queue[0]["region"].as_str(),
            queue[0]["region_name"].as_str()
        ),
        (Some("420800"), Some("湖北省荆门市"))
    );
    let path = format!("/api/v1/operator/applications/{receipt}");
    let (status, one) = app.operator(&path, None).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["region_name"].as_str(), Some("湖北省荆门市"));
}

#[tokio::test]
async fn the_guangdong_progress_table_lists_the_eighteen_items_as_csv() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.at("/api/v1/operator/reports/progress.csv?region=440000"))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains("事项名称（主项）,事项名称（子项）,实施层级,通办目标"));
    assert_eq!(
        lines.len(),
        1 + 18 + 1,
        "GD 附件 has 18 rows, then the region's"
    );
    assert!(csv.contains("异地安置退休人员备案"));
}

#[tokio::test]
async fn the_webhook_gets_every_event_signed_even_when_it_fails_the_first_attempts() {
    let app = spawn_app_with_hook(2).await;
    let (_, r) = app
        .submit("hook-key-1234567", &transfer("11010519491231002X"))
        .await;
    let receipt = r["receipt_no"].as_str().unwrap().to_owned();
    for a in ["accept", "complete"] {
        let path = format!("/api/v1/operator/applications/{receipt}/{a}");
        app.operator(&path, Some(&json!({}))).await;
    }
    // Each event fails twice (backoff 1 s, then 2 s) before it is accepted.
    let mut delivered = Vec::new();
    for _ in 0..100 {
        delivered = app.hook.delivered();
        if delivered.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Delivered concurrently, so in any order: the event id's suffix is the application's
    // sequence, as a receiver orders them.
    delivered.sort_by_key(|e| {
        let id = e["event_id"].as_str().unwrap();
        id.rsplit('-').next().unwrap().parse::<u32>().unwrap()
    });
    let statuses: Vec<&str> = delivered
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["submitted", "accepted", "completed"]);
    assert_eq!(delivered[0]["owner_shell"], "wechat");
    assert_eq!(delivered[0]["owner_sub"], "citizen-1");
    let attempts = app.hook.attempts.lock().unwrap();
    assert!(attempts.iter().all(|(_, sig, _)| sig.starts_with("t=")));
    assert!(
        !attempts
            .iter()
            .any(|(_, _, b)| b.to_string().contains("11010519491231002X")),
        "pushes carry no ID number"
    );
}

#[tokio::test]
async fn a_push_verifies_with_the_webhook_secret_and_fails_with_the_ticket_secret() {
    let app = spawn_app().await;
    app.submit("push-key-1234567", &transfer("11010519491231002X"))
        .await;
    let mut raw = Vec::new();
    for _ in 0..100 {
        raw = app.hook.raw.lock().unwrap().clone();
        if !raw.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (signature, body) = raw.first().expect("a push arrived");
    assert!(
        push_verifies(WEBHOOK_SECRET, signature, body),
        "{signature}"
    );
    assert!(!push_verifies(TICKET_SECRET, signature, body));
    assert!(!push_verifies(
        WEBHOOK_SECRET,
        signature,
        &body.replace("submitted", "completed")
    ));
}
