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

    /// Whole years from `self` (a birth date) to `on`; a 29 February birthday counts on
    /// 1 March in other years.
    pub fn age_on(self, on: Ymd) -> i32 {
        let had_birthday = (on.month, on.day) >= (self.month, self.day);
        on.year - self.year - if had_birthday { 0 } else { 1 }
    }
}

impl std::fmt::Display for Ymd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
