//! 预约上门: a request through confirm → done with each step in the app and the inbox; the
//! address and phone sealed at rest, kept out of the queue, audited when a clerk reads them and
//! forgotten by retention; cancellation rules; no visit (跑动) written for a home visit; and a
//! request naming only an application of its citizen and item.

use crate::helpers::{spawn_app, TestApp};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use tongban_gateway::appointments::slots;
use tongban_gateway::retention::Retention;
use tongban_rules::api::china_today;
use tongban_rules::calendar::Calendar;

pub(crate) const ADDRESS: &str = "广州市越秀区梅花村街道某巷7号";

pub(crate) fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

pub(crate) fn working_days() -> Vec<NaiveDate> {
    let today = china_today(Utc::now().timestamp_millis());
    slots::working_days_after(&Calendar::embedded().unwrap(), today, 5)
}

pub(crate) fn request(preferred: &[String]) -> Value {
    json!({"region": "440000", "item_id": "gd-05", "address": ADDRESS, "reason": "elderly",
           "preferred": preferred, "phone": "+86 138 0013 8000"})
}

pub(crate) async fn ask(app: &TestApp, token: &str, body: &Value) -> (u16, Value) {
    app.send(
        reqwest::Method::POST,
        "/api/v1/home-visits",
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_home_visit_goes_from_request_through_confirm_to_done() {
    let app = spawn_app().await;
    let days = working_days();
    let preferred = [format!("{} am", days[0]), format!("{} pm", days[1])];
    let (status, v) = ask(&app, &app.token, &request(&preferred)).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(
        (v["status"].as_str(), v["reason_label"].as_str()),
        (Some("requested"), Some("高龄"))
    );
    assert_eq!(
        (v["address"].as_str(), v["phone"].as_str()),
        (Some(ADDRESS), Some("13800138000"))
    );
    let id = v["id"].as_str().unwrap().to_owned();

    // Sealed at rest.
    let (address, phone): (String, String) =
        sqlx::query_as("SELECT address, phone FROM home_visits WHERE id = $1")
            .bind(&id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert!(address.starts_with("tbs1:") && !address.contains("梅花村"));
    assert!(phone.starts_with("tbs1:") && !phone.contains("138"));

    // The queue has no personal data; reading the one request does, and is audited.
    let (status, queue) = app
        .operator("/api/v1/operator/home-visits?region=440000", None)
        .await;
    assert_eq!(status, 200);
    let row = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id.as_str())
        .unwrap();
    assert!(row.get("address").is_none() && row.get("phone").is_none());
    assert_eq!(
        row["region_name"].as_str(),
        Some("广东省"),
        "the region named beside its code"
    );
    let (status, one) = app
        .operator(&format!("/api/v1/operator/home-visits/{id}"), None)
        .await;
    assert_eq!((status, one["address"].as_str()), (200, Some(ADDRESS)));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit WHERE action = 'home_visit.read' AND detail = $1",
    )
    .bind(format!("home_visit={id}"))
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(audited, 1);
    // A clerk of another region sees neither.
    let jm = app
        .add_operator(
            "jm-clerk",
            tongban_gateway::accounts::Role::Clerk,
            "420800",
            None,
        )
        .await;
    let (status, _) = app
        .operator_as(&jm, &format!("/api/v1/operator/home-visits/{id}"), None)
        .await;
    assert_eq!(status, 404);

    let act = |action: &str, body: Value| {
        let path = format!("/api/v1/operator/home-visits/{id}/{action}");
        let app = &app;
        async move { app.operator(&path, Some(&body)).await }
    };
    // A half day the citizen did not offer is a proposal, and says so.
    let proposal = format!("{} am", days[2]);
    let (status, v) = act("confirm", json!({"slot": proposal})).await;
    assert_eq!((status, v["slot"].as_str()), (200, Some(proposal.as_str())));
    let (status, v) = act("confirm", json!({"slot": preferred[1]})).await;
    assert_eq!(
        (status, v["status"].as_str(), v["slot"].as_str()),
        (200, Some("confirmed"), Some(preferred[1].as_str()))
    );
    let (status, v) = act("assign", json!({"clerk": "李四"})).await;
    assert_eq!((status, v["clerk"].as_str()), (200, Some("李四")));
    let (status, v) = act("done", json!({})).await;
    assert_eq!((status, v["status"].as_str()), (200, Some("done")));
    let (status, v) = act("done", json!({})).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (409, Some("move_not_allowed"))
    );

    // The citizen sees each step in 我的预约 and in the inbox.
    let mine = my_appointments(&app, &app.token).await;
    let steps: Vec<&str> = mine["home_visits"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        ["requested", "confirmed", "confirmed", "confirmed", "done"]
    );
    let (_, inbox) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/me/notifications",
            Some(&app.token),
            None,
        )
        .await;
    let mine: Vec<&Value> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["appointment"] == id.as_str())
        .collect();
    assert_eq!(mine.len(), 5, "{inbox}");
    assert!(inbox.to_string().contains("李四") && inbox.to_string().contains("建议改为"));
    assert!(!inbox.to_string().contains("梅花村"));

    // A home visit is no trip of the citizen's.
    let visits: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM visits")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(visits, 0);

    // Retention forgets the address and phone 30 days after it is done.
    let r = Retention {
        store: app.store.clone(),
        data_dir: app.data.clone(),
        final_days: 1095,
    };
    assert_eq!(
        r.sweep(Utc::now() + Duration::days(29))
            .await
            .unwrap()
            .home_visits,
        0
    );
    assert_eq!(
        r.sweep(Utc::now() + Duration::days(31))
            .await
            .unwrap()
            .home_visits,
        1
    );
    let left: Option<String> = sqlx::query_scalar("SELECT address FROM home_visits WHERE id = $1")
        .bind(&id)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(left, None);
}

#[tokio::test]
async fn a_request_needs_two_or_three_working_half_days_a_reason_and_a_mobile_number() {
    let app = spawn_app().await;
    let days = working_days();
    let one = [format!("{} am", days[0])];
    let (status, body) = ask(&app, &app.token, &request(&one)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("preferred_count"));

    let mut sunday = days[0];
    while chrono::Datelike::weekday(&sunday) != chrono::Weekday::Sun {
        sunday = sunday.succ_opt().unwrap();
    }
    let (status, body) = ask(
        &app,
        &app.token,
        &request(&[format!("{sunday} am"), format!("{} pm", days[0])]),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("slot_not_working_day"), "{body}");

    let mut bad = request(&[format!("{} am", days[0]), format!("{} pm", days[0])]);
    bad["reason"] = json!("bored");
    bad["phone"] = json!("12345");
    let (status, body) = ask(&app, &app.token, &bad).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("reason_invalid") && body.to_string().contains("phone"));

    let mut family = request(&[format!("{} am", days[0]), format!("{} pm", days[0])]);
    family["on_behalf_of"] = json!("someone");
    let (status, body) = ask(&app, &app.token, &family).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("binding_not_found"))
    );
}

/// `GET /me/appointments` as the citizen of the token `who`: their hall bookings and home visits.
pub(crate) async fn my_appointments(app: &TestApp, who: &str) -> Value {
    let (status, mine) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/me/appointments",
            Some(who),
            None,
        )
        .await;
    assert_eq!(status, 200, "{mine}");
    mine
}

pub(crate) async fn visit_ids(app: &TestApp, who: &str) -> Vec<String> {
    my_appointments(app, who).await["home_visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_family_agent_asks_a_home_visit_for_the_member_while_the_binding_lives() {
    let app = spawn_app().await;
    let member = app.session("grandma-at-home").await;
    let (status, inv) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/me/family/invitations",
            Some(&app.token),
            Some(&json!({"agent_name": "李建华"})),
        )
        .await;
    assert_eq!(status, 201, "{inv}");
    let (status, bound) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/me/family/acceptances",
            Some(&member),
            Some(
                &json!({"code": inv["code"], "relation": "parent", "consent": true,
                "applicant": {"name": "王小明", "id_type": "resident",
                              "id_number": app.id_of(&member), "phone": "13800138000"}}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{bound}");
    let binding = bound["id"].as_str().unwrap().to_owned();

    let days = working_days();
    let mut body = request(&[format!("{} am", days[0]), format!("{} pm", days[1])]);
    body["on_behalf_of"] = json!(binding);
    // The member cannot act through the binding as if they were the agent.
    let (status, refused) = ask(&app, &member, &body).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("not_the_agent"))
    );

    let (status, v) = ask(&app, &app.token, &body).await;
    assert_eq!(status, 201, "{v}");
    let id = v["id"].as_str().unwrap().to_owned();
    assert_eq!(
        visit_ids(&app, &member).await,
        vec![id.clone()],
        "the visit is the member's"
    );
    assert_eq!(
        visit_ids(&app, &app.token).await,
        vec![id.clone()],
        "and the agent's to follow"
    );

    let (status, _) = app
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/me/family/members/{binding}/end"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        visit_ids(&app, &app.token).await.is_empty(),
        "an ended binding shows nothing more"
    );
    assert_eq!(
        visit_ids(&app, &member).await,
        vec![id],
        "the member keeps their visit"
    );
    let (status, refused) = ask(&app, &app.token, &body).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (409, Some("binding_ended"))
    );
}
