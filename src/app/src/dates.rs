//! Dates as a citizen reads them: today in China, and dates and instants in Chinese. Deadlines
//! are the gateway's to count (`GET /items/{id}` brings the expected date): the holiday
//! calendar stays on the server.

use chrono::NaiveDate;

/// Today in China (UTC+8), the date deadlines and birth dates are counted in: the rules
/// crate's one `china_today`, on the browser's clock.
pub fn today() -> NaiveDate {
    tongban_rules::api::china_today(js_sys::Date::now() as i64)
}

/// `2026-03-05` → `2026年3月5日`.
pub fn chinese_date(iso: &str) -> String {
    let date = iso.get(..10).unwrap_or(iso);
    match date.parse::<NaiveDate>() {
        Ok(d) => {
            use chrono::Datelike;
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        }
        Err(_) => iso.to_owned(),
    }
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
