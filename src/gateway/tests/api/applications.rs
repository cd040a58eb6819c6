use crate::helpers::{commitment_filing, spawn_app, transfer, TestApp};
use serde_json::{json, Value};

async fn lookup(app: &TestApp, receipt: &str, verifier: &str) -> (u16, Value) {
    let url = app.at(&format!("/api/v1/applications/{receipt}"));
    let res = app
        .client
        .get(url)
        .header("Tongban-Verifier", verifier)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or_default())
}

async fn submit(app: &TestApp, key: Option<&str>, body: &Value) -> (u16, Value) {
    let mut req = app
        .client
        .post(app.at("/api/v1/applications"))
        .bearer_auth(&app.token)
        .json(body);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn a_valid_submission_gets_an_unguessable_receipt_and_a_due_date() {
    let app = spawn_app().await;
    let (status, body) = submit(
        &app,
        Some("key-0001-abcdef"),
        &transfer("11010519491231002X"),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let receipt = body["receipt_no"].as_str().unwrap();
    assert!(
        receipt.starts_with("TB") && receipt.len() == 18,
        "{receipt}"
    );
    assert_eq!(body["status"], "submitted");
    assert!(
        body["due_date"].is_string(),
        "JM 2 promises 15 working days: {body}"
    );
}

#[tokio::test]
async fn a_retry_with_the_same_key_stores_one_application() {
    let app = spawn_app().await;
    let body = transfer("11010519491231002X");
    let (first, a) = submit(&app, Some("retry-key-123456"), &body).await;
    let (again, b) = submit(&app, Some("retry-key-123456"), &body).await;
    assert_eq!((first, again), (201, 200));
    assert_eq!(a["receipt_no"], b["receipt_no"]);
}

#[tokio::test]
async fn the_same_key_with_a_different_body_is_refused() {
    let app = spawn_app().await;
    submit(
        &app,
        Some("reused-key-123456"),
        &transfer("11010519491231002X"),
    )
    .await;
    let mut other = transfer("11010519491231002X");
    other["form"]["transfer.insurance_type"] = json!("resident");
    let (status, body) = submit(&app, Some("reused-key-123456"), &other).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("idempotency_key_reused"))
    );
}

#[tokio::test]
async fn a_reused_key_names_the_callers_application_and_a_second_is_never_made() {
    let app = spawn_app().await;
    let (_, first) = submit(
        &app,
        Some("lost-answer-12345"),
        &transfer("11010519491231002X"),
    )
    .await;
    let mut edited = transfer("11010519491231002X");
    edited["form"]["transfer.insurance_type"] = json!("resident");
    let (status, body) = submit(&app, Some("lost-answer-12345"), &edited).await;
    assert_eq!(
        (status, &body["receipt_no"]),
        (409, &first["receipt_no"]),
        "{body}"
    );
    let (_, mine) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/me/applications",
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    // Another session's key of the same text is its own key, even the same person's in
    // another shell: it names nothing of ours.
    let other = app.session_as("citizen-2", Some(crate::helpers::ME)).await;
    let res = app
        .client
        .post(app.at("/api/v1/applications"))
        .bearer_auth(&other)
        .header("Idempotency-Key", "lost-answer-12345")
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
}

#[tokio::test]
async fn a_submission_without_an_idempotency_key_is_refused() {
    let app = spawn_app().await;
    let (status, body) = submit(&app, None, &transfer("11010519491231002X")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("idempotency_key_required"))
    );
}

#[tokio::test]
async fn the_gateway_refuses_what_the_rules_refuse_with_the_same_field_errors() {
    let app = spawn_app().await;
    let bad = transfer("110105194912310021");
    let validate = app
        .client
        .post(app.at("/api/v1/validate"))
        .json(&bad)
        .send()
        .await
        .unwrap();
    let expected: Value = validate.json().await.unwrap();
    let (status, body) = submit(&app, Some("invalid-key-123456"), &bad).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"], expected["errors"]);
    let (status, _) = lookup(&app, "TB0000000000000000", "31002X").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn progress_needs_the_right_verifier_and_a_wrong_one_reveals_nothing() {
    let app = spawn_app().await;
    let (_, body) = submit(
        &app,
        Some("lookup-key-123456"),
        &transfer("11010519491231002X"),
    )
    .await;
    let receipt = body["receipt_no"].as_str().unwrap();

    let (status, progress) = lookup(&app, receipt, "31002x").await;
    assert_eq!(status, 200);
    assert_eq!(progress["timeline"][0]["label"], "已提交");
    assert!(
        !progress.to_string().contains("11010519491231002X"),
        "no ID number in the answer"
    );

    let (wrong, body_wrong) = lookup(&app, receipt, "123456").await;
    let (missing, body_missing) = lookup(&app, "TB0000000000000000", "123456").await;
    assert_eq!((wrong, missing), (404, 404));
    assert_eq!(
        body_wrong, body_missing,
        "a wrong verifier looks exactly like no such receipt"
    );
}

#[tokio::test]
async fn a_commitment_filing_from_a_phone_waits_for_the_office() {
    let app = spawn_app().await;
    let body = commitment_filing();
    let (status, res) = submit(&app, Some("filing-key-123456"), &body).await;
    assert_eq!(status, 201, "{res}");
    assert_eq!(
        res["status"], "submitted",
        "JM 13 approves a 承诺制备案 automatically at the self-service terminal only"
    );
}

#[tokio::test]
async fn a_guangdong_filing_waits_for_the_office() {
    let app = spawn_app().await;
    let mut body = commitment_filing();
    body["region"] = "440000".into();
    body["item"] = "gd-13".into();
    let (status, res) = submit(&app, Some("gd-filing-key-1234"), &body).await;
    assert_eq!(status, 201, "{res}");
    assert_eq!(
        res["status"], "submitted",
        "no Guangdong or national source approves a filing without the office"
    );
}

/// `no` as a person might type it back: lower case, in groups with odd spacing, O for 0 and l
/// for 1.
fn typed_back(no: &str) -> String {
    tongban_rules::receipt_no::grouped(no)
        .replace(' ', "  ")
        .replace('0', "O")
        .replace('1', "l")
        .to_lowercase()
}

#[tokio::test]
async fn a_receipt_typed_with_spaces_and_an_o_is_found_by_its_owner_and_by_the_verifier() {
    let app = spawn_app().await;
    // Numbers are random: make applications until one holds a 0 to be typed as O (each number
    // holds one with a chance of 40 %, so 40 tries all miss about once in 10^9 runs).
    let mut receipt = String::new();
    for i in 0..40 {
        let key = format!("typed-key-{i:06}");
        let (status, body) = submit(&app, Some(&key), &transfer("11010519491231002X")).await;
        assert_eq!(status, 201, "{body}");
        receipt = body["receipt_no"].as_str().unwrap().to_owned();
        if receipt.contains('0') {
            break;
        }
    }
    assert!(receipt.contains('0'), "no number with a 0 in 40: {receipt}");
    let typed = typed_back(&receipt);
    assert!(typed.contains(' ') && typed.contains('o'), "{typed}");

    // The owner, by session.
    let path = format!("/api/v1/applications/{typed}");
    let (status, progress) = app
        .send(reqwest::Method::GET, &path, Some(&app.token), None)
        .await;
    assert_eq!(status, 200, "{progress}");
    assert_eq!(
        progress["receipt_no"],
        receipt.as_str(),
        "answered in the stored form"
    );

    // Anyone, with the verifier.
    let (status, progress) = lookup(&app, &typed, "31002X").await;
    assert_eq!(status, 200, "{progress}");
    assert_eq!(progress["receipt_no"], receipt.as_str());

    // A number that cannot be one is the one 404, as before.
    let (status, _) = lookup(&app, &format!("{typed}u"), "31002X").await;
    assert_eq!(status, 404);
}
