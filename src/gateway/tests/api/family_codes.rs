//! 亲情代办, continued: someone without a phone bound on a document a clerk approves, and the
//! limits on guessing invitation codes.

use crate::family::{accept, file_for, invite, mine, MEMBER_ID};
use crate::helpers::{spawn_app, transfer};
use reqwest::Method;
use serde_json::{json, Value};

/// Ten wrong codes tried through `try_code` (accepting, or looking up) are each 404, then even
/// the right `code` is 429 `lookup_locked`: the guesses count, whichever way they came.
pub(crate) async fn ten_wrong_codes_then_locked<F, Fut>(code: &str, try_code: F)
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = (u16, Value)>,
{
    let wrong = if code == "000000000" {
        "000000001"
    } else {
        "000000000"
    };
    crate::limit_window::with_a_window_ahead().await;
    for n in 1..=10 {
        let (status, body) = try_code(wrong.to_owned()).await;
        assert_eq!(status, 404, "guess {n}: {body}");
    }
    let (status, body) = try_code(code.to_owned()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("lookup_locked"))
    );
}

#[tokio::test]
async fn someone_without_a_phone_is_bound_by_a_clerk_of_the_region_on_a_document() {
    use tongban_gateway::accounts::Role;
    let app = spawn_app().await;
    let res = app
        .upload("户口本", "application/pdf", b"%PDF-1.4 hukou".to_vec())
        .await;
    let doc: Value = res.json().await.unwrap();
    let (status, pending) = app
        .send(
            Method::POST,
            "/api/v1/me/family/requests",
            Some(&app.token),
            Some(
                &json!({"agent_name": "李建华", "relation": "parent", "region": "420800",
                "document": doc["id"],
                "applicant": {"name": "王小明", "id_type": "resident", "id_number": MEMBER_ID}}),
            ),
        )
        .await;
    assert_eq!(
        (status, pending["status"].as_str()),
        (201, Some("pending")),
        "{pending}"
    );
    let binding = pending["id"].as_str().unwrap();
    // Not live yet: nothing may be filed through it.
    let (status, _) = file_for(&app, &app.token, binding, "family-key-0001").await;
    assert_eq!(status, 409);
    // A clerk of another region neither sees nor decides it.
    let elsewhere = app
        .add_operator("gd-clerk", Role::Clerk, "440000", None)
        .await;
    let (_, queue) = app
        .operator_as(&elsewhere, "/api/v1/operator/family/requests", None)
        .await;
    assert_eq!(queue.as_array().map(Vec::len), Some(0), "{queue}");
    let decide = format!("/api/v1/operator/family/requests/{binding}/approve");
    let (status, _) = app.operator_as(&elsewhere, &decide, Some(&json!({}))).await;
    assert_eq!(status, 404);
    // Jingmen's clerk sees it masked, reads the document, and approves.
    let jm = app
        .add_operator("jm-clerk", Role::Clerk, "420800", None)
        .await;
    let (_, queue) = app
        .operator_as(&jm, "/api/v1/operator/family/requests", None)
        .await;
    assert_eq!(queue[0]["member_name"], "王*明", "{queue}");
    assert_eq!(queue[0]["agent_name"], "李*华");
    let file = app
        .client
        .get(app.at(&format!(
            "/api/v1/attachments/{}",
            doc["id"].as_str().unwrap()
        )))
        .bearer_auth(&jm)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status().as_u16(), 200);
    let (status, live) = app.operator_as(&jm, &decide, Some(&json!({}))).await;
    assert_eq!(
        (status, live["status"].as_str()),
        (200, Some("live")),
        "{live}"
    );
    let (status, receipt) = file_for(&app, &app.token, binding, "family-key-0002").await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(
        mine(&app, &app.token).await,
        vec![receipt["receipt_no"].as_str().unwrap().to_owned()]
    );
    let who: Vec<String> = sqlx::query_scalar(
        "SELECT actor FROM family_events WHERE binding_id = $1 AND kind = 'approved'",
    )
    .bind(binding)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(who, vec!["operator:jm-clerk".to_owned()]);
}

#[tokio::test]
async fn guessing_invitation_codes_is_stopped_after_ten_wrong_tries() {
    let app = spawn_app().await;
    let (_, inv) = invite(&app, &app.token).await;
    let code = inv["code"].as_str().unwrap().to_owned();
    let guesser = app.session("guesser").await;
    // The 11th try is refused before the code is looked at, even the right one.
    let (app_ref, guesser_ref) = (&app, &guesser);
    ten_wrong_codes_then_locked(&code, move |c| async move {
        accept(app_ref, guesser_ref, &c).await
    })
    .await;
    // The same person in a new session (or another shell) does not start over.
    let again = app
        .session_as("guesser-in-alipay", Some(&app.id_of(&guesser)))
        .await;
    let (status, body) = accept(&app, &again, &code).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("lookup_locked"))
    );
    // Another person behind the same address (a carrier's NAT) is not refused: their right
    // code binds them.
    let neighbour = app.session("neighbour").await;
    let (status, body) = accept(&app, &neighbour, &code).await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn a_right_code_writes_nothing_to_the_limits_and_a_wrong_one_is_counted() {
    let app = spawn_app().await;
    let rows = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COALESCE(SUM(failures), 0) FROM lookup_failures WHERE bucket LIKE 'code:%'",
        )
        .fetch_one(app.store.pool())
        .await
        .unwrap()
    };
    let (_, inv) = invite(&app, &app.token).await;
    let code = inv["code"].as_str().unwrap().to_owned();
    let member = app.session("member").await;
    let wrong = if code == "000000000" {
        "000000001"
    } else {
        "000000000"
    };
    let (status, _) = accept(&app, &member, wrong).await;
    assert_eq!(status, 404);
    assert_eq!(rows().await, 2, "the person's and the session's bucket");
    let (status, body) = accept(&app, &member, &code).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(rows().await, 2, "the right code changed nothing");
}

#[tokio::test]
async fn wrong_codes_do_not_refuse_the_same_persons_receipt_lookups() {
    let app = spawn_app().await;
    let (_, receipt) = app
        .submit("code-and-lookup-1", &transfer(crate::helpers::ME))
        .await;
    let no = receipt["receipt_no"].as_str().unwrap().to_owned();
    let guesser = app.session("guesser").await;
    for _ in 0..11 {
        accept(&app, &guesser, "000000000").await;
    }
    let res = app
        .client
        .get(app.at(&format!("/api/v1/applications/{no}")))
        .bearer_auth(&guesser)
        .header("Tongban-Verifier", "31002X")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        200,
        "codes and lookups are counted apart"
    );
}
