//! Working days in mainland China: weekends, statutory holidays and 调休 make-up working days.
//! A year with a State Council General Office notice (`assets/calendar/<year>.json`, each file
//! citing its 国办发明电 number, or a notice file added at run time) is known exactly. Any other
//! year has the holidays the law itself fixes ([`statutory`]: 元旦, 春节, 清明, 劳动节, 端午,
//! 中秋, 国庆 and their 补假) and no make-up working day; a deadline counted over such a year
//! says it is estimated (预计), since the notice will move days. A deadline is the N-th working
//! day after the start day, the start day not counted.

use crate::Error;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub mod statutory;

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
    pub year: i32,
    pub source: String,
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
    /// The years with a notice, and its source.
    notices: BTreeMap<i32, String>,
    /// The statutory days off of the years without a notice, computed once per year asked
    /// for (1901–2099; the lunar tables end there).
    statutory: BTreeMap<i32, BTreeSet<NaiveDate>>,
}

/// Years without a notice have their statutory holidays precomputed this far ahead of the
/// last notice (and from the first one on); past them they are computed on each question.
const STATUTORY_AHEAD: i32 = 30;

impl Calendar {
    /// The calendar compiled in from `assets/calendar` (notices 2021–2026).
    pub fn embedded() -> Result<Self, Error> {
        Self::parse(&EMBEDDED)
    }

    /// Parses year files (State Council notices).
    pub fn parse(files: &[&str]) -> Result<Self, Error> {
        let years = files
            .iter()
            .map(|text| Self::parse_year(text))
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_years(years)
    }

    /// Parses one year file.
    pub fn parse_year(text: &str) -> Result<YearFile, Error> {
        let file = serde_json::from_str::<YearFile>(text).map_err(|e| Error::Parse {
            what: "calendar".into(),
            reason: e.to_string(),
        })?;
        let stray = file
            .holidays
            .iter()
            .flat_map(|h| &h.off)
            .chain(file.workdays.iter().map(|w| &w.date))
            .find(|d| (d.year() - file.year).abs() > 1);
        match stray {
            Some(d) => Err(Error::Inconsistent {
                what: "calendar".into(),
                reason: format!("{}: {d} lies far from the notice's year", file.year),
            }),
            None => Ok(file),
        }
    }

    /// The calendar of year files already decoded (State Council notices). A later file of a
    /// year replaces an earlier one of the same year (a notice added at run time over the
    /// compiled-in data). At least one year is needed.
    pub fn from_years(files: impl IntoIterator<Item = YearFile>) -> Result<Self, Error> {
        let mut by_year = BTreeMap::new();
        for file in files {
            by_year.insert(file.year, file);
        }
        let (mut off, mut workdays) = (BTreeSet::new(), BTreeSet::new());
        let mut notices = BTreeMap::new();
        for (year, file) in by_year {
            off.extend(file.holidays.into_iter().flat_map(|h| h.off));
            workdays.extend(file.workdays.into_iter().map(|w| w.date));
            notices.insert(year, file.source);
        }
        let (Some(&first), Some(&last)) = (notices.keys().next(), notices.keys().next_back())
        else {
            return Err(Error::Inconsistent {
                what: "calendar".into(),
                reason: "no year file".into(),
            });
        };
        let statutory = (first..=last + STATUTORY_AHEAD)
            .filter(|y| !notices.contains_key(y))
            .map(|y| (y, Self::statutory_off(y)))
            .collect();
        Ok(Self {
            off,
            workdays,
            notices,
            statutory,
        })
    }

    fn statutory_off(year: i32) -> BTreeSet<NaiveDate> {
        statutory::days_off(year)
            .into_iter()
            .map(|d| d.date)
            .collect()
    }

    /// The years a State Council notice covers, with its source.
    pub fn notices(&self) -> impl Iterator<Item = (i32, &str)> {
        self.notices.iter().map(|(y, s)| (*y, s.as_str()))
    }

    /// The first year without a notice that has begun or begins within `days` days of
    /// `today` (an operator's warning: the notice is due).
    pub fn notice_missing_within(&self, today: NaiveDate, days: u64) -> Option<i32> {
        let until = today.checked_add_days(Days::new(days)).unwrap_or(today);
        (today.year()..=until.year()).find(|y| !self.notices.contains_key(y))
    }

    /// Whether `day` is covered by a State Council notice in the data.
    pub fn knows(&self, day: NaiveDate) -> bool {
        self.notices.contains_key(&day.year())
    }

    /// Whether `day` is a statutory holiday or a notice's day off (weekends aside).
    pub fn is_holiday(&self, day: NaiveDate) -> bool {
        if self.off.contains(&day) {
            return true;
        }
        if self.knows(day) {
            return false;
        }
        match self.statutory.get(&day.year()) {
            Some(off) => off.contains(&day),
            None => Self::statutory_off(day.year()).contains(&day),
        }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_holiday(day)
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
    fn past_the_notices_the_law_s_holidays_count_and_the_date_is_estimated() {
        let cal = Calendar::embedded().unwrap();
        let due = cal.deadline(d(2026, 12, 30), 3);
        assert!(due.estimated);
        // Thu 12-31; Fri 2027-01-01 is 元旦 by law; Mon 01-04, Tue 01-05.
        assert_eq!(due.due, d(2027, 1, 5));
        assert!(!cal.knows(d(2027, 1, 1)));
        assert!(cal.is_holiday(d(2027, 1, 1)));
        // 2027's 春节 (除夕 Fri 02-05 … 初三 Mon 02-08) and its 补假 (Tue 02-09, Wed 02-10).
        for day in 5..=10 {
            assert!(!cal.is_working_day(d(2027, 2, day)), "02-{day}");
        }
        assert!(cal.is_working_day(d(2027, 2, 11)));
        // Far years too: 2090's 国庆 day.
        assert!(!cal.is_working_day(d(2090, 10, 2)));
    }

    const FIXTURE_2027: &str = include_str!("../tests/fixtures/calendar-2027.json");

    #[test]
    fn a_notice_file_added_replaces_the_law_s_days_and_its_makeup_days_count() {
        let mut files: Vec<&str> = EMBEDDED.to_vec();
        files.push(FIXTURE_2027);
        let cal = Calendar::parse(&files).unwrap();
        assert!(cal.knows(d(2027, 10, 9)));
        // The fixture's 国庆 runs 10-01..10-07 with Sat 10-09 a make-up working day.
        assert!(cal.is_working_day(d(2027, 10, 9)));
        assert!(!Calendar::embedded().unwrap().is_working_day(d(2027, 10, 9)));
        let due = cal.deadline(d(2027, 9, 30), 2);
        assert_eq!(
            due,
            Deadline {
                due: d(2027, 10, 9),
                estimated: false
            }
        );
        // Its Sunday 02-14 is a make-up working day, which the law alone never gives.
        assert!(cal.is_working_day(d(2027, 2, 14)));
        assert!(!Calendar::embedded().unwrap().is_working_day(d(2027, 2, 14)));
    }

    #[test]
    fn the_missing_notice_is_told_sixty_days_ahead() {
        let cal = Calendar::embedded().unwrap();
        assert_eq!(cal.notice_missing_within(d(2026, 11, 1), 60), None);
        assert_eq!(cal.notice_missing_within(d(2026, 11, 2), 60), Some(2027));
        assert_eq!(cal.notice_missing_within(d(2027, 3, 1), 60), Some(2027));
        let mut files: Vec<&str> = EMBEDDED.to_vec();
        files.push(FIXTURE_2027);
        let cal = Calendar::parse(&files).unwrap();
        assert_eq!(cal.notice_missing_within(d(2026, 12, 24), 60), None);
    }
}
