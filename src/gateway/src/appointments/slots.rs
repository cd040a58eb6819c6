//! The slots of an office: its hours cut into slots of `slot_minutes`, on working days of the
//! holiday calendar, from tomorrow over the next `DAYS` working days.

use crate::offices::Booking;
use crate::AppError;
use chrono::NaiveDate;
use tongban_rules::calendar::Calendar;

/// How many working days ahead a slot can be booked.
pub const DAYS: usize = 10;

fn minutes(hhmm: &str) -> Option<u32> {
    let (h, m) = hhmm.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// The slots of one day, `HH:MM-HH:MM`, in order.
pub fn of_day(booking: &Booking) -> Vec<String> {
    let step = booking.slot_minutes.max(5);
    let mut out = Vec::new();
    for span in &booking.hours {
        let Some((from, to)) = span.split_once('-') else {
            continue;
        };
        let (Some(mut t), Some(end)) = (minutes(from.trim()), minutes(to.trim())) else {
            continue;
        };
        while t + step <= end {
            out.push(format!(
                "{:02}:{:02}-{:02}:{:02}",
                t / 60,
                t % 60,
                (t + step) / 60,
                (t + step) % 60
            ));
            t += step;
        }
    }
    out
}

/// The next `n` working days after `today`.
pub fn working_days_after(calendar: &Calendar, today: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(n);
    let mut day = today;
    while out.len() < n {
        let Some(next) = day.succ_opt() else { break };
        day = next;
        if calendar.is_working_day(day) {
            out.push(day);
        }
    }
    out
}

/// Parses a `YYYY-MM-DD` day sent by a client.
pub fn parse_day(text: &str, field: &'static str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| AppError::BadRequest {
        code: "day_invalid",
        message: format!("{field} must be a date YYYY-MM-DD"),
        field: Some(field),
    })
}

/// A half day `YYYY-MM-DD am|pm` (home visits).
pub fn parse_half_day(text: &str) -> Option<(NaiveDate, &str)> {
    let (day, half) = text.trim().split_once(' ')?;
    let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    matches!(half, "am" | "pm").then_some((day, half))
}

/// `12月1日上午`: a half day as the citizen reads it.
pub fn half_day_label(text: &str) -> String {
    match parse_half_day(text) {
        Some((day, half)) => format!(
            "{}月{}日{}",
            chrono::Datelike::month(&day),
            chrono::Datelike::day(&day),
            if half == "am" { "上午" } else { "下午" }
        ),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_rules::api::china_today;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn hours_are_cut_into_whole_slots_only() {
        let b = Booking {
            hours: vec!["09:00-12:00".into(), "13:30-15:00".into()],
            slot_minutes: 60,
            capacity: 2,
        };
        assert_eq!(
            of_day(&b),
            ["09:00-10:00", "10:00-11:00", "11:00-12:00", "13:30-14:30"]
        );
    }

    #[test]
    fn the_national_day_week_has_no_working_days_but_its_makeup_saturday_does() {
        let cal = Calendar::embedded().unwrap();
        // 2026: 10-01..10-07 off; Sat 10-10 is a make-up working day (assets/calendar/2026.json).
        let days = working_days_after(&cal, d(2026, 9, 30), 2);
        assert!(days.iter().all(|x| *x > d(2026, 10, 7)), "{days:?}");
    }

    /// Half days and slots as offered with the clock at `now` (China time noon of that day).
    fn at(y: i32, m: u32, day: u32) -> chrono::DateTime<chrono::Utc> {
        d(y, m, day).and_hms_opt(4, 0, 0).unwrap().and_utc()
    }

    #[test]
    fn run_at_2026_12_24_nothing_is_offered_on_new_year_s_day_2027() {
        // No State Council notice for 2027 is compiled in: the law's holidays still hold.
        let cal = Calendar::embedded().unwrap();
        let today = china_today(at(2026, 12, 24).timestamp_millis());
        let days = working_days_after(&cal, today, DAYS);
        assert!(!days.contains(&d(2027, 1, 1)), "{days:?}");
        assert_eq!(days.first(), Some(&d(2026, 12, 25)));
        let half = crate::appointments::home::half_days(&cal, at(2026, 12, 24));
        assert!(
            half.iter().all(|h| !h.starts_with("2027-01-01")),
            "{half:?}"
        );
        assert!(half.iter().any(|h| h.starts_with("2027-01-04")), "{half:?}");
    }

    #[test]
    fn nothing_is_offered_in_2027_s_spring_festival() {
        let cal = Calendar::embedded().unwrap();
        // 除夕 Fri 02-05 … 初三 Mon 02-08, and the 补假 of its weekend days, Tue 02-09 and Wed 02-10.
        let festival: Vec<_> = (5..=10).map(|x| d(2027, 2, x)).collect();
        let days = working_days_after(&cal, d(2027, 2, 1), DAYS);
        assert!(days.iter().all(|x| !festival.contains(x)), "{days:?}");
        assert_eq!(days[3], d(2027, 2, 11));
        let half = crate::appointments::home::half_days(&cal, at(2027, 2, 1));
        for day in &festival {
            assert!(
                half.iter().all(|h| !h.starts_with(&day.to_string())),
                "{half:?}"
            );
        }
    }

    #[test]
    fn only_the_day_before_and_later_refuse_a_cancellation() {
        assert!(crate::appointments::may_cancel(
            d(2026, 12, 1),
            d(2026, 12, 3)
        ));
        assert!(!crate::appointments::may_cancel(
            d(2026, 12, 2),
            d(2026, 12, 3)
        ));
        assert!(!crate::appointments::may_cancel(
            d(2026, 12, 3),
            d(2026, 12, 3)
        ));
    }
}
