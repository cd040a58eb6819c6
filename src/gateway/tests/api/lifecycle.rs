use crate::helpers::{commitment_filing, spawn_app, transfer, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn submitted(app: &TestApp, key: &str) -> String {
    let (status, body) = app.submit(key, &transfer("11010519491231002X")).await;
    assert_eq!(status, 201, "{body}");
    body["receipt_no"].as_str().unwrap().to_owned()
}

async fn mine(app: &TestApp, receipt: &str) -> Value {
    let (status, body) = app
        .send(
            Method::GET,
            &format!("/api/v1/applications/{receipt}"),
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn fetch_inbox(app: &TestApp) -> Value {
    let path = "/api/v1/me/notifications";
    app.send(Method::GET, path, Some(&app.token), None).await.1
}

async fn act(app: &TestApp, receipt: &str, action: &str, body: Value) -> (u16, Value) {
    app.operator(
        &format!("/api/v1/operator/applications/{receipt}/{action}"),
        Some(&body),
    )
    .await
}

fn statuses(progress: &Value) -> Vec<String> {
    progress["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_operator_walks_an_application_to_completion_and_the_applicant_sees_every_step() {
    let app = spawn_app().await;
    let receipt = submitted(&app, "walk-key-123456").await;
    for action in ["accept", "start", "complete"] {
        let (status, body) = act(&app, &receipt, action, json!({})).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
    let progress = mine(&app, &receipt).await;
    assert_eq!(
        statuses(&progress),
        ["submitted", "accepted", "in_progress", "completed"]
    );
    assert_eq!(progress["status_label"], "办结");
    assert_eq!(progress["actions"]["rate"], true);
    assert_eq!(progress["applicant"]["id_number"], "110105********002X");

    let inbox = fetch_inbox(&app).await;
    assert_eq!(inbox["unread"], 4, "{inbox}");
    assert!(inbox["items"][0]["message"]
        .as_str()
        .unwrap()
        .contains("办结"));
    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/me/notifications/read",
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let inbox = fetch_inbox(&app).await;
    assert_eq!(inbox["unread"], 0);
}

#[tokio::test]
async fn acceptance_fixes_the_due_date() {
    let app = spawn_app().await;
    let receipt = submitted(&app, "due-key-123456").await;
    let (_, accepted) = act(&app, &receipt, "accept", json!({})).await;
    assert!(accepted["due_date"].is_string(), "{accepted}");
}

#[tokio::test]
async fn a_resubmission_goes_back_to_the_queue_only_with_the_materials_the_return_names() {
    let app = spawn_app().await;
    let receipt = submitted(&app, "return-key-123456").await;
    let (status, body) = act(&app, &receipt, "return", json!({})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("note_required"))
    );
    let (status, _) = act(
        &app,
        &receipt,
        "return",
        json!({"note": "请补充参保凭证照片", "materials": ["参保凭证"]}),
    )
    .await;
    assert_eq!(status, 200);
    let progress = mine(&app, &receipt).await;
    assert_eq!(progress["asked"]["materials"], json!(["参保凭证"]));
    assert_eq!(progress["actions"]["resubmit"], true);

    let answers = format!("/api/v1/applications/{receipt}/form");
    let (status, stored) = app
        .send(Method::GET, &answers, Some(&app.token), None)
        .await;
    assert_eq!(
        status, 200,
        "the owner gets the answers back to correct them"
    );
    assert_eq!(stored["form"]["applicant.id_number"], "11010519491231002X");
    let stranger = app.session("citizen-3").await;
    let (status, _) = app.send(Method::GET, &answers, Some(&stranger), None).await;
    assert_eq!(status, 404);

    let form = transfer("11010519491231002X")["form"].clone();
    let path = format!("/api/v1/applications/{receipt}/resubmit");
    let resubmit = |body: Value| {
        let (app, path) = (&app, &path);
        async move {
            app.send(Method::POST, path, Some(&app.token), Some(&body))
                .await
        }
    };
    let (status, refused) = resubmit(json!({"form": form})).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (400, Some("materials_missing")),
        "the materials asked for must come with the correction"
    );
    let other = app
        .upload("身份证", "image/jpeg", b"\xFF\xD8\xFFjpeg".to_vec())
        .await;
    let other = other.json::<Value>().await.unwrap()["id"].clone();
    let (status, refused) = resubmit(json!({"form": form, "attachments": [other]})).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (400, Some("materials_missing")),
        "another material does not stand in for the one asked for"
    );
    let asked = app
        .upload("参保凭证", "image/jpeg", b"\xFF\xD8\xFFjpeg".to_vec())
        .await;
    let asked = asked.json::<Value>().await.unwrap()["id"].clone();
    let body = json!({"form": form, "attachments": [asked]});
    let (status, again) = resubmit(body.clone()).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["status"], "submitted");
    assert_eq!(again["attachments"][0]["material"], "参保凭证");
    assert_eq!(again["attachments"].as_array().unwrap().len(), 1, "{again}");
    // A retried resubmission answers with the progress, not a conflict.
    let (status, _) = resubmit(body).await;
    assert_eq!(status, 200);
    let (_, accepted) = act(&app, &receipt, "accept", json!({})).await;
    assert_eq!(accepted["attachments"][0]["id"], asked);
    let shown = format!("/api/v1/operator/applications/{receipt}");
    let (status, seen) = app.operator(&shown, None).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(
        (seen["attachments"][0]["id"].clone(), seen["status"].clone()),
        (asked, json!("accepted")),
        "the office sees the material on file"
    );
    let held = app
        .client
        .get(app.at(&format!("/api/v1/applications/{receipt}")))
        .header("Tongban-Verifier", "31002X")
        .send()
        .await
        .unwrap();
    let held = held.json::<Value>().await.unwrap();
    assert!(
        held["attachments"].is_null() && held["status"] == "accepted",
        "a receipt and verifier show the progress, not the materials: {held}"
    );
    let (status, _) = app
        .send(Method::GET, &answers, Some(&app.token), None)
        .await;
    assert_eq!(
        status, 409,
        "once resubmitted the answers are not given back"
    );
}

#[tokio::test]
async fn a_filing_is_withdrawn_by_its_applicant_before_acceptance_but_not_by_anyone_else() {
    let app = spawn_app().await;
    let body = commitment_filing();
    let (_, res) = app.submit("filing-revoke-1234", &body).await;
    assert_eq!(res["status"], "submitted", "{res}");
    let receipt = res["receipt_no"].as_str().unwrap();
    let path = format!("/api/v1/applications/{receipt}/revoke");
    let stranger = app.session("citizen-2").await;
    let (status, _) = app.send(Method::POST, &path, Some(&stranger), None).await;
    assert_eq!(status, 404, "another citizen cannot even see it");
    let (status, revoked) = app.send(Method::POST, &path, Some(&app.token), None).await;
    assert_eq!(status, 200, "{revoked}");
    assert_eq!(revoked["status_label"], "已撤销");
    let (status, again) = app.send(Method::POST, &path, Some(&app.token), None).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("move_not_allowed"))
    );
}

#[tokio::test]
async fn a_filing_in_force_is_not_revoked_from_the_phone() {
    // JM 13: 参保人可通过自助服务终端撤销异地就医备案 — the terminal's measure, not the phone's.
    let app = spawn_app().await;
    let (_, res) = app.submit("filing-in-force-1", &commitment_filing()).await;
    let receipt = res["receipt_no"].as_str().unwrap().to_owned();
    for a in ["accept", "complete"] {
        let (status, body) = act(&app, &receipt, a, json!({})).await;
        assert_eq!(status, 200, "{a}: {body}");
    }
    let path = format!("/api/v1/applications/{receipt}/revoke");
    let (status, body) = app.send(Method::POST, &path, Some(&app.token), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("move_not_allowed")),
        "{body}"
    );
}

#[tokio::test]
async fn a_bad_rating_needs_a_reason_and_is_followed_up() {
    let app = spawn_app().await;
    let receipt = submitted(&app, "rate-key-123456").await;
    let path = format!("/api/v1/applications/{receipt}/rating");
    let (status, _) = app
        .send(
            Method::POST,
            &path,
            Some(&app.token),
            Some(&json!({"grade": 5})),
        )
        .await;
    assert_eq!(status, 409, "not rateable before 办结");
    for a in ["accept", "complete"] {
        act(&app, &receipt, a, json!({})).await;
    }
    let (status, body) = app
        .send(
            Method::POST,
            &path,
            Some(&app.token),
            Some(&json!({"grade": 1})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["code"], "reason_required");
    let rating = json!({"grade": 1, "reason": "等了很久"});
    let (status, _) = app
        .send(Method::POST, &path, Some(&app.token), Some(&rating))
        .await;
    assert_eq!(status, 200);
    let (_, stats) = app
        .operator("/api/v1/operator/stats?region=420800", None)
        .await;
    assert_eq!(stats["bad_ratings"], 1);
    assert_eq!(stats["bad_rating_fix_rate"], 0.0);
    let follow = format!("/api/v1/operator/applications/{receipt}/follow-up");
    let (status, res) = app
        .operator(&follow, Some(&json!({"note": "已电话回访并改进流程"})))
        .await;
    assert_eq!(status, 200, "{res}");
    let (_, stats) = app
        .operator("/api/v1/operator/stats?region=420800", None)
        .await;
    assert_eq!(stats["bad_rating_fix_rate"], 1.0);
    assert_eq!(stats["completed"], 1);
}

#[tokio::test]
async fn my_applications_list_only_mine_newest_first() {
    let app = spawn_app().await;
    let first = submitted(&app, "list-key-000001").await;
    let second = submitted(&app, "list-key-000002").await;
    let other = app.session("citizen-9").await;
    let (_, list) = app
        .send(
            Method::GET,
            "/api/v1/me/applications",
            Some(&app.token),
            None,
        )
        .await;
    let receipts: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["receipt_no"].as_str().unwrap())
        .collect();
    assert_eq!(receipts, [second.as_str(), first.as_str()]);
    assert_eq!(list[0]["item_name"], "医保关系转移接续");
    let (_, theirs) = app
        .send(Method::GET, "/api/v1/me/applications", Some(&other), None)
        .await;
    assert_eq!(theirs, json!([]));
}
