//! A calendar month (`YYYY-MM`): the period every figure is counted for.

use serde::{Deserialize, Serialize};

use crate::domain::date::{days_in_month, Ymd};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// `YYYY-MM` exactly (a birth month too, hence from 1900 on).
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        ((1900..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    pub fn of(day: Ymd) -> Month {
        Month {
            year: day.year,
            month: day.month,
        }
    }

    pub fn first_day(self) -> Ymd {
        Ymd {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }

    pub fn last_day(self) -> Ymd {
        Ymd {
            year: self.year,
            month: self.month,
            day: days_in_month(self.year, self.month),
        }
    }

    /// `n` months earlier.
    pub fn back(self, n: u32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 - n as i32;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn next(self) -> Month {
        let index = self.year * 12 + self.month as i32;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// The twelve months ending with this one, the oldest first (a trend's points).
    pub fn last_twelve(self) -> Vec<Month> {
        (0..12).rev().map(|n| self.back(n)).collect()
    }

    /// `YYYY-MM`, as stored and as the API writes months.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// 2026年11月.
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_months_written_in_full() {
        assert_eq!(Month::parse("2026-02"), Some(Month { year: 2026, month: 2 }));
        for bad in [
            "2026-2",
            "2026-13",
            "2026-00",
            "26-01",
            "2026-01-01",
            "",
            "１９９９-01",
            "1899-12",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn knows_its_first_and_last_day_and_its_neighbours() {
        let feb = Month::parse("2028-02").unwrap();
        assert_eq!(feb.first_day().iso(), "2028-02-01");
        assert_eq!(feb.last_day().iso(), "2028-02-29");
        assert_eq!(Month::parse("2026-01").unwrap().back(1).iso(), "2025-12");
        assert_eq!(Month::parse("2026-12").unwrap().next().iso(), "2027-01");
        let twelve = Month::parse("2026-03").unwrap().last_twelve();
        assert_eq!(twelve.first().unwrap().iso(), "2025-04");
        assert_eq!(twelve.last().unwrap().iso(), "2026-03");
        assert_eq!(twelve.len(), 12);
    }
}
