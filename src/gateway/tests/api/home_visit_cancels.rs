//! 预约上门, continued: cancelling a visit, the application it names, and a holiday of a year
//! without a notice that is never offered.

use crate::helpers::{commitment_filing, spawn_app};
use crate::home_visits::*;
use serde_json::json;
use tongban_gateway::appointments::home;
use tongban_rules::api::{HomeVisitMove, HomeVisitRequest};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

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
    let audit = tongban_gateway::audit::Entry::by("clerk", "127.0.0.1", "home_visit.confirm");
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
        &audit,
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
        &audit,
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
