//! Working days in mainland China: weekends, statutory holidays and 调休 make-up working days,
//! from each year's State Council General Office notice (`assets/calendar/<year>.json`, each
//! file citing its 国办发明电 number). A deadline is the N-th working day after the start day, the
//! start day not counted. Past the last year with data only weekends are known, and the
//! deadline says it is estimated.

use crate::Error;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The year files compiled in (`assets/calendar/<year>.json`), as text: [`Calendar::embedded`]
/// parses them with serde_json; the app decodes them with the browser's `JSON.parse` into
/// [`YearFile`]s and calls [`Calendar::from_years`].
pub const EMBEDDED: [&str; 6] = [
    include_str!("../../../assets/calendar/2021.json"),
    include_str!("../../../assets/calendar/2022.json"),
    include_str!("../../../assets/calendar/2023.json"),
    include_str!("../../../assets/calendar/2024.json"),
    include_str!("../../../assets/calendar/2025.json"),
    include_str!("../../../assets/calendar/2026.json"),
];

/// One year's file: the State Council notice's holidays and 调休 make-up working days.
#[derive(Deserialize)]
pub struct YearFile {
    year: i32,
    #[allow(dead_code)]
    source: String,
    holidays: Vec<Holiday>,
    workdays: Vec<Workday>,
}

#[derive(Deserialize)]
struct Holiday {
    off: Vec<NaiveDate>,
}

#[derive(Deserialize)]
struct Workday {
    date: NaiveDate,
}

/// A due date, and whether it was computed past the calendar data (weekends only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub due: NaiveDate,
    pub estimated: bool,
}

#[derive(Debug, Clone)]
pub struct Calendar {
    off: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
    first_year: i32,
    last_year: i32,
}

impl Calendar {
    /// The calendar compiled in from `assets/calendar` (2021–2026).
    pub fn embedded() -> Result<Self, Error> {
        Self::parse(&EMBEDDED)
    }

    /// Parses year files; the years must follow each other without a gap.
    pub fn parse(files: &[&str]) -> Result<Self, Error> {
        let years = files
            .iter()
            .map(|text| {
                serde_json::from_str::<YearFile>(text).map_err(|e| Error::Parse {
                    what: "calendar".into(),
                    reason: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_years(years)
    }

    /// The calendar of year files already decoded; the years must follow each other without
    /// a gap.
    pub fn from_years(files: impl IntoIterator<Item = YearFile>) -> Result<Self, Error> {
        let mut years = Vec::new();
        let (mut off, mut workdays) = (BTreeSet::new(), BTreeSet::new());
        for file in files {
            years.push(file.year);
            off.extend(file.holidays.into_iter().flat_map(|h| h.off));
            workdays.extend(file.workdays.into_iter().map(|w| w.date));
        }
        years.sort_unstable();
        let (first_year, last_year) = match (years.first(), years.last()) {
            (Some(&f), Some(&l)) if l - f + 1 == years.len() as i32 => (f, l),
            _ => {
                return Err(Error::Inconsistent {
                    what: "calendar".into(),
                    reason: format!("years {years:?} are not consecutive"),
                })
            }
        };
        Ok(Self {
            off,
            workdays,
            first_year,
            last_year,
        })
    }

    /// Whether `day` is covered by a State Council notice in the data.
    pub fn knows(&self, day: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&day.year())
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        !self.off.contains(&day) && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The `working_days`-th working day after `from` (`from` itself not counted).
    /// With 0 working days the due date is `from` itself (即办件).
    pub fn deadline(&self, from: NaiveDate, working_days: u32) -> Deadline {
        let mut day = from;
        let mut estimated = !self.knows(from);
        let mut left = working_days;
        while left > 0 {
            day = day + Days::new(1);
            estimated |= !self.knows(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Deadline {
            due: day,
            estimated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn national_day_week_is_skipped_and_makeup_saturday_counts() {
        let cal = Calendar::embedded().unwrap();
        // 2024: 10-01..10-07 off (国办发明电〔2023〕7号); Sat 10-12 is a make-up working day.
        assert!(!cal.is_working_day(d(2024, 10, 3)));
        assert!(cal.is_working_day(d(2024, 10, 12)));
        // From Mon 2024-09-30: next working days are 10-08, 10-09, 10-10, 10-11, 10-12 (Sat).
        assert_eq!(
            cal.deadline(d(2024, 9, 30), 5),
            Deadline {
                due: d(2024, 10, 12),
                estimated: false
            }
        );
    }

    #[test]
    fn the_start_day_is_not_counted() {
        let cal = Calendar::embedded().unwrap();
        // Mon 2024-03-04 + 1 working day = Tue 2024-03-05.
        assert_eq!(cal.deadline(d(2024, 3, 4), 1).due, d(2024, 3, 5));
        assert_eq!(cal.deadline(d(2024, 3, 4), 0).due, d(2024, 3, 4));
    }

    #[test]
    fn spring_festival_2025_pushes_a_15_day_transfer_past_the_holiday() {
        let cal = Calendar::embedded().unwrap();
        // 2025: 01-28..02-04 off; Sun 01-26 and Sat 02-08 are working days (国办发明电〔2024〕12号).
        let due = cal.deadline(d(2025, 1, 24), 15);
        assert!(!due.estimated);
        // 01-26, 01-27, then 02-05..02-07, 02-08, 02-10..02-14, 02-17..02-20 = 15
        assert_eq!(due.due, d(2025, 2, 20));
    }

    #[test]
    fn past_the_data_only_weekends_count_and_the_date_is_estimated() {
        let cal = Calendar::embedded().unwrap();
        let due = cal.deadline(d(2026, 12, 30), 3);
        assert!(due.estimated);
        // Thu 12-31, Fri 2027-01-01 (no data: a weekday), Mon 2027-01-04.
        assert_eq!(due.due, d(2027, 1, 4));
    }
}
