use crate::helpers::{spawn_app, transfer};
use serde_json::json;

async fn post(app: &crate::helpers::TestApp, body: serde_json::Value) -> (u16, serde_json::Value) {
    let res = app
        .client
        .post(app.at("/api/v1/validate"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn validate_returns_the_rules_field_errors_with_chinese_messages() {
    let app = spawn_app().await;
    let body = transfer("110105194912310021");
    let (status, res) = post(&app, body).await;
    assert_eq!(status, 200);
    assert_eq!(res["ok"], false);
    assert_eq!(res["errors"][0]["field"], "applicant.id_number");
    assert_eq!(res["errors"][0]["code"], "id_number.check_digit");
    assert_eq!(
        res["errors"][0]["message"],
        "身份证号码校验位不正确，请逐位核对是否输错"
    );
}

#[tokio::test]
async fn validate_says_ok_for_a_complete_form() {
    let app = spawn_app().await;
    let body = transfer("11010519491231002X");
    let (status, res) = post(&app, body).await;
    assert_eq!((status, res["ok"].as_bool()), (200, Some(true)), "{res}");
}

#[tokio::test]
async fn validate_refuses_an_informational_item() {
    let app = spawn_app().await;
    let (status, res) = post(
        &app,
        json!({"region": "500114", "item": "qj-admin-01", "form": {}}),
    )
    .await;
    assert_eq!(
        (status, res["code"].as_str()),
        (400, Some("item_not_applicable"))
    );
}

#[tokio::test]
async fn validate_refuses_malformed_json_in_the_error_shape() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.at("/api/v1/validate"))
        .header("content-type", "application/json")
        .body("{\"region\": 42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "bad_json");
}
