//! Who is asking, before consent: the member looks the code up and reads the inviter as their
//! real-name check names them, before accepting anything.

use crate::family::{accept, invite, MEMBER_ID};
use crate::family_codes::ten_wrong_codes_then_locked;
use crate::helpers::{id_hash, spawn_app, ticket_with, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn preview(app: &TestApp, member: &str, code: &str) -> (u16, Value) {
    app.send(
        Method::POST,
        "/api/v1/me/family/invitations/preview",
        Some(member),
        Some(&json!({ "code": code })),
    )
    .await
}

#[tokio::test]
async fn the_member_sees_the_inviters_real_name_and_id_tail_not_the_typed_name() {
    let app = spawn_app().await;
    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    // The inviter types 李建华; their session's real-name check says 王*明, ID …002X.
    let (_, inv) = invite(&app, &app.token).await;
    let spaced = inv["grouped"].as_str().unwrap();
    let (status, who) = preview(&app, &member, spaced).await;
    assert_eq!(status, 200, "{who}");
    assert_eq!(
        (who["inviter"].as_str(), who["inviter_id_tail"].as_str()),
        (Some("王*明"), Some("002X"))
    );
    assert!(
        !who.to_string().contains("李"),
        "the typed name is never shown: {who}"
    );
    // Looking it up binds nothing and uses nothing: the consent still can.
    let (status, bound) = accept(&app, &member, inv["code"].as_str().unwrap()).await;
    assert_eq!(status, 201, "{bound}");
    let (status, used) = preview(&app, &member, spaced).await;
    assert_eq!(
        (status, used["code"].as_str()),
        (409, Some("invitation_used"))
    );
}

#[tokio::test]
async fn the_inviter_looking_up_their_own_code_is_told_to_hand_it_over() {
    let app = spawn_app().await;
    let (_, inv) = invite(&app, &app.token).await;
    let (status, own) = preview(&app, &app.token, inv["code"].as_str().unwrap()).await;
    assert_eq!(
        (status, own["code"].as_str()),
        (409, Some("own_invitation"))
    );
}

#[tokio::test]
async fn wrong_codes_looked_up_count_as_guesses() {
    let app = spawn_app().await;
    let (_, inv) = invite(&app, &app.token).await;
    let code = inv["code"].as_str().unwrap().to_owned();
    let guesser = app.session("guesser").await;
    let (app_ref, guesser_ref) = (&app, &guesser);
    ten_wrong_codes_then_locked(&code, move |c| async move {
        preview(app_ref, guesser_ref, &c).await
    })
    .await;
}

#[tokio::test]
async fn a_session_without_a_real_name_name_shows_the_typed_name_masked() {
    let app = spawn_app().await;
    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    // A ticket with an ID hash but no `nm`: the typed name, masked, is all there is.
    let claims = json!({"sub": "quiet", "shell": "wechat", "idh": id_hash("110105198001010016"),
        "exp": chrono::Utc::now().timestamp() + 300});
    let inviter = app.exchange(&ticket_with(claims)).await;
    let (status, inv) = invite(&app, &inviter).await;
    assert_eq!(status, 201, "{inv}");
    let (_, who) = preview(&app, &member, inv["code"].as_str().unwrap()).await;
    assert_eq!(who["inviter"], "李*华", "{who}");
}
