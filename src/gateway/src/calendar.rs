//! The gateway's holiday calendar: the notices of the published list version (`lists`; the
//! build's `assets/calendar` is version 1), then any `<year>.json` notice file in
//! `TONGBAN_CALENDAR_DIR`, which adds a year or replaces the version's (a notice dropped on one
//! server before an editor publishes it). Years without a notice have the law's statutory
//! holidays (`tongban_rules::calendar::statutory`), no make-up working day, and due dates
//! marked estimated. [`notice_warning`] tells operators, from sixty days before such a year
//! begins, that its notice is missing. `lists::live` rebuilds the calendar when a version or
//! the directory changes, so every running copy counts a notice within the reload interval.

use crate::AppError;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tongban_rules::calendar::{Calendar, YearFile, EMBEDDED};

/// How many days before a year without a notice begins the operators are told.
pub const NOTICE_WARNING_DAYS: u64 = 60;

/// The compiled-in notices and those of `dir` (`<year>.json` files; others are ignored).
pub fn load(dir: Option<&Path>) -> Result<Calendar, AppError> {
    load_over(&EMBEDDED, dir)
}

/// The notices `years` (year files' text) and over them those of `dir`.
pub fn load_over(years: &[&str], dir: Option<&Path>) -> Result<Calendar, AppError> {
    let mut years: Vec<YearFile> = years
        .iter()
        .map(|t| Calendar::parse_year(t))
        .collect::<Result<_, _>>()?;
    if let Some(dir) = dir {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| AppError::Config(format!("TONGBAN_CALENDAR_DIR {}: {e}", dir.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && p.file_stem()
                        .and_then(|s| s.to_str())
                        .is_some_and(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            })
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| AppError::Config(format!("{}: {e}", path.display())))?;
            let file = Calendar::parse_year(&text)
                .map_err(|e| AppError::Config(format!("{}: {e}", path.display())))?;
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if stem != file.year.to_string() {
                return Err(AppError::Config(format!(
                    "{}: the file holds year {}",
                    path.display(),
                    file.year
                )));
            }
            tracing::info!(year = file.year, source = %file.source, "calendar notice added");
            years.push(file);
        }
    }
    Ok(Calendar::from_years(years)?)
}

/// The `.json` files of `dir` and their contents, sorted: what a reload compares.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, text)
        })
        .collect();
    out.sort();
    out
}

/// An operator's warning: a year without a State Council notice has begun or begins soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NoticeWarning {
    /// Always `calendar_notice_missing`.
    pub code: &'static str,
    pub year: i32,
    pub message: String,
}

/// The warning for `today`, if a year without a notice begins within sixty days (or has begun).
pub fn notice_warning(calendar: &Calendar, today: NaiveDate) -> Option<NoticeWarning> {
    let year = calendar.notice_missing_within(today, NOTICE_WARNING_DAYS)?;
    Some(NoticeWarning {
        code: "calendar_notice_missing",
        year,
        message: format!(
            "no State Council holiday notice for {year}: only the statutory holidays are known, \
             due dates are estimated and no make-up working day counts; publish its notice \
             as calendar/{year}.json (docs/lists-and-calendar.md)"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fixture_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tongban-cal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("2027.json"),
            include_str!("../../rules/tests/fixtures/calendar-2027.json"),
        )
        .unwrap();
        std::fs::write(dir.join("README.md"), "ignored").unwrap();
        dir
    }

    #[test]
    fn sixty_days_before_2027_the_missing_notice_is_told() {
        let cal = load(None).unwrap();
        assert_eq!(notice_warning(&cal, d(2026, 10, 1)), None);
        let w = notice_warning(&cal, d(2026, 12, 24)).unwrap();
        assert_eq!((w.code, w.year), ("calendar_notice_missing", 2027));
    }

    #[test]
    fn a_notice_in_the_calendar_dir_is_loaded_and_silences_the_warning() {
        let dir = fixture_dir();
        let cal = load(Some(&dir)).unwrap();
        assert!(cal.knows(d(2027, 1, 1)));
        assert!(cal.is_working_day(d(2027, 10, 9)));
        assert_eq!(notice_warning(&cal, d(2026, 12, 24)), None);
    }

    #[test]
    fn a_file_named_for_another_year_is_refused() {
        let dir = std::env::temp_dir().join(format!("tongban-cal-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("2028.json"),
            include_str!("../../rules/tests/fixtures/calendar-2027.json"),
        )
        .unwrap();
        assert!(load(Some(&dir)).is_err());
    }
}
