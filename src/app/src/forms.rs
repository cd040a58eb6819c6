//! The forms and the working-day calendar, compiled in from the rules crate: the app
//! validates with exactly the definitions the gateway validates with again.

use chrono::NaiveDate;
use std::rc::Rc;
use tongban_rules::calendar::{self, Calendar, Deadline, YearFile};
use tongban_rules::catalogue::embedded::FORM_FILES;
use tongban_rules::form::Form;

/// The form with this id (`Item::form`), its standard blocks in place. The file is decoded by
/// the browser's `JSON.parse` (`crate::json`), then completed and checked by the rules crate
/// exactly as the gateway's `parse_form` does.
pub fn form(id: &str) -> Option<Rc<Form>> {
    let (what, text) = FORM_FILES.iter().find(|(i, _)| *i == id)?;
    let form: Form = crate::json::from_str(text)?;
    form.complete(what).ok().map(Rc::new)
}

/// Today in China (UTC+8), the date deadlines and birth dates are counted in.
pub fn today() -> NaiveDate {
    let ms = js_sys::Date::now() as i64 + 8 * 3_600_000;
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .date_naive()
}

thread_local! {
    static CALENDAR: Option<Calendar> = embedded_calendar();
}

/// The rules crate's embedded calendar, its year files decoded by the browser's `JSON.parse`.
pub fn embedded_calendar() -> Option<Calendar> {
    let years = calendar::EMBEDDED
        .iter()
        .map(|text| crate::json::from_str::<YearFile>(text))
        .collect::<Option<Vec<_>>>()?;
    Calendar::from_years(years).ok()
}

/// The `working_days`-th working day from today (the day itself not counted).
pub fn due_from_today(working_days: u32) -> Option<Deadline> {
    CALENDAR.with(|c| c.as_ref().map(|c| c.deadline(today(), working_days)))
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
