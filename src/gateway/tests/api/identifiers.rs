//! Identifiers are parsed once at the edge: whatever spaces, full-width characters or case a
//! citizen types, validation, storage, the verifier and masking all see one normalised value.

use crate::helpers::{spawn_app, transfer, TestApp};
use serde_json::{json, Value};

async fn lookup(app: &TestApp, receipt: &str, verifier: &str) -> (u16, Value) {
    let res = app
        .client
        .get(app.at(&format!("/api/v1/applications/{receipt}")))
        .header("Tongban-Verifier", verifier)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or_default())
}

/// Submits `id` (and `phone`), then looks it up with the verifier `31002X`.
async fn submit_and_look_up(app: &TestApp, key: &str, id: &str, phone: &str) -> Value {
    let mut body = transfer(id);
    body["form"]["applicant.phone"] = json!(phone);
    let (status, checked) = app
        .send(reqwest::Method::POST, "/api/v1/validate", None, Some(&body))
        .await;
    assert_eq!((status, &checked["ok"]), (200, &json!(true)), "{checked}");
    let (status, receipt) = app.submit(key, &body).await;
    assert_eq!(status, 201, "{id:?}: {receipt}");
    let no = receipt["receipt_no"].as_str().unwrap();
    let (status, progress) = lookup(app, no, "31002X").await;
    assert_eq!(status, 200, "the verifier of {id:?}: {progress}");
    progress
}

#[tokio::test]
async fn an_id_number_with_a_full_width_space_is_stored_normalised_and_found_by_its_tail() {
    let app = spawn_app().await;
    let progress = submit_and_look_up(
        &app,
        "ideographic-1234",
        "11010519491231\u{3000}002X",
        "13800138000",
    )
    .await;
    assert_eq!(progress["applicant"]["id_number"], "110105********002X");
}

#[tokio::test]
async fn an_id_number_with_an_ordinary_space_keeps_its_verifier() {
    let app = spawn_app().await;
    submit_and_look_up(
        &app,
        "ordinary-space-1",
        "11010519491231 002X",
        "13800138000",
    )
    .await;
}

#[tokio::test]
async fn full_width_digits_and_a_lower_case_x_are_the_same_id_number() {
    let app = spawn_app().await;
    let progress = submit_and_look_up(
        &app,
        "full-width-12345",
        "１１０１０５１９４９１２３１００２ｘ",
        "＋86 １３８\u{3000}0013-8000",
    )
    .await;
    assert_eq!(progress["applicant"]["id_number"], "110105********002X");
    assert_eq!(progress["applicant"]["phone"], "138****8000");
    let (status, _) = lookup(&app, progress["receipt_no"].as_str().unwrap(), "31002x").await;
    assert_eq!(status, 200, "the verifier is read with the same rule");
}

#[tokio::test]
async fn a_retry_typed_with_other_spacing_is_the_same_submission() {
    let app = spawn_app().await;
    let (first, a) = app
        .submit("spacing-retry-1", &transfer("11010519491231002X"))
        .await;
    let (again, b) = app
        .submit("spacing-retry-1", &transfer("110105 19491231 002x"))
        .await;
    assert_eq!((first, again), (201, 200), "{b}");
    assert_eq!(a["receipt_no"], b["receipt_no"]);
}

#[tokio::test]
async fn an_identifier_with_other_characters_is_refused_in_chinese() {
    let app = spawn_app().await;
    let mut body = transfer("11010519491231002X");
    body["form"]["applicant.phone"] = json!("138OO138OOO");
    let (status, answer) = app.submit("letters-in-phone", &body).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["errors"][0]["field"], "applicant.phone");
    assert_eq!(answer["errors"][0]["message"], "手机号码只能包含数字");
}
