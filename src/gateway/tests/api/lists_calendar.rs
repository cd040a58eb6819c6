//! The calendar of the published lists, with the clock at 2026-12-24 (no 2027 notice in the
//! build): no hall slot or home-visit half day on 2027's statutory holidays, due dates in 2027
//! estimated (预计); once an editor publishes a 2027 notice file, its make-up working days count
//! on every copy after its next reload. Domain calls at chosen times, as `retention` does.

use crate::helpers::fresh_store;
use crate::lists::copy_assets;
use chrono::{DateTime, NaiveDate, Utc};
use std::time::Duration;
use tongban_gateway::accounts::{self, Regions, Role};
use tongban_gateway::appointments::{hall, home, slots};
use tongban_gateway::lists::{live::LiveLists, publish, set::Lists};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Noon in China on that day.
fn at(y: i32, m: u32, day: u32) -> DateTime<Utc> {
    d(y, m, day).and_hms_opt(4, 0, 0).unwrap().and_utc()
}

/// 2027's 春节 by the law alone: 除夕 02-05 to 初三 02-08, and the 补假 02-09, 02-10.
fn spring_festival() -> Vec<NaiveDate> {
    (5..=10).map(|day| d(2027, 2, day)).collect()
}

/// The days with hall slots at a Guangdong office that takes bookings, at `now`.
async fn slot_days(
    store: &tongban_gateway::store::Store,
    lists: &Lists,
    now: DateTime<Utc>,
) -> Vec<String> {
    let office = lists
        .offices
        .of("440000")
        .unwrap()
        .iter()
        .find(|o| o.booking.is_some())
        .expect("a Guangdong office that takes bookings");
    let open = hall::available(
        store,
        &lists.offices,
        &lists.calendar,
        "440000",
        &office.id,
        now,
    )
    .await
    .unwrap();
    open.slots.into_iter().map(|s| s.day).collect()
}

#[tokio::test]
async fn at_2026_12_24_nothing_is_offered_on_2027_holidays_until_a_published_notice_adds_its_makeup_days(
) {
    let store = fresh_store().await;
    let now = at(2026, 12, 24);
    let live = LiveLists::start(store.clone(), None, Duration::from_secs(1), now)
        .await
        .unwrap();
    let lists = live.current();
    assert_eq!(lists.version.number, 1);
    // New Year's Day: no half day, no slot; the next working days are offered.
    let half = home::half_days(&lists.calendar, now);
    assert!(
        !half.iter().any(|h| h.starts_with("2027-01-01")),
        "{half:?}"
    );
    assert!(half.iter().any(|h| h.starts_with("2027-01-04")), "{half:?}");
    let days = slot_days(&store, &lists, now).await;
    assert!(!days.contains(&"2027-01-01".to_owned()), "{days:?}");
    assert!(days.contains(&"2027-01-04".to_owned()), "{days:?}");
    // 春节: none of its days is a working day from here; offered from its eve, none either.
    let ahead = slots::working_days_after(&lists.calendar, d(2026, 12, 24), 40);
    assert!(
        spring_festival().iter().all(|x| !ahead.contains(x)),
        "{ahead:?}"
    );
    let eve = at(2027, 2, 4);
    let half = home::half_days(&lists.calendar, eve);
    let days = slot_days(&store, &lists, eve).await;
    for x in spring_festival() {
        let x = x.to_string();
        assert!(!half.iter().any(|h| h.starts_with(&x)), "{half:?}");
        assert!(!days.contains(&x), "{days:?}");
    }
    // Due dates in 2027 are estimated.
    let due = lists.calendar.deadline(d(2026, 12, 24), 20);
    assert!(due.due > d(2027, 1, 1) && due.estimated, "{due:?}");
    // Without a notice Sunday 2027-02-14 is a weekend day.
    assert!(!lists.calendar.is_working_day(d(2027, 2, 14)));

    // An editor publishes the 2027 notice file with the lists.
    let dir = copy_assets();
    std::fs::write(
        dir.join("calendar/2027.json"),
        include_str!("../../../rules/tests/fixtures/calendar-2027.json"),
    )
    .unwrap();
    let token = accounts::add(&store, "editor-1", Role::Editor, &Regions::All, None, now)
        .await
        .unwrap();
    let req = publish::parse(&[dir.to_str().unwrap().to_owned()]).unwrap();
    match publish::publish(&store, &req, &token, now).await.unwrap() {
        publish::Outcome::Published { number, summary } => {
            assert_eq!(number, 2);
            assert!(summary.contains("calendar +1"), "{summary}");
        }
        refused => panic!("{refused:?}"),
    }
    assert!(live.reload(now).await.unwrap());
    let lists = live.current();
    assert_eq!(lists.version.number, 2);
    // Its make-up working day (Sun 02-14, for 春节) counts: offered from the day before.
    assert!(lists.calendar.is_working_day(d(2027, 2, 14)));
    let before = at(2027, 2, 13);
    let half = home::half_days(&lists.calendar, before);
    assert_eq!(
        half.first().map(String::as_str),
        Some("2027-02-14 am"),
        "{half:?}"
    );
    let days = slot_days(&store, &lists, before).await;
    assert_eq!(
        days.first().map(String::as_str),
        Some("2027-02-14"),
        "{days:?}"
    );
    // And due dates in 2027 are no longer estimated.
    assert!(!lists.calendar.deadline(d(2026, 12, 24), 20).estimated);
}

#[tokio::test]
async fn a_notice_dropped_in_the_calendar_dir_counts_after_a_reload_and_a_broken_one_does_not() {
    let store = fresh_store().await;
    let dir = crate::helpers::fresh_data_dir().join("calendar");
    std::fs::create_dir_all(&dir).unwrap();
    let now = at(2026, 12, 24);
    let live = LiveLists::start(store, Some(dir.clone()), Duration::from_secs(1), now)
        .await
        .unwrap();
    let held = live.current();
    assert!(!held.calendar.is_working_day(d(2027, 10, 9)));
    assert!(!live.reload(now).await.unwrap(), "nothing changed");
    std::fs::write(dir.join("2028.json"), "{ broken").unwrap();
    assert!(
        live.reload(now).await.is_err(),
        "a broken file is not loaded"
    );
    assert_eq!(live.current().version.number, 1);
    std::fs::remove_file(dir.join("2028.json")).unwrap();
    std::fs::write(
        dir.join("2027.json"),
        include_str!("../../../rules/tests/fixtures/calendar-2027.json"),
    )
    .unwrap();
    assert!(live.reload(now).await.unwrap());
    // Sat 2027-10-09 is the fixture's make-up working day for 国庆.
    assert!(live.current().calendar.is_working_day(d(2027, 10, 9)));
    // What a handler was given before stays as it was.
    assert!(!held.calendar.is_working_day(d(2027, 10, 9)));
}
