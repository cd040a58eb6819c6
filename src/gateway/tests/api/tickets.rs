//! Tickets signed per integrator: a ticket names its issuer, audience and key, and the gateway
//! accepts it only from a registered, unretired key of that issuer, for the shells (and units)
//! it may speak for; the dev backend's tickets carry a real-name identity and say which.

use crate::helpers::{
    spawn_app, spawn_app_with, ticket, ticket_sm2, ticket_v1, ticket_with, TestApp, ID_HASH_KEY,
};
use reqwest::Method;
use serde_json::{json, Value};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Exchanges `ticket` at `POST /session`: the status and the error code, if any.
async fn exchange(app: &TestApp, ticket: &str) -> (u16, Option<String>) {
    let (status, res) = app
        .send(
            Method::POST,
            "/api/v1/session",
            None,
            Some(&json!({"ticket": ticket})),
        )
        .await;
    (status, res["code"].as_str().map(str::to_owned))
}

fn invalid() -> (u16, Option<String>) {
    (401, Some("ticket_invalid".into()))
}

#[tokio::test]
async fn a_ticket_of_an_unknown_issuer_or_for_another_audience_is_refused() {
    let app = spawn_app().await;
    let claims = |extra: Value| {
        let mut c = json!({"sub": "o6_user", "shell": "wechat", "exp": now() + 60});
        c.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        c
    };
    assert_eq!(
        exchange(&app, &ticket_with(claims(json!({"iss": "stranger"})))).await,
        invalid(),
        "an issuer the bureau never registered"
    );
    assert_eq!(
        exchange(
            &app,
            &ticket_with(claims(json!({"aud": "another-gateway"})))
        )
        .await,
        invalid(),
        "a ticket meant for another gateway"
    );
    assert_eq!(
        exchange(&app, &ticket_with(claims(json!({})))).await.0,
        200,
        "the same ticket with the right iss and aud"
    );
}

#[tokio::test]
async fn a_ticket_of_a_retired_unknown_or_another_issuers_kid_is_refused() {
    let app = spawn_app().await;
    let claims =
        |kid: &str| json!({"sub": "o6_user", "shell": "wechat", "exp": now() + 60, "kid": kid});
    for kid in ["test-ed-0", "test-ed-9", "alipay-1"] {
        assert_eq!(
            exchange(&app, &ticket_with(claims(kid))).await,
            invalid(),
            "{kid}"
        );
    }
}

#[tokio::test]
async fn an_integrator_speaks_only_for_its_shells_and_for_units_only_if_allowed() {
    let app = spawn_app().await;
    let alipay = |shell: &str, sub: &str| {
        ticket_with(json!({"sub": sub, "shell": shell, "exp": now() + 60,
                           "iss": "alipay-only", "kid": "alipay-1"}))
    };
    assert_eq!(exchange(&app, &alipay("alipay", "2088_user")).await.0, 200);
    assert_eq!(
        exchange(&app, &alipay("wechat", "2088_user")).await,
        invalid(),
        "signed by the Alipay integrator for WeChat"
    );
    assert_eq!(
        exchange(&app, &alipay("alipay", "unit:91431100MA4L12346R")).await,
        invalid(),
        "a unit from an integrator not allowed units"
    );
    let unit = ticket_with(json!({"sub": "unit:91431100MA4L12346R", "shell": "browser",
                                  "exp": now() + 60}));
    assert_eq!(exchange(&app, &unit).await.0, 200, "the unit portal may");
}

#[tokio::test]
async fn an_sm2_signed_and_an_ed25519_signed_ticket_both_give_a_session() {
    let app = spawn_app().await;
    let sm2 = ticket_sm2(json!({"sub": "zlb_user", "shell": "provincial", "exp": now() + 60}));
    assert!(sm2.starts_with("v2.eyJhbGciOiJTTTIi"), "{sm2}");
    let (status, res) = app
        .send(
            Method::POST,
            "/api/v1/session",
            None,
            Some(&json!({"ticket": sm2})),
        )
        .await;
    assert_eq!(
        (status, &res["shell"]),
        (200, &json!("provincial")),
        "{res}"
    );
    let ed = ticket("wx_user", "wechat", now() + 60);
    assert!(ed.starts_with("v2.eyJhbGciOiJFZDI1NTE5Ii"), "{ed}");
    assert_eq!(exchange(&app, &ed).await.0, 200);
    let zlb_for_wechat =
        ticket_sm2(json!({"sub": "zlb_user", "shell": "wechat", "exp": now() + 60}));
    assert_eq!(exchange(&app, &zlb_for_wechat).await, invalid());
}

#[tokio::test]
async fn an_sm2_ticket_signed_again_over_the_same_claims_is_the_same_ticket() {
    let app = spawn_app().await;
    // SM2 signatures are randomised: two signings of one ticket differ only in the signature.
    let claims = json!({"sub": "zlb_twice", "shell": "provincial", "exp": now() + 60,
                        "jti": "one-ticket-signed-twice"});
    let (first, again) = (ticket_sm2(claims.clone()), ticket_sm2(claims));
    assert_ne!(first, again);
    assert_eq!(exchange(&app, &first).await.0, 200);
    assert_eq!(
        exchange(&app, &again).await,
        (401, Some("ticket_used".into()))
    );
}

#[tokio::test]
async fn an_old_v1_ticket_is_refused_by_default_and_accepted_only_in_the_transition_window() {
    let v1 = || ticket_v1(json!({"sub": "o6_old", "shell": "wechat", "exp": now() + 60}));
    let app = spawn_app().await;
    assert_eq!(
        exchange(&app, &v1()).await,
        invalid(),
        "the old secret is set but no transition declared"
    );
    let day = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let (later, ended) = (day(2), day(-2));
    let open = spawn_app_with(0, &[("TONGBAN_TICKET_HMAC_UNTIL", later.as_str())]).await;
    assert_eq!(exchange(&open, &v1()).await.0, 200, "within the window");
    let forged = format!("{}x", &v1()[..v1().len() - 1]);
    assert_eq!(exchange(&open, &forged).await, invalid());
    assert_eq!(
        exchange(&open, &ticket("o6_new", "wechat", now() + 60))
            .await
            .0,
        200,
        "v2 goes on beside it"
    );
    let closed = spawn_app_with(0, &[("TONGBAN_TICKET_HMAC_UNTIL", ended.as_str())]).await;
    assert_eq!(
        exchange(&closed, &v1()).await,
        invalid(),
        "after the window"
    );
}

/// The claims of a `v2` ticket, read without checking (the gateway checks).
fn claims_of(ticket: &str) -> Value {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
    let part = ticket.split('.').nth(2).unwrap();
    serde_json::from_slice(&B64.decode(part).unwrap()).unwrap()
}

fn id_hash(id_number: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(ID_HASH_KEY.as_bytes()).unwrap();
    mac.update(id_number.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn a_dev_ticket_carries_a_generated_valid_real_name_identity_and_says_which() {
    let app = spawn_app().await;
    let (status, res) = app
        .send(Method::POST, "/api/v1/session/dev-ticket", None, None)
        .await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(
        (&res["real_name"], &res["generated"]),
        (&json!(true), &json!(true))
    );
    let id = res["id_number"].as_str().unwrap();
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = id
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    assert_eq!(id.len(), 18);
    assert_eq!(
        id.as_bytes()[17],
        b"10X98765432"[(sum % 11) as usize],
        "{id}"
    );
    let ticket = res["ticket"].as_str().unwrap();
    let claims = claims_of(ticket);
    assert_eq!(claims["iss"], "dev");
    assert_eq!(claims["aud"], "tongban");
    assert_eq!(claims["idh"], id_hash(id));
    assert_eq!(claims["idt"], &id[14..]);
    assert_eq!(claims["nm"], "王*明");
    assert_eq!(exchange(&app, ticket).await.0, 200);
}

#[tokio::test]
async fn a_dev_ticket_carries_the_given_id_and_name_or_no_real_name_at_all() {
    let app = spawn_app().await;
    let dev = |body: Value| {
        let app = &app;
        async move {
            app.send(
                Method::POST,
                "/api/v1/session/dev-ticket",
                None,
                Some(&body),
            )
            .await
        }
    };
    let (status, res) = dev(json!({"shell": "wechat", "id_number": "11010519491231002x",
                                   "name": "李四光"}))
    .await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(
        (&res["id_number"], &res["real_name"], &res["generated"]),
        (&json!("11010519491231002X"), &json!(true), &json!(false))
    );
    let claims = claims_of(res["ticket"].as_str().unwrap());
    assert_eq!(claims["idh"], id_hash("11010519491231002X"));
    assert_eq!(
        (&claims["nm"], &claims["idt"]),
        (&json!("李*光"), &json!("002X"))
    );
    assert_eq!(claims["shell"], "wechat");

    let (status, res) = dev(json!({"real_name": false})).await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(
        (&res["id_number"], &res["real_name"], &res["generated"]),
        (&Value::Null, &json!(false), &json!(false))
    );
    let claims = claims_of(res["ticket"].as_str().unwrap());
    assert!(
        claims.get("idh").is_none() && claims.get("nm").is_none(),
        "{claims}"
    );
    assert_eq!(exchange(&app, res["ticket"].as_str().unwrap()).await.0, 200);

    let (status, res) = dev(json!({"subject": "unit:91431100MA4L12346R"})).await;
    assert_eq!((status, &res["real_name"]), (200, &json!(false)), "{res}");
    assert_eq!(exchange(&app, res["ticket"].as_str().unwrap()).await.0, 200);
    let (status, res) = dev(json!({"subject": "unit:91431100MA4L12346R",
                                   "id_number": "11010519491231002X"}))
    .await;
    assert_eq!(
        (status, &res["code"]),
        (400, &json!("unit_has_no_real_name"))
    );
}
