//! 预约到厅: slots from the office's hours on working days, one place per booking under a
//! unique constraint (50 clients racing for the last place get exactly one), cancellation
//! until the day before and only one's own, the reminder the working day before, and the
//! arrival mark writing one visit (跑动), counted for the application it was booked for.

use crate::helpers::{spawn_app, TestApp};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use tongban_gateway::appointments::{hall, slots};
use tongban_gateway::offices::Offices;
use tongban_rules::api::{china_today, Booking};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

pub(crate) const OFFICE: &str = "gz-city-hall";

pub(crate) fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

pub(crate) fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The bookable working days from now on, as the gateway counts them.
pub(crate) fn bookable_days() -> Vec<NaiveDate> {
    let today = china_today(Utc::now().timestamp_millis());
    slots::working_days_after(&Calendar::embedded().unwrap(), today, slots::DAYS)
}

pub(crate) async fn book(app: &TestApp, token: &str, day: &NaiveDate, slot: &str) -> (u16, Value) {
    let body = json!({"region": "440000", "item_id": "gd-05", "office": OFFICE,
                      "day": day.to_string(), "slot": slot});
    app.send(
        reqwest::Method::POST,
        "/api/v1/appointments",
        Some(token),
        Some(&body),
    )
    .await
}

pub(crate) fn booking(day: &str, slot: &str) -> Booking {
    Booking {
        region: "440000".into(),
        item_id: "gd-05".into(),
        office: OFFICE.into(),
        day: day.into(),
        slot: slot.into(),
        receipt_no: None,
    }
}

#[tokio::test]
async fn slots_are_cut_from_the_office_hours_on_working_days_only() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json(&format!("/api/v1/offices/{OFFICE}/slots?region=440000"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["capacity"], 3);
    let list = body["slots"].as_array().unwrap();
    // 09:00-17:00 in hours: eight one-hour slots on each of the next ten working days.
    assert_eq!(list.len(), 8 * slots::DAYS);
    let cal = Calendar::embedded().unwrap();
    let today = china_today(Utc::now().timestamp_millis());
    for s in list {
        let day = d(s["day"].as_str().unwrap());
        assert!(cal.is_working_day(day) && day > today, "{s}");
        assert_eq!(s["free"], 3);
    }
    assert_eq!(list[0]["slot"], "09:00-10:00");
    assert_eq!(list[7]["slot"], "16:00-17:00");

    // The National Day week: no slot on 10-01..10-07, and the make-up Saturday 10-10 has slots.
    let store = &app.store;
    let offices = Offices::embedded().unwrap();
    let around = hall::available(
        store,
        &offices,
        &cal,
        "440000",
        OFFICE,
        at("2026-09-30T02:00:00Z"),
    )
    .await
    .unwrap();
    let days: Vec<&str> = around.slots.iter().map(|s| s.day.as_str()).collect();
    assert!(
        !days
            .iter()
            .any(|x| *x >= "2026-10-01" && *x <= "2026-10-07"),
        "{days:?}"
    );
    assert!(days.contains(&"2026-10-10") && !days.contains(&"2026-10-11"));

    // An office that published no hours takes no appointments.
    let (status, body) = app
        .get_json("/api/v1/offices/jm-city-hall/slots?region=420800")
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("no_hall_appointments"))
    );
}

#[tokio::test]
async fn a_booking_outside_the_hours_or_on_a_day_off_is_refused() {
    let app = spawn_app().await;
    let day = bookable_days()[0];
    let (status, body) = book(&app, &app.token, &day, "17:00-18:00").await;
    assert_eq!((status, body["code"].as_str()), (400, Some("slot_invalid")));
    let mut sunday = day;
    while chrono::Datelike::weekday(&sunday) != chrono::Weekday::Sun {
        sunday = sunday.succ_opt().unwrap();
    }
    let (status, body) = book(&app, &app.token, &sunday, "09:00-10:00").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("day_not_bookable"))
    );
}

#[tokio::test]
async fn fifty_clients_racing_for_the_last_place_get_exactly_one() {
    let app = spawn_app().await;
    let day = bookable_days()[2];
    for who in ["early-1", "early-2"] {
        let token = app.session(who).await;
        assert_eq!(book(&app, &token, &day, "10:00-11:00").await.0, 201);
    }
    let mut tokens = Vec::new();
    for i in 0..50 {
        tokens.push(app.session(&format!("racer-{i}")).await);
    }
    let app = std::sync::Arc::new(app);
    let tasks: Vec<_> = tokens
        .into_iter()
        .map(|t| {
            let app = app.clone();
            tokio::spawn(async move { book(&app, &t, &day, "10:00-11:00").await })
        })
        .collect();
    let mut won = 0;
    let mut full = 0;
    for t in tasks {
        match t.await.unwrap() {
            (201, _) => won += 1,
            (409, b) if b["code"] == "slot_full" => full += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!((won, full), (1, 49));
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments WHERE day = $1 AND slot = '10:00-11:00' AND place IS NOT NULL",
    )
    .bind(day.to_string())
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(held, 3);
}

#[tokio::test]
async fn a_citizen_cancels_only_their_own_and_only_until_the_day_before() {
    let app = spawn_app().await;
    let day = *bookable_days().last().unwrap();
    let (status, a) = book(&app, &app.token, &day, "14:00-15:00").await;
    assert_eq!(status, 201, "{a}");
    assert_eq!(a["cancellable"], true);
    let (status, again) = book(&app, &app.token, &day, "14:00-15:00").await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("already_booked"))
    );
    let id = a["id"].as_str().unwrap();
    let path = format!("/api/v1/appointments/{id}/cancel");

    let other = app.session("someone-else").await;
    let (status, _) = app
        .send(reqwest::Method::POST, &path, Some(&other), None)
        .await;
    assert_eq!(status, 404);

    let (status, body) = app
        .send(reqwest::Method::POST, &path, Some(&app.token), None)
        .await;
    assert_eq!((status, body["status"].as_str()), (200, Some("cancelled")));
    // The place is free again.
    let (_, slots) = app
        .get_json(&format!("/api/v1/offices/{OFFICE}/slots?region=440000"))
        .await;
    let s = slots["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["day"] == day.to_string() && s["slot"] == "14:00-15:00")
        .unwrap()
        .clone();
    assert_eq!(s["free"], 3);

    // On the day before (China time), and on the day, it is too late.
    let (store, offices, cat) = (
        &app.store,
        Offices::embedded().unwrap(),
        Catalogue::embedded().unwrap(),
    );
    let cal = Calendar::embedded().unwrap();
    let owner = "wechat:citizen-1";
    let booked = hall::book(
        store,
        &cat,
        &offices,
        &cal,
        owner,
        "person-1",
        &booking("2026-12-01", "09:00-10:00"),
        at("2026-11-26T02:00:00Z"),
    )
    .await
    .unwrap();
    // 2026-11-30 00:30 in Beijing is still 11-29 in UTC: the day before in China.
    let err = hall::cancel(
        store,
        &cat,
        &offices,
        owner,
        &booked.id,
        at("2026-11-29T16:30:00Z"),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("conflict"), "{err}");
    let ok = hall::cancel(
        store,
        &cat,
        &offices,
        owner,
        &booked.id,
        at("2026-11-29T15:30:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(ok.status, "cancelled");
}

#[tokio::test]
async fn the_reminder_reaches_the_inbox_on_the_working_day_before_once() {
    let app = spawn_app().await;
    let (store, offices, cat) = (
        &app.store,
        Offices::embedded().unwrap(),
        Catalogue::embedded().unwrap(),
    );
    let cal = Calendar::embedded().unwrap();
    let owner = "wechat:citizen-1";
    // Tuesday 2026-12-01; the working day before is Monday 11-30 (not the weekend).
    hall::book(
        store,
        &cat,
        &offices,
        &cal,
        owner,
        "person-1",
        &booking("2026-12-01", "11:00-12:00"),
        at("2026-11-26T02:00:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(
        hall::remind(store, &cat, &offices, &cal, at("2026-11-27T02:00:00Z"))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        hall::remind(store, &cat, &offices, &cal, at("2026-11-30T01:00:00Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        hall::remind(store, &cat, &offices, &cal, at("2026-11-30T05:00:00Z"))
            .await
            .unwrap(),
        0
    );
    let (status, inbox) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/me/notifications",
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let reminders: Vec<&Value> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["message"].as_str().unwrap().starts_with("预约提醒"))
        .collect();
    assert_eq!(reminders.len(), 1, "{inbox}");
    assert!(reminders[0]["appointment"].is_string());
}
