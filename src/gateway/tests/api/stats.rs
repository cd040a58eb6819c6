//! `/operator/stats` counts in the database, and still gets the working days of each
//! completion exactly: over a holiday, across midnight in China, for many applications.

use crate::helpers::fresh_store;
use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use tongban_gateway::applications::stats::{self, working_days_between};
use tongban_rules::{calendar::Calendar, catalogue::Catalogue};

/// Unix ms of a China-time (UTC+8) moment.
fn china(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    tz.with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .timestamp_millis()
}

fn china_day(ms: i64) -> NaiveDate {
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    Utc.timestamp_millis_opt(ms)
        .unwrap()
        .with_timezone(&tz)
        .date_naive()
}

#[tokio::test]
async fn stats_count_in_sql_and_the_working_days_of_each_completion_stay_exact() {
    let store = fresh_store().await;
    let calendar = Calendar::embedded().unwrap();
    let items = Catalogue::embedded().unwrap().items("420800").unwrap();
    let statutory = items
        .iter()
        .find(|i| i.id == "jm-transfer")
        .and_then(|i| i.statutory_days.known().copied())
        .expect("jm-transfer has a statutory limit");
    // (accepted, finished, status): over the National Day holiday, a day ending at 23:59 and
    // one starting at 00:00 China time (16:00 UTC the day before), one not yet finished.
    let spans = [
        (
            china(2026, 9, 30, 9, 0),
            Some(china(2026, 10, 9, 15, 0)),
            "completed",
        ),
        (
            china(2026, 9, 30, 23, 59),
            Some(china(2026, 10, 12, 0, 0)),
            "completed",
        ),
        (
            china(2026, 11, 2, 0, 0),
            Some(china(2026, 11, 6, 23, 59)),
            "completed",
        ),
        (china(2026, 11, 2, 10, 0), None, "accepted"),
    ];
    let mut expected = (0u64, 0u64);
    for (n, (accepted, finished, status)) in (0..3).flat_map(|_| spans).enumerate() {
        sqlx::query(
            "INSERT INTO applications (receipt_no, region, item_id, owner, verifier_hash, status, \
             form_json, submitted_at, due_date, updated_at, accepted_at, finished_at) \
             VALUES ($1, '420800', 'jm-transfer', 'o', 'h', $2, '{}', $3, NULL, $3, $3, $4)",
        )
        .bind(format!("TB{n:016}"))
        .bind(status)
        .bind(accepted)
        .bind(finished)
        .execute(store.pool())
        .await
        .unwrap();
        if let Some(f) = finished {
            let days = working_days_between(&calendar, china_day(accepted), china_day(f));
            expected = (expected.0 + u64::from(days), expected.1 + 1);
        }
    }
    let s = stats::stats(&store, &calendar, "420800", &items)
        .await
        .unwrap();
    assert_eq!((s.applications, s.completed), (12, 9));
    let avg = s.avg_working_days_used.unwrap();
    assert!(
        (avg - expected.0 as f64 / expected.1 as f64).abs() < 1e-9,
        "{avg} vs {expected:?}"
    );
    assert_eq!(s.avg_statutory_days, Some(f64::from(statutory)));
    let counts = stats::counts(&store, &calendar, "420800").await.unwrap();
    let c = &counts["jm-transfer"];
    assert_eq!((c.timed, c.working_days_used), (expected.1, expected.0));
    let holiday = working_days_between(
        &calendar,
        NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        NaiveDate::from_ymd_opt(2026, 10, 9).unwrap(),
    );
    assert!(
        holiday < 9,
        "the National Day span is counted with the holidays: {holiday}"
    );
}
