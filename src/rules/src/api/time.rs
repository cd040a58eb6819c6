//! Time as the API and the rules count it: dates are Beijing-time dates (UTC+8, no daylight
//! saving), whatever the clock of the machine that asks.

use chrono::{DateTime, NaiveDate, SecondsFormat};

const CHINA_OFFSET_MS: i64 = 8 * 3600 * 1000;

/// The date in China at `now_ms` (milliseconds since the Unix epoch). The gateway passes its
/// clock, the app the browser's; an instant outside chrono's range reads as 1970-01-01.
pub fn china_today(now_ms: i64) -> NaiveDate {
    // China keeps no daylight saving time: the date there is the UTC date 8 hours later.
    DateTime::from_timestamp_millis(now_ms.saturating_add(CHINA_OFFSET_MS))
        .unwrap_or_default()
        .date_naive()
}

/// An instant as the API sends it: RFC 3339 in UTC, milliseconds only when there are any.
pub fn instant(at: DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_is_a_day_ahead_from_four_pm_utc() {
        // 2026-03-04T15:59:59Z is 23:59:59 in Beijing; one second later it is the 5th there.
        let before = 1_772_639_999_000;
        assert_eq!(china_today(before).to_string(), "2026-03-04");
        assert_eq!(china_today(before + 1000).to_string(), "2026-03-05");
    }

    #[test]
    fn instants_are_utc_with_a_z_and_milliseconds_only_when_present() {
        let at = DateTime::from_timestamp_millis(1_772_680_028_123).unwrap();
        assert_eq!(instant(at), "2026-03-05T03:07:08.123Z");
        let whole = DateTime::from_timestamp(1_772_680_028, 0).unwrap();
        assert_eq!(instant(whole), "2026-03-05T03:07:08Z");
    }
}
