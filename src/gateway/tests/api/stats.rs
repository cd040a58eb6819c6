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

/// Inserts application `n` of `region`/`item` with `status`, accepted and finished at the given
/// China-time instants, received at `office` when given.
#[allow(clippy::too_many_arguments)]
async fn seed(
    store: &tongban_gateway::store::Store,
    n: usize,
    region: &str,
    item: &str,
    status: &str,
    accepted: Option<i64>,
    finished: Option<i64>,
    office: Option<&str>,
) -> String {
    let no = format!("TB{n:016}");
    let at = china(2026, 11, 2, 9, 0);
    sqlx::query(
        "INSERT INTO applications (receipt_no, region, item_id, owner, verifier_hash, status, \
         form_json, submitted_at, due_date, updated_at, accepted_at, finished_at, channel, \
         received_office) VALUES ($1, $2, $3, 'o', 'h', $4, '{}', $5, NULL, $5, $6, $7, $8, $9)",
    )
    .bind(&no)
    .bind(region)
    .bind(item)
    .bind(status)
    .bind(at)
    .bind(accepted)
    .bind(finished)
    .bind(if office.is_some() { "window" } else { "online" })
    .bind(office)
    .execute(store.pool())
    .await
    .unwrap();
    no
}

async fn trip(
    store: &tongban_gateway::store::Store,
    no: &str,
    region: &str,
    item: &str,
    kind: &str,
) {
    sqlx::query(
        "INSERT INTO visits (id, receipt_no, appointment_id, region, item_id, kind, office, at) \
         VALUES ($1, $2, NULL, $3, $4, $5, NULL, $6)",
    )
    .bind(format!("{no}-{kind}"))
    .bind(no)
    .bind(region)
    .bind(item)
    .bind(kind)
    .bind(china(2026, 11, 2, 9, 0))
    .execute(store.pool())
    .await
    .unwrap();
}

#[tokio::test]
async fn qianjiangs_targets_are_measured_per_region_and_item_with_met_and_not_met() {
    let store = fresh_store().await;
    let calendar = Calendar::embedded().unwrap();
    let cat = Catalogue::embedded().unwrap();
    let qj = cat.items("500114").unwrap();
    // qj-35 (转移接续) has a statutory limit of 15 working days; qj-02 has none.
    // Two completions of qj-35 in the plain week of 2 November 2026 (Mon–Fri, no holiday):
    // accepted Monday, 办结 Wednesday = 2 working days (reduction 1 − 2/15 = 13/15) and
    // 办结 Friday = 4 working days (1 − 4/15 = 11/15): the mean is 12/15 = 80 %, the target
    // exactly — met. Two more only accepted, six qj-02 never accepted: 10 applications.
    let mon = china(2026, 11, 2, 9, 0);
    let (wed, fri) = (china(2026, 11, 4, 16, 0), china(2026, 11, 6, 16, 0));
    let a = seed(
        &store,
        1,
        "500114",
        "qj-35",
        "completed",
        Some(mon),
        Some(wed),
        None,
    )
    .await;
    seed(
        &store,
        2,
        "500114",
        "qj-35",
        "completed",
        Some(mon),
        Some(fri),
        None,
    )
    .await;
    seed(
        &store,
        3,
        "500114",
        "qj-35",
        "accepted",
        Some(mon),
        None,
        None,
    )
    .await;
    seed(
        &store,
        4,
        "500114",
        "qj-35",
        "accepted",
        Some(mon),
        None,
        None,
    )
    .await;
    let mut qj02 = Vec::new();
    for n in 5..11 {
        qj02.push(seed(&store, n, "500114", "qj-02", "submitted", None, None, None).await);
    }
    // Trips: three qj-02 window submissions, one arrival for qj-35: 4 over 10 = 0.4 (> 0.3,
    // not met); per item qj-02 3/6 = 0.5 (not met), qj-35 1/4 = 0.25 (met).
    for no in &qj02[..3] {
        trip(&store, no, "500114", "qj-02", "window").await;
    }
    trip(&store, &a, "500114", "qj-35", "arrival").await;
    // 异地代收: Qianjiang's hall received one Jingmen transfer; it is Jingmen's, with its trip.
    let jm = seed(
        &store,
        11,
        "420800",
        "jm-transfer",
        "submitted",
        None,
        None,
        Some("qj-district-hall"),
    )
    .await;
    trip(&store, &jm, "420800", "jm-transfer", "window").await;

    let s = stats::stats(&store, &calendar, "500114", &qj)
        .await
        .unwrap();
    assert_eq!((s.applications, s.completed, s.visits), (10, 2, 4));
    assert_eq!(s.received_for_others, 1, "代收 for Jingmen");
    let t = &s.targets;
    assert_eq!(t.targets_region, "500114");
    let close = |m: &tongban_gateway::applications::targets::Measure, v: f64| {
        (m.value.unwrap() - v).abs() < 1e-9
    };
    assert!(close(&t.visits_per_application, 0.4));
    assert_eq!(t.visits_per_application.met, Some(false));
    let target = t.visits_per_application.target.as_ref().unwrap();
    assert_eq!(target.label, "≤ 0.3");
    assert!(
        target.source.contains("黔江") && target.source.contains("二(六)"),
        "{}",
        target.source
    );
    assert!(close(&t.time_reduction, 0.8));
    assert_eq!(t.time_reduction.met, Some(true));
    // The catalogue offers none of the 38 public-service items fully online and names none a
    // 即办件 (their channels and kinds are not in QJ's list): 0/38, not met. The 17
    // administrative-power items are listed for information, with no channel known: no value.
    assert!(close(&t.online_rate_public, 0.0));
    assert_eq!(t.online_rate_public.met, Some(false));
    assert_eq!(
        (
            t.online_rate_administrative.value,
            t.online_rate_administrative.met
        ),
        (None, None)
    );
    assert_eq!(
        t.online_rate_administrative.target.as_ref().unwrap().label,
        "≥ 70%"
    );
    assert!(close(&t.immediate_share, 0.0));
    assert_eq!(t.immediate_share.met, Some(false));
    let item = |id: &str| s.per_item.iter().find(|m| m.item == id).unwrap();
    assert_eq!(s.per_item.len(), 38, "the applicable items");
    let (q2, q35) = (item("qj-02"), item("qj-35"));
    assert_eq!((q2.applications, q2.visits), (6, 3));
    assert!(close(&q2.visits_per_application, 0.5));
    assert_eq!(q2.visits_per_application.met, Some(false));
    assert_eq!(
        (q2.time_reduction.value, q2.time_reduction.met),
        (None, None)
    );
    assert!(close(&q35.visits_per_application, 0.25));
    assert_eq!(q35.visits_per_application.met, Some(true));
    assert!(close(&q35.time_reduction, 0.8));
    assert!(q35.public_service && !q35.online && !q35.immediate);
    let idle = item("qj-01");
    assert_eq!(
        (
            idle.visits_per_application.value,
            idle.visits_per_application.met
        ),
        (None, None)
    );

    // Jingmen counts the received application as its own, with no target (QJ's are local).
    let jm_items = cat.items("420800").unwrap();
    let j = stats::stats(&store, &calendar, "420800", &jm_items)
        .await
        .unwrap();
    assert_eq!((j.applications, j.visits, j.received_for_others), (1, 1, 0));
    assert!(close(&j.targets.visits_per_application, 1.0));
    assert_eq!(j.targets.visits_per_application.target, None);
    assert_eq!(j.targets.visits_per_application.met, None);
    // 11 of Jingmen's 15 applicable items are offered fully online.
    assert!(close(&j.targets.online_rate_public, 11.0 / 15.0));
    assert_eq!(j.targets.online_rate_public.met, None);

    // The progress CSV carries the same figures: per item, and a last row for the region.
    let csv = stats::progress_csv("重庆市黔江区", &qj, &s);
    let last = csv.lines().last().unwrap();
    assert!(last.starts_with("合计,"), "{last}");
    assert!(last.contains("0.40（目标≤ 0.3，未达标）"), "{last}");
    assert!(last.contains("80.0%（目标≥ 80%，达标）"), "{last}");
    assert!(last.contains("异地代收1件"), "{last}");
    let row35 = csv
        .lines()
        .find(|l| l.contains("受理4件，办结2件"))
        .unwrap();
    assert!(row35.contains("0.25（目标≤ 0.3，达标）"), "{row35}");
    let jm_csv = stats::progress_csv("荆门市", &jm_items, &j);
    assert!(jm_csv.contains("1.00（无目标）"), "{jm_csv}");
}
