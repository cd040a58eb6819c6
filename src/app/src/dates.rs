//! Dates as a citizen reads them: today in China, and dates and instants in Chinese. Deadlines
//! are the gateway's to count (`GET /items/{id}` brings the expected date): the holiday
//! calendar stays on the server.

use chrono::NaiveDate;

/// Today in China (UTC+8), the date deadlines and birth dates are counted in: the rules
/// crate's one `china_today`, on the browser's clock.
pub fn today() -> NaiveDate {
    tongban_rules::api::china_today(js_sys::Date::now() as i64)
}

/// `2026-03-05` → `2026年3月5日`; anything else as it came. Read by hand: chrono's parser
/// (its RFC 2822/3339 machinery comes along) cost 3 KB brotli of the first load.
pub fn chinese_date(iso: &str) -> String {
    match ymd(iso) {
        Some(d) => {
            use chrono::Datelike;
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        }
        None => iso.to_owned(),
    }
}

/// `2026-12-17` → `12月17日 星期四`: a day to book, with its weekday; anything else as it came.
pub fn day_with_weekday(iso: &str) -> String {
    use chrono::Datelike;
    const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    match ymd(iso) {
        Some(d) => format!(
            "{}月{}日 星期{}",
            d.month(),
            d.day(),
            WEEKDAYS[d.weekday().num_days_from_monday() as usize]
        ),
        None => iso.to_owned(),
    }
}

/// The date `YYYY-MM-DD` that `iso` starts with, if it is a real date.
fn ymd(iso: &str) -> Option<NaiveDate> {
    let b = iso.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// An RFC 3339 instant as Beijing time: `2026年3月5日 14:07`.
pub fn chinese_time(rfc3339: &str) -> String {
    let ms = js_sys::Date::parse(rfc3339);
    if !ms.is_finite() {
        return rfc3339.to_owned();
    }
    let t = chrono::DateTime::from_timestamp_millis(ms as i64 + 8 * 3_600_000).unwrap_or_default();
    let d = t.date_naive();
    use chrono::{Datelike, Timelike};
    format!(
        "{}年{}月{}日 {:02}:{:02}",
        d.year(),
        d.month(),
        d.day(),
        t.hour(),
        t.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_reads_in_chinese_and_anything_else_stays_as_it_came() {
        assert_eq!(chinese_date("2026-03-05"), "2026年3月5日");
        assert_eq!(chinese_date("2026-03-05T14:07:00+08:00"), "2026年3月5日");
        assert_eq!(chinese_date("2026-02-30"), "2026-02-30");
        assert_eq!(chinese_date("2026-3-5"), "2026-3-5");
        assert_eq!(chinese_date("明天"), "明天");
    }
}
