//! 预约上门: a request through confirm → done with each step in the app and the inbox; the
//! address and phone sealed at rest, kept out of the queue, audited when a clerk reads them and
//! forgotten by retention; cancellation rules; no visit (跑动) written for a home visit; and a
//! request naming only an application of its citizen and item.

use crate::helpers::{commitment_filing, spawn_app, TestApp};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use tongban_gateway::appointments::{home, slots};
use tongban_gateway::retention::Retention;
use tongban_rules::api::{china_today, HomeVisitMove, HomeVisitRequest};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

const ADDRESS: &str = "广州市越秀区梅花村街道某巷7号";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn working_days() -> Vec<NaiveDate> {
    let today = china_today(Utc::now().timestamp_millis());
    slots::working_days_after(&Calendar::embedded().unwrap(), today, 5)
}

fn request(preferred: &[String]) -> Value {
    json!({"region": "440000", "item_id": "gd-05", "address": ADDRESS, "reason": "elderly",
           "preferred": preferred, "phone": "+86 138 0013 8000"})
}

async fn ask(app: &TestApp, token: &str, body: &Value) -> (u16, Value) {
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
    let (status, mine) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/me/appointments",
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(status, 200);
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

async fn visit_ids(app: &TestApp, who: &str) -> Vec<String> {
    let (status, mine) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/me/appointments",
            Some(who),
            None,
        )
        .await;
    assert_eq!(status, 200, "{mine}");
    mine["home_visits"]
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

#[tokio::test]
async fn a_home_visit_is_cancelled_by_its_citizen_until_the_day_before_or_by_a_clerk_with_a_reason()
{
    let app = spawn_app().await;
    let days = working_days();
    let preferred = [format!("{} am", days[0]), format!("{} pm", days[1])];
    let (_, v) = ask(&app, &app.token, &request(&preferred)).await;
    let id = v["id"].as_str().unwrap();

    let other = app.session("someone-else").await;
    let path = format!("/api/v1/home-visits/{id}/cancel");
    assert_eq!(
        app.send(reqwest::Method::POST, &path, Some(&other), None)
            .await
            .0,
        404
    );
    let (status, body) = app
        .operator(
            &format!("/api/v1/operator/home-visits/{id}/cancel"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("note_required"))
    );
    let (status, body) = app
        .send(reqwest::Method::POST, &path, Some(&app.token), None)
        .await;
    assert_eq!((status, body["status"].as_str()), (200, Some("cancelled")));

    // A confirmed visit: the citizen may cancel until the day before it (China time).
    let (store, cat, cal) = (
        &app.store,
        Catalogue::embedded().unwrap(),
        Calendar::embedded().unwrap(),
    );
    let owner = "wechat:citizen-1";
    let req: HomeVisitRequest = serde_json::from_value(request(&[
        "2026-12-01 am".to_owned(),
        "2026-12-02 pm".to_owned(),
    ]))
    .unwrap();
    let v = home::request(store, &cat, &cal, owner, &req, at("2026-11-26T02:00:00Z"))
        .await
        .unwrap();
    let served = tongban_gateway::accounts::Regions::parse("440000");
    let confirm = HomeVisitMove {
        slot: Some("2026-12-01 am".into()),
        ..Default::default()
    };
    home::act(
        store,
        &cat,
        &cal,
        &served,
        "clerk",
        &v.id,
        "confirm",
        &confirm,
        at("2026-11-26T03:00:00Z"),
    )
    .await
    .unwrap();
    // 11-30 in Beijing: the day before.
    assert!(
        home::cancel(store, &cat, owner, &v.id, at("2026-11-30T01:00:00Z"))
            .await
            .is_err()
    );
    let clerk_cancel = HomeVisitMove {
        note: Some("道路施工，改日再约".into()),
        ..Default::default()
    };
    let done = home::act(
        store,
        &cat,
        &cal,
        &served,
        "clerk",
        &v.id,
        "cancel",
        &clerk_cancel,
        at("2026-11-30T01:00:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(done.status, "cancelled");
    assert_eq!(
        done.steps.last().unwrap().note.as_deref(),
        Some("道路施工，改日再约")
    );
}

#[tokio::test]
async fn a_home_visit_names_only_an_application_of_its_own_item() {
    let app = spawn_app().await;
    let mut filing = commitment_filing();
    filing["region"] = "440000".into();
    filing["item"] = "gd-13".into();
    let (status, submitted) = app.submit("gd-13-home-visit-key", &filing).await;
    assert_eq!(status, 201, "{submitted}");
    let receipt = submitted["receipt_no"].clone();
    let days = working_days();
    let preferred = [format!("{} am", days[0]), format!("{} pm", days[1])];

    let mut other_item = request(&preferred);
    other_item["receipt_no"] = receipt.clone();
    let (status, body) = ask(&app, &app.token, &other_item).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("unknown_receipt"))
    );
    let someone_else = app.session("citizen-2").await;
    let mut same_item = request(&preferred);
    same_item["item_id"] = "gd-13".into();
    same_item["receipt_no"] = receipt.clone();
    let (status, body) = ask(&app, &someone_else, &same_item).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("unknown_receipt"))
    );
    let (status, v) = ask(&app, &app.token, &same_item).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["receipt_no"], receipt);
}

#[tokio::test]
async fn no_half_day_on_new_year_s_day_2027_is_offered_or_taken() {
    // Whatever the date the test runs: 元旦 is a statutory holiday, or in the past.
    let app = spawn_app().await;
    let (status, offered) = app.get_json("/api/v1/home-visits/half-days").await;
    assert_eq!(status, 200, "{offered}");
    assert!(!offered.to_string().contains("2027-01-01"), "{offered}");
    let days = working_days();
    let (status, body) = ask(
        &app,
        &app.token,
        &request(&["2027-01-01 am".to_owned(), format!("{} pm", days[0])]),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("slot_not_working_day"), "{body}");
}
