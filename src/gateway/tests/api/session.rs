use crate::helpers::{spawn_app, ticket, transfer};
use reqwest::Method;
use serde_json::json;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[tokio::test]
async fn a_signed_ticket_is_exchanged_for_a_session() {
    let app = spawn_app().await;
    let body = json!({"ticket": ticket("o6_user", "alipay", now() + 60)});
    let (status, res) = app
        .send(Method::POST, "/api/v1/session", None, Some(&body))
        .await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["shell"], "alipay");
    assert!(res["token"].as_str().unwrap().starts_with("s1."));
}

#[tokio::test]
async fn a_session_tags_its_citizen_the_same_each_time_and_without_saying_who() {
    let app = spawn_app().await;
    let tag = |sub: &'static str| {
        let app = &app;
        async move {
            let body = json!({"ticket": ticket(sub, "wechat", now() + 60)});
            let (_, res) = app
                .send(Method::POST, "/api/v1/session", None, Some(&body))
                .await;
            res["citizen"].as_str().unwrap().to_owned()
        }
    };
    let (first, again, other) = (
        tag("o6_user").await,
        tag("o6_user").await,
        tag("o7_user").await,
    );
    assert_eq!(first, again, "one citizen, one tag");
    assert_ne!(first, other, "another citizen, another tag");
    assert!(!first.contains("o6_user") && first.len() == 24, "{first}");
}

#[tokio::test]
async fn a_forged_expired_or_long_lived_ticket_is_refused() {
    let app = spawn_app().await;
    let good = ticket("o6_user", "wechat", now() + 60);
    let forged = format!("{}x", &good[..good.len() - 1]);
    for (t, code) in [
        (forged, "ticket_invalid"),
        (ticket("o6_user", "wechat", now() - 1), "ticket_expired"),
        (
            ticket("o6_user", "wechat", now() + 86_400),
            "ticket_invalid",
        ),
        (ticket("o6_user", "fax", now() + 60), "ticket_invalid"),
    ] {
        let (status, res) = app
            .send(
                Method::POST,
                "/api/v1/session",
                None,
                Some(&json!({"ticket": t})),
            )
            .await;
        assert_eq!((status, res["code"].as_str()), (401, Some(code)), "{t}");
    }
}

#[tokio::test]
async fn a_submission_without_a_session_is_refused() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.at("/api/v1/applications"))
        .header("Idempotency-Key", "no-session-123")
        .json(&transfer("11010519491231002X"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "session_required");
}

#[tokio::test]
async fn a_session_token_cannot_be_used_as_a_ticket_nor_the_reverse() {
    let app = spawn_app().await;
    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/session",
            None,
            Some(&json!({"ticket": app.token})),
        )
        .await;
    assert_eq!(status, 401);
    let t = ticket("o6_user", "wechat", now() + 60);
    let (status, _) = app
        .send(Method::GET, "/api/v1/me/applications", Some(&t), None)
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn dev_mode_issues_local_tickets_for_a_plain_browser() {
    let app = spawn_app().await;
    let (status, res) = app
        .send(Method::POST, "/api/v1/session/dev-ticket", None, None)
        .await;
    assert_eq!(status, 200, "{res}");
    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/session",
            None,
            Some(&json!({"ticket": res["ticket"]})),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_ticket_is_exchanged_once_and_a_second_exchange_is_ticket_used() {
    let app = spawn_app().await;
    let body = json!({"ticket": ticket("o6_once", "wechat", now() + 60)});
    let exchange = || app.send(Method::POST, "/api/v1/session", None, Some(&body));
    let (first, _) = exchange().await;
    let (second, res) = exchange().await;
    assert_eq!(first, 200);
    assert_eq!((second, res["code"].as_str()), (401, Some("ticket_used")));
    let spaced = json!({"ticket": format!(" {} ", body["ticket"].as_str().unwrap())});
    let (third, res) = app
        .send(Method::POST, "/api/v1/session", None, Some(&spaced))
        .await;
    assert_eq!(
        (third, res["code"].as_str()),
        (401, Some("ticket_used")),
        "the same ticket written differently is the same ticket"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_exchanges_of_one_ticket_give_one_session() {
    let app = spawn_app().await;
    let body = json!({"ticket": ticket("o6_race", "wechat", now() + 60)});
    let tries: Vec<_> = (0..8)
        .map(|_| {
            let req = app.client.post(app.at("/api/v1/session")).json(&body);
            tokio::spawn(async move { req.send().await.unwrap().status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|&&s| s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|&s| s == 200 || s == 401),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn logout_revokes_the_session_and_only_that_session() {
    let app = spawn_app().await;
    let other = app.session("citizen-1").await;
    let status = app.logout(&app.token).await;
    assert_eq!(status, 204);
    let (status, res) = app
        .send(
            Method::GET,
            "/api/v1/me/applications",
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(
        (status, res["code"].as_str()),
        (401, Some("session_revoked"))
    );
    let status = app.logout(&app.token).await;
    assert_eq!(
        status, 401,
        "an ended session cannot act, not even log out again"
    );
    let (status, _) = app
        .send(Method::GET, "/api/v1/me/applications", Some(&other), None)
        .await;
    assert_eq!(status, 200, "the same citizen's other session goes on");
    let (status, _) = app
        .submit("after-logout-1", &transfer("11010519491231002X"))
        .await;
    assert_eq!(status, 401, "no submission under an ended session");
}

#[tokio::test]
async fn an_ended_session_is_refused_on_the_progress_lookup_however_it_asks() {
    let app = spawn_app().await;
    let (status, r) = app
        .submit("lookup-ended-1", &transfer("11010519491231002X"))
        .await;
    assert_eq!(status, 201, "{r}");
    let own = format!("/api/v1/applications/{}", r["receipt_no"].as_str().unwrap());
    let (status, _) = app.send(Method::GET, &own, Some(&app.token), None).await;
    assert_eq!(status, 200, "the owner reads it while the session lives");
    let status = app.logout(&app.token).await;
    assert_eq!(status, 204);
    // Its own application, an unknown number, a malformed one, and its own with the right
    // verifier: the session's revocation is read with the application, and refuses each.
    for path in [
        own.as_str(),
        "/api/v1/applications/TB7K2M9Q4R8T1V6W3X",
        "/api/v1/applications/not-a-receipt",
    ] {
        let (status, res) = app.send(Method::GET, path, Some(&app.token), None).await;
        assert_eq!(
            (status, res["code"].as_str()),
            (401, Some("session_revoked")),
            "{path}"
        );
    }
    let res = app
        .client
        .get(app.at(&own))
        .bearer_auth(&app.token)
        .header("Tongban-Verifier", "31002X")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401, "not even with the verifier");
}
