//! The holiday calendar past its notices: the law's holidays, estimated due dates, a notice
//! file added at run time (TONGBAN_CALENDAR_DIR), and the operators' warning. No test here
//! depends on today's date.

use crate::helpers::{fresh_data_dir, spawn_app, spawn_app_with};

#[tokio::test]
async fn without_a_2027_notice_new_year_s_day_is_off_and_the_due_date_is_estimated() {
    let app = spawn_app().await;
    // Thu 2026-12-31, Fri 2027-01-01 (元旦 by law), Mon 01-04, Tue 01-05.
    let (status, body) = app
        .get_json("/api/v1/calendar/deadline?from=2026-12-30&working_days=3")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["due"], "2027-01-05");
    assert_eq!(body["estimated"], true);
}

#[tokio::test]
async fn a_2027_notice_in_the_calendar_dir_makes_its_makeup_days_count() {
    let dir = fresh_data_dir().join("calendar");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2027.json"),
        include_str!("../../../rules/tests/fixtures/calendar-2027.json"),
    )
    .unwrap();
    let app = spawn_app_with(0, &[("TONGBAN_CALENDAR_DIR", dir.to_str().unwrap())]).await;
    // The fixture's 国庆 runs 10-01..10-07; Sat 10-09 is its make-up working day.
    let (status, body) = app
        .get_json("/api/v1/calendar/deadline?from=2027-09-30&working_days=2")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["due"], "2027-10-09");
    assert_eq!(body["estimated"], false);
    // The same question of a gateway without it: weekends and the law only, estimated.
    let plain = spawn_app().await;
    let (_, body) = plain
        .get_json("/api/v1/calendar/deadline?from=2027-09-30&working_days=2")
        .await;
    assert_eq!(body["due"], "2027-10-07");
    assert_eq!(body["estimated"], true);
}

#[tokio::test]
async fn healthz_and_the_stats_carry_a_warnings_list() {
    let app = spawn_app().await;
    let res = app.client.get(app.at("/healthz")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    // Which warning depends on the date the test runs (tested with fixed dates in the
    // gateway's `calendar` module); each one names its code and year.
    for w in body["warnings"].as_array().unwrap() {
        assert_eq!(w["code"], "calendar_notice_missing", "{w}");
        assert!(w["year"].as_i64().unwrap() >= 2027, "{w}");
    }
    let (status, stats) = app
        .operator("/api/v1/operator/stats?region=420800", None)
        .await;
    assert_eq!(status, 200, "{stats}");
    assert!(stats["warnings"].is_array(), "{stats}");
}
