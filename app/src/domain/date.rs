//! Calendar dates as the forms use them (no clock, no time zone): birth dates from ID
//! numbers, and ages on the day of applying.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ymd {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Ymd {
    /// A real calendar date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Ymd> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Ymd { year, month, day })
    }

    /// `YYYYMMDD`.
    pub fn from_digits(s: &str) -> Option<Ymd> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Ymd::new(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?)
    }

    /// `YYYYMMDD`, the form `from_digits` reads.
    pub fn digits(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// Whole years from `self` (a birth date) to `on`; a 29 February birthday counts on
    /// 1 March in other years.
    pub fn age_on(self, on: Ymd) -> i32 {
        let had_birthday = (on.month, on.day) >= (self.month, self.day);
        on.year - self.year - if had_birthday { 0 } else { 1 }
    }
}

impl Ymd {
    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Ymd {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Ymd { year, month, day }
    }

    /// Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u32 {
        ((self.days() + 3).rem_euclid(7) + 1) as u32
    }

    /// The same day `months` later (the last day of the month when it has no such day).
    pub fn plus_months(self, months: u32) -> Ymd {
        let total = self.month - 1 + months;
        let year = self.year + (total / 12) as i32;
        let month = total % 12 + 1;
        Ymd {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// `YYYY-MM-DD`, as stored and as the API writes dates.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYY-MM`, the month a monthly 就业失业动态确认 belongs to.
    pub fn year_month(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn parse_iso(s: &str) -> Option<Ymd> {
        let mut parts = s.splitn(3, '-');
        Ymd::new(
            parts.next()?.parse().ok()?,
            parts.next()?.parse().ok()?,
            parts.next()?.parse().ok()?,
        )
    }
}

impl std::fmt::Display for Ymd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// A time as the API writes it (RFC 3339 in UTC, `2026-12-02T05:48:02Z`) on China's clock
/// (UTC+8), as pages show it: `2026-12-02 13:48`. Anything else comes back as it was.
pub fn china_clock(rfc3339_utc: &str) -> String {
    let shown = || -> Option<String> {
        let (date, time) = rfc3339_utc.strip_suffix('Z')?.split_once('T')?;
        let day = Ymd::parse_iso(date)?;
        let hour: i64 = time.get(0..2)?.parse().ok()?;
        let minute: u32 = time.get(3..5)?.parse().ok()?;
        let hour = hour + 8;
        let day = Ymd::from_days(day.days() + hour / 24);
        Some(format!("{} {:02}:{minute:02}", day.iso(), hour % 24))
    };
    shown().unwrap_or_else(|| rfc3339_utc.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_on_chinas_clock() {
        assert_eq!(china_clock("2026-12-02T05:48:02Z"), "2026-12-02 13:48");
        // After 16:00 UTC it is already the next day in China, across a year's end too.
        assert_eq!(china_clock("2026-12-31T16:05:00Z"), "2027-01-01 00:05");
        assert_eq!(china_clock("not a time"), "not a time");
    }

    #[test]
    fn real_dates_only() {
        assert!(Ymd::new(2000, 2, 29).is_some());
        assert!(Ymd::new(1900, 2, 29).is_none());
        assert!(Ymd::new(2023, 4, 31).is_none());
        assert!(Ymd::from_digits("19491231").is_some());
        assert!(Ymd::from_digits("19491301").is_none());
        assert!(Ymd::from_digits("1949123").is_none());
    }

    #[test]
    fn day_arithmetic() {
        let d = Ymd::new(2026, 11, 27).unwrap();
        assert_eq!(d.weekday(), 5, "a Friday");
        assert_eq!(Ymd::from_days(d.days()), d);
        assert_eq!(Ymd::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(
            Ymd::new(2026, 1, 31).unwrap().plus_months(1),
            Ymd::new(2026, 2, 28).unwrap()
        );
        assert_eq!(d.plus_months(12), Ymd::new(2027, 11, 27).unwrap());
        assert_eq!(Ymd::parse_iso(&d.iso()), Some(d));
        for n in -800_000..-799_000 {
            assert_eq!(Ymd::from_days(n).days(), n);
        }
    }

    #[test]
    fn ages_count_birthdays() {
        let born = Ymd::new(2010, 11, 27).unwrap();
        assert_eq!(born.age_on(Ymd::new(2026, 11, 26).unwrap()), 15);
        assert_eq!(born.age_on(Ymd::new(2026, 11, 27).unwrap()), 16);
        let leap = Ymd::new(2008, 2, 29).unwrap();
        assert_eq!(leap.age_on(Ymd::new(2024, 2, 28).unwrap()), 15);
        assert_eq!(leap.age_on(Ymd::new(2024, 2, 29).unwrap()), 16);
        assert_eq!(leap.age_on(Ymd::new(2025, 3, 1).unwrap()), 17);
    }
}
