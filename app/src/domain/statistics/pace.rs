//! "311" in the figures: whether a person's year got all of 3/1/1, and whether someone still
//! in their year is behind a steady pace.

use crate::domain::date::Ymd;
use crate::domain::service_311::{ServiceKind, Tally, Window};
use crate::domain::statistics::month::Month;

/// The rule as staff read it beside the figures.
pub const BEHIND_RULE: &str = "进度落后：登记满4个月应至少有1次岗位推荐，满8个月至少2次；\
满6个月应已提供职业指导和培训信息各1次。按月末计。";

/// Whole months from `from` up to `on` (a day counts once its monthly anniversary has come),
/// at most 12.
pub fn full_months(from: Ymd, on: Ymd) -> u32 {
    (1..=12).take_while(|k| from.plus_months(*k) <= on).count() as u32
}

/// What a steady pace would have given `months` full months into the year: a 岗位推荐
/// every 4 months, 职业指导 and 培训信息 by the sixth month.
pub fn expected_by(kind: ServiceKind, months: u32) -> u32 {
    match kind {
        ServiceKind::JobReferral => (months / 4).min(3),
        ServiceKind::Guidance | ServiceKind::Training => u32::from(months >= 6),
        _ => 0,
    }
}

/// Any kind given fewer times than the pace asks by now.
pub fn behind(tallies: &[Tally], months: u32) -> bool {
    tallies.iter().any(|t| t.given < expected_by(t.kind, months))
}

/// The whole year's 3/1/1 given.
pub fn all_given(tallies: &[Tally]) -> bool {
    tallies.iter().all(|t| t.still_owed() == 0)
}

/// A day people registered on whose "311" year matters to a month, and how the month counts
/// them: their services are counted up to the day before `bound` (the end of their year, or
/// the month's end while the year goes on), and only while their registration lasts until
/// `bound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearDay {
    pub registered_on: Ymd,
    pub bound: Ymd,
    /// Full months of the year at the month's last day.
    pub months: u32,
    /// The year's last day falls in the month.
    pub ended_in_month: bool,
    /// Still in the year on the month's last day.
    pub in_year: bool,
}

/// Every registration day whose year ends in `month` or goes on at its end, oldest first.
pub fn year_days(month: Month) -> Vec<YearDay> {
    let (first, last) = (month.first_day(), month.last_day());
    let after_last = Ymd::from_days(last.days() + 1);
    let mut day = month.back(13).first_day();
    let mut out = Vec::new();
    while day <= last {
        let until = Window::new(day, None).until;
        let year_last = Ymd::from_days(until.days() - 1);
        let ended_in_month = first <= year_last && year_last <= last;
        let in_year = until > last;
        if ended_in_month || in_year {
            out.push(YearDay {
                registered_on: day,
                bound: until.min(after_last),
                months: full_months(day, last),
                ended_in_month,
                in_year,
            });
        }
        day = Ymd::from_days(day.days() + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service_311::{progress, Window};

    fn ymd(s: &str) -> Ymd {
        Ymd::parse_iso(s).unwrap()
    }

    #[test]
    fn the_days_whose_year_matters_to_a_month() {
        let days = year_days(Month::parse("2026-03").unwrap());
        let on = |d: &str| *days.iter().find(|y| y.registered_on == ymd(d)).unwrap();
        // Registered 2025-03-01: the year's last day is 2026-02-28, so not in March.
        assert!(days.iter().all(|y| y.registered_on > ymd("2025-03-01")));
        // 2025-03-02 .. 2025-04-01: the year ends in March.
        let ended = on("2025-03-02");
        assert!(ended.ended_in_month && !ended.in_year);
        assert_eq!((ended.bound, ended.months), (ymd("2026-03-02"), 12));
        // The year's last day is the month's last: ended in it, and in it on that day.
        let both = on("2025-04-01");
        assert!(both.ended_in_month && both.in_year);
        assert_eq!(both.bound, ymd("2026-04-01"));
        // Still in the year: counted up to the month's end, full months so far.
        let going = on("2025-10-15");
        assert!(!going.ended_in_month && going.in_year);
        assert_eq!((going.bound, going.months), (ymd("2026-04-01"), 5));
        let last = days.last().unwrap();
        assert_eq!((last.registered_on, last.months), (ymd("2026-03-31"), 0));
    }

    #[test]
    fn a_month_counts_once_its_anniversary_comes() {
        assert_eq!(full_months(ymd("2026-01-31"), ymd("2026-02-27")), 0);
        assert_eq!(full_months(ymd("2026-01-31"), ymd("2026-02-28")), 1);
        assert_eq!(full_months(ymd("2026-03-15"), ymd("2026-07-14")), 3);
        assert_eq!(full_months(ymd("2026-03-15"), ymd("2026-07-15")), 4);
        assert_eq!(full_months(ymd("2025-03-15"), ymd("2026-12-31")), 12);
    }

    #[test]
    fn behind_when_the_pace_asks_more_than_was_given() {
        let from = ymd("2026-01-10");
        let window = Window::new(from, None);
        let one_referral = progress(&[(ServiceKind::JobReferral, ymd("2026-02-01"))], window);
        assert!(!behind(&one_referral, 5), "one referral by month 5 keeps pace");
        assert!(behind(&one_referral, 6), "month 6 wants guidance and training too");
        let nothing = progress(&[], window);
        assert!(!behind(&nothing, 3));
        assert!(behind(&nothing, 4));
        assert!(!all_given(&one_referral));
    }

    #[test]
    fn all_given_means_three_one_one() {
        let from = ymd("2026-01-10");
        let window = Window::new(from, None);
        let mut given = vec![
            (ServiceKind::JobReferral, ymd("2026-02-01")),
            (ServiceKind::JobReferral, ymd("2026-03-01")),
            (ServiceKind::Guidance, ymd("2026-03-01")),
            (ServiceKind::Training, ymd("2026-04-01")),
        ];
        assert!(!all_given(&progress(&given, window)));
        given.push((ServiceKind::JobReferral, ymd("2027-01-09")));
        assert!(all_given(&progress(&given, window)));
        assert!(!behind(&progress(&given, window), 12));
    }
}
