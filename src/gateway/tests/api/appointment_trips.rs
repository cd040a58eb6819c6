//! 预约到厅, continued: the clerk's arrival mark and the trip (跑动) it counts, and a holiday of a
//! year without a notice that is never bookable.

use crate::appointments::*;
use crate::helpers::{commitment_filing, spawn_app, TestApp};
use chrono::{NaiveDate, Utc};
use serde_json::json;
use tongban_gateway::appointments::hall;
use tongban_gateway::offices::Offices;
use tongban_rules::api::china_today;
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

#[tokio::test]
async fn the_clerks_arrival_mark_writes_one_visit() {
    let app = spawn_app().await;
    let (store, offices, cat) = (
        &app.store,
        Offices::embedded().unwrap(),
        Catalogue::embedded().unwrap(),
    );
    let cal = Calendar::embedded().unwrap();
    let a = hall::book(
        store,
        &cat,
        &offices,
        &cal,
        "wechat:citizen-1",
        "person-1",
        &booking("2026-12-01", "15:00-16:00"),
        at("2026-11-26T02:00:00Z"),
    )
    .await
    .unwrap();
    // Through the API the mark is refused on any other day than the appointment's.
    let path = format!("/api/v1/operator/appointments/{}/arrived", a.id);
    let (status, body) = app.operator(&path, Some(&json!({}))).await;
    if china_today(Utc::now().timestamp_millis()) != d("2026-12-01") {
        assert_eq!(
            (status, body["code"].as_str()),
            (409, Some("not_appointment_day"))
        );
    }
    // A clerk of another region does not see it.
    let jm = app
        .add_operator(
            "jm-clerk",
            tongban_gateway::accounts::Role::Clerk,
            "420800",
            None,
        )
        .await;
    let (status, _) = app.operator_as(&jm, &path, Some(&json!({}))).await;
    assert_eq!(status, 404);

    let served = tongban_gateway::accounts::Regions::parse("440000");
    let on_the_day = at("2026-12-01T07:10:00Z");
    let audit = tongban_gateway::audit::Entry::by("clerk", "127.0.0.1", "appointment.arrived");
    let arrived = hall::arrive(store, &cat, &offices, &served, &a.id, &audit, on_the_day)
        .await
        .unwrap();
    assert_eq!(arrived.status, "arrived");
    assert!(
        hall::arrive(store, &cat, &offices, &served, &a.id, &audit, on_the_day)
            .await
            .is_err()
    );
    let rows = sqlx::query_as::<_, (String, String, String, String)>(
        "SELECT kind, region, item_id, office FROM visits WHERE appointment_id = $1",
    )
    .bind(&a.id)
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(
        rows,
        [(
            "arrival".into(),
            "440000".into(),
            "gd-05".into(),
            OFFICE.into()
        )]
    );
}

/// The region's 跑动 and those of item `item` in `GET /operator/stats`.
async fn trips(app: &TestApp, item: &str) -> (i64, i64) {
    let (status, s) = app
        .operator("/api/v1/operator/stats?region=440000", None)
        .await;
    assert_eq!(status, 200, "{s}");
    let of_item = s["per_item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["item"] == item)
        .map_or(0, |m| m["visits"].as_i64().unwrap());
    (s["visits"].as_i64().unwrap(), of_item)
}

#[tokio::test]
async fn an_arrival_for_an_application_counts_one_trip_for_that_application() {
    let app = spawn_app().await;
    let mut filing = commitment_filing();
    filing["region"] = "440000".into();
    filing["item"] = "gd-13".into();
    let (status, submitted) = app.submit("gd-13-arrival-key-1", &filing).await;
    assert_eq!(status, 201, "{submitted}");
    let receipt = submitted["receipt_no"].as_str().unwrap();
    // Submitted online: no trip yet.
    assert_eq!(trips(&app, "gd-13").await, (0, 0));

    let day = bookable_days()[0];
    // An appointment for another item cannot name the application: its trip would count there.
    let other = json!({"region": "440000", "item_id": "gd-05", "office": OFFICE,
                       "day": day.to_string(), "slot": "15:00-16:00", "receipt_no": receipt});
    let (status, refused) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/appointments",
            Some(&app.token),
            Some(&other),
        )
        .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (404, Some("unknown_receipt"))
    );
    let body = json!({"region": "440000", "item_id": "gd-13", "office": OFFICE,
                      "day": day.to_string(), "slot": "15:00-16:00", "receipt_no": receipt});
    let (status, booked) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/appointments",
            Some(&app.token),
            Some(&body),
        )
        .await;
    assert_eq!(status, 201, "{booked}");
    assert_eq!(booked["receipt_no"], receipt);
    assert_eq!(trips(&app, "gd-13").await, (0, 0), "a booking is no trip");

    // The clerk's mark on the appointment's day (the route takes the clock's day, so the test
    // calls the domain function the route calls, at 15:10 China time on that day).
    let on_the_day = at(&format!("{day}T07:10:00Z"));
    let arrived = hall::arrive(
        &app.store,
        &Catalogue::embedded().unwrap(),
        &Offices::embedded().unwrap(),
        &tongban_gateway::accounts::Regions::parse("440000"),
        booked["id"].as_str().unwrap(),
        &tongban_gateway::audit::Entry::by("clerk", "127.0.0.1", "appointment.arrived"),
        on_the_day,
    )
    .await
    .unwrap();
    assert_eq!(
        (arrived.status.as_str(), arrived.receipt_no.as_deref()),
        ("arrived", Some(receipt))
    );

    let visits = sqlx::query_as::<_, (String, String, String)>(
        "SELECT kind, region, item_id FROM visits WHERE receipt_no = $1",
    )
    .bind(receipt)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(
        visits,
        [("arrival".into(), "440000".into(), "gd-13".into())]
    );
    assert_eq!(trips(&app, "gd-13").await, (1, 1), "one 跑动, for gd-13");
    let (status, s) = app
        .operator("/api/v1/operator/stats?region=440000", None)
        .await;
    assert_eq!(status, 200);
    let gd13 = s["per_item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["item"] == "gd-13")
        .unwrap();
    assert_eq!(
        (
            gd13["applications"].as_i64(),
            gd13["visits_per_application"]["value"].as_f64()
        ),
        (Some(1), Some(1.0)),
        "{gd13}"
    );
}

#[tokio::test]
async fn new_year_s_day_2027_is_never_bookable_though_no_notice_for_2027_is_compiled_in() {
    // Whatever the date the test runs: a statutory holiday (元旦 by law), or in the past.
    let app = spawn_app().await;
    let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let (status, body) = book(&app, &app.token, &new_year, "09:00-10:00").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("day_not_bookable")),
        "{body}"
    );
    let (status, slots) = app
        .get_json(&format!("/api/v1/offices/{OFFICE}/slots?region=440000"))
        .await;
    assert_eq!(status, 200, "{slots}");
    assert!(
        !slots.to_string().contains("2027-01-01"),
        "no slot on 元旦: {slots}"
    );
}
