//! 亲情代办 (#17): binding a family member by a one-time code and filing for them.

use crate::helpers::{spawn_app, transfer, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// The member of the tests' bindings (`grandma`); the agent is the default session (`ME`).
pub(crate) const MEMBER_ID: &str = "110105194912310038";

pub(crate) async fn invite(app: &TestApp, agent: &str) -> (u16, Value) {
    app.send(
        Method::POST,
        "/api/v1/me/family/invitations",
        Some(agent),
        Some(&json!({"agent_name": "李建华"})),
    )
    .await
}

pub(crate) async fn accept(app: &TestApp, member: &str, code: &str) -> (u16, Value) {
    app.send(
        Method::POST,
        "/api/v1/me/family/acceptances",
        Some(member),
        Some(&json!({"code": code, "relation": "parent", "consent": true,
            "applicant": {"name": "王小明", "id_type": "resident",
                          "id_number": app.id_of(member), "phone": "13800138000"}})),
    )
    .await
}

/// Agent `agent` binds a new member session `member_sub`: the binding id.
pub(crate) async fn bind(app: &TestApp, agent: &str, member: &str) -> String {
    let (status, inv) = invite(app, agent).await;
    assert_eq!(status, 201, "{inv}");
    let (status, bound) = accept(app, member, inv["code"].as_str().unwrap()).await;
    assert_eq!(status, 201, "{bound}");
    bound["id"].as_str().unwrap().to_owned()
}

pub(crate) async fn file_for(app: &TestApp, agent: &str, binding: &str, key: &str) -> (u16, Value) {
    let mut body = transfer(MEMBER_ID);
    body["member"] = json!(binding);
    let res = app
        .client
        .post(app.at("/api/v1/applications"))
        .bearer_auth(agent)
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or_default())
}

pub(crate) async fn mine(app: &TestApp, who: &str) -> Vec<String> {
    let (status, list) = app
        .send(Method::GET, "/api/v1/me/applications", Some(who), None)
        .await;
    assert_eq!(status, 200, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["receipt_no"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_accepted_invitation_lets_the_agent_file_for_the_member_and_both_see_it() {
    let app = spawn_app().await;
    let agent = app.token.clone();
    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    let (status, inv) = invite(&app, &agent).await;
    assert_eq!(status, 201, "{inv}");
    let code = inv["code"].as_str().unwrap();
    assert_eq!(code.len(), 9);
    assert_eq!(inv["grouped"].as_str().unwrap().split(' ').count(), 3);
    assert!(inv["qr_svg"].as_str().unwrap().contains("<svg"));
    let (status, bound) = accept(&app, &member, code).await;
    assert_eq!(status, 201, "{bound}");
    // The member sees the inviter as their real-name check names them (not the typed 李建华),
    // and the relation from their own side: the inviter (尾号002X, a woman) is their 女儿.
    assert_eq!(
        (
            bound["side"].as_str(),
            bound["name"].as_str(),
            bound["relation_label"].as_str()
        ),
        (Some("member"), Some("王*明"), Some("女儿"))
    );
    let binding = bound["id"].as_str().unwrap();

    let (_, agents_view) = app
        .send(Method::GET, "/api/v1/me/family/members", Some(&agent), None)
        .await;
    assert_eq!(agents_view[0]["name"], "王*明", "{agents_view}");
    // The agent reads the member as their 父亲 (尾号0038, a man), told apart by the ID tail.
    assert_eq!(agents_view[0]["relation_label"], "父亲");
    assert_eq!(agents_view[0]["id_tail"], "0038");
    let (status, filled) = app
        .send(
            Method::GET,
            &format!("/api/v1/me/family/members/{binding}/applicant"),
            Some(&agent),
            None,
        )
        .await;
    assert_eq!(
        (status, filled["applicant"]["id_number"].as_str()),
        (200, Some(MEMBER_ID))
    );

    let (status, receipt) = file_for(&app, &agent, binding, "family-key-0001").await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["acting"]["agent"], "王*明");
    let (status, again) = file_for(&app, &agent, binding, "family-key-0001").await;
    assert_eq!(
        (status, &again["receipt_no"]),
        (200, &receipt["receipt_no"]),
        "a retry, stored once"
    );
    assert_eq!(again["acting"]["agent"], "王*明");
    let no = receipt["receipt_no"].as_str().unwrap().to_owned();
    assert_eq!(mine(&app, &member).await, vec![no.clone()]);
    assert_eq!(mine(&app, &agent).await, vec![no.clone()]);
    for who in [&member, &agent] {
        let (status, progress) = app
            .send(
                Method::GET,
                &format!("/api/v1/applications/{no}"),
                Some(who),
                None,
            )
            .await;
        assert_eq!(status, 200, "{progress}");
        assert_eq!(progress["applicant"]["name"], "王*明");
        assert_eq!(progress["acting"]["agent"], "王*明");
        let (_, inbox) = app
            .send(Method::GET, "/api/v1/me/notifications", Some(who), None)
            .await;
        assert_eq!(inbox["items"][0]["receipt_no"], no.as_str(), "{inbox}");
    }
    let (_, op) = app
        .operator(&format!("/api/v1/operator/applications/{no}"), None)
        .await;
    assert_eq!(op["acting"]["agent"], "王*明", "{op}");
    // A third person sees nothing.
    let stranger = app.session("stranger").await;
    assert!(mine(&app, &stranger).await.is_empty());
}

#[tokio::test]
async fn a_code_used_twice_is_refused() {
    let app = spawn_app().await;
    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    let other = app.session("grandpa").await;
    let (_, inv) = invite(&app, &app.token).await;
    let code = inv["code"].as_str().unwrap();
    assert_eq!(accept(&app, &member, code).await.0, 201);
    let (status, again) = accept(&app, &other, code).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("invitation_used"))
    );
}

#[tokio::test]
async fn a_code_older_than_15_minutes_is_refused() {
    let app = spawn_app().await;
    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    let (_, inv) = invite(&app, &app.token).await;
    // Sixteen minutes pass (the row is backdated rather than waited for).
    let past = chrono::Utc::now() - chrono::Duration::minutes(16);
    sqlx::query("UPDATE family_invitations SET created_at = $1, expires_at = $2")
        .bind(past.timestamp_millis())
        .bind((past + chrono::Duration::minutes(15)).timestamp_millis())
        .execute(app.store.pool())
        .await
        .unwrap();
    let (status, late) = accept(&app, &member, inv["code"].as_str().unwrap()).await;
    assert_eq!(
        (status, late["code"].as_str()),
        (409, Some("invitation_expired"))
    );
}

#[tokio::test]
async fn a_sixth_member_is_refused() {
    let app = spawn_app().await;
    for n in 0..5 {
        let member = app.session(&format!("relative-{n}")).await;
        bind(&app, &app.token, &member).await;
    }
    let (status, refused) = invite(&app, &app.token).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (409, Some("family_full"))
    );
}

#[tokio::test]
async fn a_sixth_acceptance_is_refused_when_invitations_were_made_before() {
    let app = spawn_app().await;
    let mut codes = Vec::new();
    for _ in 0..6 {
        let (_, inv) = invite(&app, &app.token).await;
        codes.push(inv["code"].as_str().unwrap().to_owned());
    }
    for (n, code) in codes.iter().enumerate() {
        let member = app.session(&format!("relative-{n}")).await;
        let (status, body) = accept(&app, &member, code).await;
        if n < 5 {
            assert_eq!(status, 201, "{body}");
        } else {
            assert_eq!((status, body["code"].as_str()), (409, Some("family_full")));
        }
    }
}

#[tokio::test]
async fn an_ended_binding_stops_new_applications_but_keeps_the_made_ones() {
    let app = spawn_app().await;
    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    let binding = bind(&app, &app.token, &member).await;
    let (_, made) = file_for(&app, &app.token, &binding, "family-key-0001").await;
    let no = made["receipt_no"].as_str().unwrap().to_owned();
    // The member ends it.
    let (status, ended) = app
        .send(
            Method::POST,
            &format!("/api/v1/me/family/members/{binding}/end"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!((status, ended["status"].as_str()), (200, Some("ended")));
    let (status, refused) = file_for(&app, &app.token, &binding, "family-key-0002").await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (409, Some("binding_ended"))
    );
    // The application made stays the member's; the agent no longer sees it.
    assert_eq!(mine(&app, &member).await, vec![no.clone()]);
    assert!(mine(&app, &app.token).await.is_empty());
    let (status, _) = app
        .send(
            Method::GET,
            &format!("/api/v1/applications/{no}"),
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT kind FROM family_events WHERE binding_id = $1 ORDER BY at, kind",
    )
    .bind(&binding)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    for kind in ["consented", "submitted", "ended"] {
        assert!(kinds.iter().any(|k| k == kind), "{kinds:?}");
    }
}

#[tokio::test]
async fn the_applicant_cannot_be_edited_into_someone_else() {
    let app = spawn_app().await;
    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    let binding = bind(&app, &app.token, &member).await;
    // Someone other than the bound member.
    let mut body = transfer(&crate::helpers::id_for("someone-else"));
    body["member"] = json!(binding);
    let res = app
        .client
        .post(app.at("/api/v1/applications"))
        .bearer_auth(&app.token)
        .header("Idempotency-Key", "family-key-0003")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "applicant_not_member");
    // Nor can a stranger file through someone else's binding.
    let stranger = app.session("stranger").await;
    let (status, _) = file_for(&app, &stranger, &binding, "family-key-0004").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_agent_may_revoke_until_the_member_objects() {
    let app = spawn_app().await;
    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    let binding = bind(&app, &app.token, &member).await;
    let (_, a) = file_for(&app, &app.token, &binding, "family-key-0001").await;
    let (_, b) = file_for(&app, &app.token, &binding, "family-key-0002").await;
    let (a, b) = (
        a["receipt_no"].as_str().unwrap(),
        b["receipt_no"].as_str().unwrap(),
    );
    let (_, before) = app
        .send(
            Method::GET,
            &format!("/api/v1/applications/{a}"),
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(before["actions"]["revoke"], true, "{before}");
    let (status, revoked) = app
        .send(
            Method::POST,
            &format!("/api/v1/applications/{a}/revoke"),
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!((status, revoked["status"].as_str()), (200, Some("revoked")));
    // The member's own view offers the objection; the agent's does not.
    let progress_of = |who: String| {
        let app = &app;
        async move {
            app.send(
                Method::GET,
                &format!("/api/v1/applications/{b}"),
                Some(&who),
                None,
            )
            .await
            .1
        }
    };
    assert_eq!(progress_of(member.clone()).await["actions"]["object"], true);
    assert_eq!(
        progress_of(app.token.clone()).await["actions"]["object"],
        false
    );
    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/me/family/objections",
            Some(&member),
            Some(&json!({"receipt_no": b})),
        )
        .await;
    assert_eq!(status, 204);
    let (_, seen) = app
        .send(
            Method::GET,
            &format!("/api/v1/applications/{b}"),
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(seen["actions"]["revoke"], false, "{seen}");
    assert_eq!(seen["actions"]["rate"], false);
    assert_eq!(
        progress_of(member.clone()).await["actions"]["object"],
        false,
        "objected once: not offered again"
    );
    let (status, _) = app
        .send(
            Method::POST,
            &format!("/api/v1/applications/{b}/revoke"),
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(
        status, 404,
        "the member objected: only they may revoke it now"
    );
    let (status, _) = app
        .send(
            Method::POST,
            &format!("/api/v1/applications/{b}/revoke"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(status, 200);
}
