//! The statutory holidays of any year, as 《全国年节及纪念日放假办法》 fixes them (as amended by
//! 《国务院关于修改〈全国年节及纪念日放假办法〉的决定》 of 2024-11-10, in force from 2025-01-01),
//! article 2: 元旦 1 day (1 January); 春节 4 days (农历除夕 and 正月初一 to 初三); 清明节 1 day
//! (the 清明 solar term); 劳动节 2 days (1 and 2 May); 端午节 1 day (五月初五); 中秋节 1 day
//! (八月十五); 国庆节 3 days (1 to 3 October). Article 6: a holiday that falls on a Saturday or
//! Sunday is made up on a working day (补假); here, the first Monday–Friday after it that is no
//! holiday itself. Two holidays on one day (中秋 on 1 October) make one up the same way.
//!
//! These are the days a year without a State Council notice is known to have off. The notice
//! (assets/calendar/<year>.json) replaces them, adding its 调休 make-up working days, which no
//! rule can foresee: a due date counted over such a year is only an estimate (预计).
//!
//! 春节, 端午 and 中秋 come from `chinese-lunisolar-calendar`'s tables (Gregorian 1901–2100);
//! 清明 from the solar-term formula ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋ (Y the year's last two digits,
//! C = 4.81 in 2001–2099, 5.59 in 1901–2000). Outside 1901–2099 only the fixed-date holidays are
//! known.

use chinese_lunisolar_calendar::LunisolarDate;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The Gregorian date of a lunar month/day of lunar year `year` (the one starting in `year`).
fn lunar(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    let year = u16::try_from(year).ok()?;
    LunisolarDate::from_ymd(year, month, false, day)
        .ok()
        .map(|d| d.to_naive_date())
}

/// 春节's 正月初一 of `year`.
pub fn spring_festival(year: i32) -> Option<NaiveDate> {
    lunar(year, 1, 1)
}

/// 端午节 (五月初五) of `year`.
pub fn dragon_boat(year: i32) -> Option<NaiveDate> {
    lunar(year, 5, 5)
}

/// 中秋节 (八月十五) of `year`.
pub fn mid_autumn(year: i32) -> Option<NaiveDate> {
    lunar(year, 8, 15)
}

/// 清明 of `year` (4 or 5 April in this century), from the solar-term formula.
pub fn qingming(year: i32) -> Option<NaiveDate> {
    let c = match year {
        1901..=2000 => 5.59,
        2001..=2099 => 4.81,
        _ => return None,
    };
    let y = year % 100;
    let day = (f64::from(y) * 0.2422 + c).floor() as i32 - y / 4;
    NaiveDate::from_ymd_opt(year, 4, u32::try_from(day).ok()?)
}

/// One statutory holiday day: its holiday's name and the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub name: &'static str,
    pub date: NaiveDate,
    /// A 补假 day (article 6), not itself one of article 2's days.
    pub made_up: bool,
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Every day off that the law alone gives `year`, 补假 included, in date order.
pub fn days_off(year: i32) -> Vec<Day> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut fixed: Vec<(&'static str, Option<NaiveDate>)> = vec![("元旦", ymd(1, 1))];
    if let Some(first) = spring_festival(year) {
        let eve = first.pred_opt();
        fixed.push(("春节", eve));
        for n in 0..3 {
            fixed.push(("春节", first.checked_add_days(Days::new(n))));
        }
    }
    fixed.push(("清明节", qingming(year)));
    fixed.push(("劳动节", ymd(5, 1)));
    fixed.push(("劳动节", ymd(5, 2)));
    fixed.push(("端午节", dragon_boat(year)));
    fixed.push(("中秋节", mid_autumn(year)));
    for d in 1..=3 {
        fixed.push(("国庆节", ymd(10, d)));
    }
    let mut days: Vec<(&'static str, NaiveDate)> = fixed
        .into_iter()
        .filter_map(|(name, d)| Some((name, d?)))
        .collect();
    days.sort_by_key(|(_, d)| *d);
    let mut off: BTreeSet<NaiveDate> = days.iter().map(|(_, d)| *d).collect();
    let mut out: Vec<Day> = days
        .iter()
        .map(|&(name, date)| Day {
            name,
            date,
            made_up: false,
        })
        .collect();
    // 补假: each holiday day on a weekend, and the second holiday of a shared day.
    let mut seen = BTreeSet::new();
    for &(name, date) in &days {
        let shared = !seen.insert(date);
        if !(weekend(date) || shared) {
            continue;
        }
        let mut d = date;
        while let Some(next) = d.succ_opt() {
            d = next;
            if !weekend(d) && !off.contains(&d) {
                off.insert(d);
                out.push(Day {
                    name,
                    date: d,
                    made_up: true,
                });
                break;
            }
        }
    }
    out.sort_by_key(|d| d.date);
    out
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
    fn lunar_holidays_of_2027_are_the_known_dates() {
        assert_eq!(spring_festival(2027), Some(d(2027, 2, 6)));
        assert_eq!(dragon_boat(2027), Some(d(2027, 6, 9)));
        assert_eq!(mid_autumn(2027), Some(d(2027, 9, 15)));
    }

    #[test]
    fn lunar_holidays_match_the_published_notices() {
        // 春节 初一, 端午, 中秋 of 2021–2026, each inside its notice's holiday in assets/calendar.
        let known = [
            (2021, d(2021, 2, 12), d(2021, 6, 14), d(2021, 9, 21)),
            (2022, d(2022, 2, 1), d(2022, 6, 3), d(2022, 9, 10)),
            (2023, d(2023, 1, 22), d(2023, 6, 22), d(2023, 9, 29)),
            (2024, d(2024, 2, 10), d(2024, 6, 10), d(2024, 9, 17)),
            (2025, d(2025, 1, 29), d(2025, 5, 31), d(2025, 10, 6)),
            (2026, d(2026, 2, 17), d(2026, 6, 19), d(2026, 9, 25)),
        ];
        for (y, sf, db, ma) in known {
            assert_eq!(spring_festival(y), Some(sf), "{y}");
            assert_eq!(dragon_boat(y), Some(db), "{y}");
            assert_eq!(mid_autumn(y), Some(ma), "{y}");
        }
    }

    #[test]
    fn spring_festival_2028_to_2035_and_mid_autumn_on_national_day_2031() {
        let known = [
            (2028, 1, 26),
            (2029, 2, 13),
            (2030, 2, 3),
            (2031, 1, 23),
            (2032, 2, 11),
            (2033, 1, 31),
            (2034, 2, 19),
            (2035, 2, 8),
        ];
        for (y, m, day) in known {
            assert_eq!(spring_festival(y), Some(d(y, m, day)), "{y}");
        }
        assert_eq!(mid_autumn(2031), Some(d(2031, 10, 1)));
    }

    #[test]
    fn qingming_by_the_formula_2020_to_2035() {
        // 清明 falls on 4 April in leap years and the year after, on 5 April in the two before.
        let fifth = [2022, 2023, 2026, 2027, 2030, 2031, 2034, 2035];
        for y in 2020..=2035 {
            let day = if fifth.contains(&y) { 5 } else { 4 };
            assert_eq!(qingming(y), Some(d(y, 4, day)), "{y}");
        }
    }

    #[test]
    fn the_law_gives_2027_thirteen_days_and_its_weekend_ones_are_made_up() {
        let days = days_off(2027);
        let law: Vec<_> = days.iter().filter(|x| !x.made_up).map(|x| x.date).collect();
        assert_eq!(law.len(), 13);
        assert!(law.contains(&d(2027, 1, 1)));
        // 除夕 Fri 02-05, 初一 Sat 02-06, 初二 Sun 02-07, 初三 Mon 02-08.
        for day in 5..=8 {
            assert!(law.contains(&d(2027, 2, day)));
        }
        // Sat 02-06 and Sun 02-07 are made up on Tue 02-09 and Wed 02-10;
        // 劳动节 Sat 05-01 and Sun 05-02 on Mon 05-03 and Tue 05-04;
        // 国庆 Sat 10-02 and Sun 10-03 on Mon 10-04 and Tue 10-05.
        let made_up: Vec<_> = days.iter().filter(|x| x.made_up).map(|x| x.date).collect();
        assert_eq!(
            made_up,
            [
                d(2027, 2, 9),
                d(2027, 2, 10),
                d(2027, 5, 3),
                d(2027, 5, 4),
                d(2027, 10, 4),
                d(2027, 10, 5)
            ]
        );
    }

    #[test]
    fn mid_autumn_on_national_day_is_made_up() {
        // 2020: 中秋 was 10-01 (Thu). 10-01..03 Thu–Sat, 中秋 shared, Sat 10-03 on a weekend.
        let made_up: Vec<_> = days_off(2020)
            .into_iter()
            .filter(|x| x.made_up)
            .filter(|x| x.date.month() == 10)
            .map(|x| x.date)
            .collect();
        assert_eq!(made_up, [d(2020, 10, 5), d(2020, 10, 6)]);
    }
}
