//! A stored row that does not read back is a logged 500 `corrupt_record`, never a default value
//! shown as if it were the applicant's data.

use crate::helpers::{spawn_app, transfer};
use reqwest::Method;

async fn corrupt(app: &crate::helpers::TestApp, set: &str, receipt_no: &str) {
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("connect to the test database");
    sqlx::query(&format!(
        "UPDATE applications SET {set} WHERE receipt_no = $1"
    ))
    .bind(receipt_no)
    .execute(&pool)
    .await
    .expect("corrupt the row");
}

#[tokio::test]
async fn an_unknown_stored_status_is_a_corrupt_record_not_submitted() {
    let app = spawn_app().await;
    let (status, receipt) = app
        .submit("corrupt-status-1", &transfer("11010519491231002X"))
        .await;
    assert_eq!(status, 201, "{receipt}");
    let no = receipt["receipt_no"].as_str().unwrap();
    corrupt(&app, "status = 'teleported'", no).await;
    let path = format!("/api/v1/applications/{no}");
    let (status, body) = app.send(Method::GET, &path, Some(&app.token), None).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["code"], "corrupt_record");
    let (status, body) = app
        .send(
            Method::GET,
            "/api/v1/me/applications",
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!((status, &body["code"]), (500, &"corrupt_record".into()));
}

#[tokio::test]
async fn a_stored_form_that_is_not_json_is_a_corrupt_record_not_an_empty_form() {
    let app = spawn_app().await;
    let (status, receipt) = app
        .submit("corrupt-form-1", &transfer("11010519491231002X"))
        .await;
    assert_eq!(status, 201, "{receipt}");
    let no = receipt["receipt_no"].as_str().unwrap();
    corrupt(&app, "form_json = '{not json'", no).await;
    let path = format!("/api/v1/applications/{no}");
    let (status, body) = app.send(Method::GET, &path, Some(&app.token), None).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["code"], "corrupt_record");
}
