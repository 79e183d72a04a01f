//! Working days: 法定节假日 and 调休 (weekend days that are worked) as the State Council
//! announces them each year, so that every deadline counted in working days skips the real
//! holidays. A year without a calendar counts Monday to Friday, and says so.

use std::collections::BTreeSet;

use crate::domain::date::Ymd;
use crate::domain::registration::check::Problem;

/// The longest holiday of a notice (国庆 and 中秋 together: 8 days); a longer range is a typo.
pub const MAX_HOLIDAY_DAYS: i64 = 10;
/// More entries than any notice has (7 holidays, about 6 调休 days): a bound on the work.
const MAX_ENTRIES: usize = 30;

/// One year's days, checked: what [`check_year`] makes of a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearDays {
    pub year: i32,
    pub holidays: BTreeSet<Ymd>,
    /// 调休: Saturdays and Sundays that are working days.
    pub working_days: BTreeSet<Ymd>,
}

/// One holiday of a notice as written: a name and an inclusive range, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy)]
pub struct HolidayText<'a> {
    pub name: &'a str,
    pub from: &'a str,
    pub to: &'a str,
}

/// Which days are worked, over every year whose notice is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<Ymd>,
    working_days: BTreeSet<Ymd>,
    years: BTreeSet<i32>,
}

impl WorkCalendar {
    pub fn new(years: impl IntoIterator<Item = YearDays>) -> WorkCalendar {
        let mut calendar = WorkCalendar::default();
        for y in years {
            calendar.years.insert(y.year);
            calendar.holidays.extend(y.holidays);
            calendar.working_days.extend(y.working_days);
        }
        calendar
    }

    /// Whether the year's notice is known (otherwise its days count Monday to Friday).
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// Whether every year from `first` to `last` is known.
    pub fn knows_span(&self, first: Ymd, last: Ymd) -> bool {
        (first.year..=last.year).all(|y| self.knows(y))
    }

    /// A holiday is never worked, a 调休 day always is, other days Monday to Friday.
    pub fn is_working_day(&self, day: Ymd) -> bool {
        if self.holidays.contains(&day) {
            false
        } else {
            self.working_days.contains(&day) || day.weekday() <= 5
        }
    }

    /// The `n`-th working day after `from` (`from` itself when `n` is 0).
    pub fn plus_working_days(&self, from: Ymd, n: u32) -> Ymd {
        let mut d = from.days();
        let mut left = n;
        while left > 0 {
            d += 1;
            if self.is_working_day(Ymd::from_days(d)) {
                left -= 1;
            }
        }
        Ymd::from_days(d)
    }

    /// Working days after `from` up to and including `to`; counted back (negative) when `to`
    /// is before `from`. Days left before a deadline, or days it is overdue.
    pub fn working_days_between(&self, from: Ymd, to: Ymd) -> i32 {
        let (first, last, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        let days = (first.days() + 1..=last.days())
            .filter(|d| self.is_working_day(Ymd::from_days(*d)))
            .count();
        sign * i32::try_from(days).unwrap_or(i32::MAX)
    }
}

/// `YYYY-MM-DD` exactly (no missing zeros), a real date.
fn parse_date(s: &str) -> Option<Ymd> {
    Ymd::parse_iso(s.trim()).filter(|d| d.iso() == s.trim())
}

/// The year itself, or its December before: a notice may start 元旦 or put a 调休 day there.
fn in_notice_year(year: i32, d: Ymd) -> bool {
    d.year == year || (d.year == year - 1 && d.month == 12)
}

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// Checks one year's notice as written and gives its days, or every problem, each naming the
/// field (`holidays[0].from`, `working_days[1]`, …) and how to fix it.
pub fn check_year(
    year: i32,
    source: &str,
    holidays: &[HolidayText<'_>],
    working_days: &[&str],
) -> Result<YearDays, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |field: String, message: String| problems.push(Problem { field, message });
    if !(2000..=2100).contains(&year) {
        problem("year".into(), "年份：请填写2000到2100之间的年份，例如 2027".into());
    }
    let source_len = source.trim().chars().count();
    if source_len == 0 || source_len > 200 {
        problem(
            "source".into(),
            "依据：请填写国务院办公厅通知的标题（200字以内），例如 国务院办公厅关于2027年部分节假日安排的通知".into(),
        );
    }
    if holidays.is_empty() || holidays.len() > MAX_ENTRIES {
        problem(
            "holidays".into(),
            format!("节假日：请按通知填写1到{MAX_ENTRIES}项放假安排"),
        );
    }
    if working_days.len() > MAX_ENTRIES {
        problem("working_days".into(), format!("调休上班日：最多{MAX_ENTRIES}天"));
    }
    let mut days = YearDays {
        year,
        holidays: BTreeSet::new(),
        working_days: BTreeSet::new(),
    };
    for (i, h) in holidays.iter().take(MAX_ENTRIES).enumerate() {
        let n = i + 1;
        let name = h.name.trim();
        if name.is_empty() || name.chars().count() > 20 {
            problem(
                format!("holidays[{i}].name"),
                format!("第{n}项节假日名称：请填写通知里的名称（20字以内），例如 春节"),
            );
        }
        let mut date = |key: &str, label: &str, s: &str| match parse_date(s) {
            Some(d) if in_notice_year(year, d) => Some(d),
            Some(_) => {
                problem(
                    format!("holidays[{i}].{key}"),
                    format!("第{n}项节假日（{name}）{label}：“{s}”不在{year}年，请填写{year}年的日期（元旦可从上一年12月开始）"),
                );
                None
            }
            None => {
                problem(
                    format!("holidays[{i}].{key}"),
                    format!("第{n}项节假日（{name}）{label}：“{s}”不是有效日期，请写成 YYYY-MM-DD，例如 {year}-10-01"),
                );
                None
            }
        };
        let (Some(from), Some(to)) = (date("from", "开始日期", h.from), date("to", "结束日期", h.to)) else {
            continue;
        };
        let length = to.days() - from.days() + 1;
        if length < 1 {
            problem(
                format!("holidays[{i}].to"),
                format!("第{n}项节假日（{name}）结束日期：不能早于开始日期 {}", from.iso()),
            );
        } else if length > MAX_HOLIDAY_DAYS {
            problem(
                format!("holidays[{i}].to"),
                format!("第{n}项节假日（{name}）：共{length}天，超过{MAX_HOLIDAY_DAYS}天，请核对开始和结束日期"),
            );
        } else {
            days.holidays.extend((from.days()..=to.days()).map(Ymd::from_days));
        }
    }
    for (i, s) in working_days.iter().take(MAX_ENTRIES).enumerate() {
        let n = i + 1;
        let field = format!("working_days[{i}]");
        match parse_date(s) {
            None => problem(
                field,
                format!("第{n}个调休上班日：“{s}”不是有效日期，请写成 YYYY-MM-DD，例如 {year}-10-10"),
            ),
            Some(d) if !in_notice_year(year, d) => problem(
                field,
                format!("第{n}个调休上班日：“{s}”不在{year}年，请填写{year}年（或上一年12月）的日期"),
            ),
            Some(d) if d.weekday() <= 5 => problem(
                field,
                format!(
                    "第{n}个调休上班日：{s} 是星期{}，只填通知中需要上班的星期六、星期日",
                    WEEKDAYS[(d.weekday() - 1) as usize]
                ),
            ),
            Some(d) if days.holidays.contains(&d) => {
                problem(field, format!("第{n}个调休上班日：{s} 已在节假日里，请核对通知"))
            }
            Some(d) => {
                days.working_days.insert(d);
            }
        }
    }
    if problems.is_empty() {
        Ok(days)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Ymd {
        Ymd::new(y, m, d).unwrap()
    }

    fn h<'a>(name: &'a str, from: &'a str, to: &'a str) -> HolidayText<'a> {
        HolidayText { name, from, to }
    }

    /// The autumn and spring of 2026 as the State Council's notice has them.
    pub(crate) fn some_of_2026() -> WorkCalendar {
        let days = check_year(
            2026,
            "国务院办公厅关于2026年部分节假日安排的通知",
            &[
                h("春节", "2026-02-15", "2026-02-23"),
                h("中秋节", "2026-09-25", "2026-09-27"),
                h("国庆节", "2026-10-01", "2026-10-07"),
            ],
            &["2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10"],
        )
        .unwrap();
        WorkCalendar::new([days])
    }

    #[test]
    fn holidays_are_skipped_and_weekend_working_days_count() {
        let c = some_of_2026();
        // 10.1–10.7 off; 10.8, 10.9, 10.10 (a Saturday, worked), 10.12, 10.13.
        assert_eq!(c.plus_working_days(ymd(2026, 9, 30), 5), ymd(2026, 10, 13));
        assert_eq!(c.plus_working_days(ymd(2026, 2, 13), 1), ymd(2026, 2, 14));
        assert!(!c.is_working_day(ymd(2026, 10, 5)) && c.is_working_day(ymd(2026, 10, 10)));
        assert!(c.knows(2026) && !c.knows(2027));
        assert_eq!(c.working_days_between(ymd(2026, 9, 30), ymd(2026, 10, 13)), 5);
        assert_eq!(c.working_days_between(ymd(2026, 10, 13), ymd(2026, 9, 30)), -5);
        assert_eq!(c.working_days_between(ymd(2026, 10, 2), ymd(2026, 10, 2)), 0);
    }

    #[test]
    fn a_plain_week_and_an_unknown_year_count_monday_to_friday() {
        let c = some_of_2026();
        // 2026-11-27 is a Friday; no holiday until 元旦.
        assert_eq!(c.plus_working_days(ymd(2026, 11, 27), 5), ymd(2026, 12, 4));
        assert_eq!(c.plus_working_days(ymd(2026, 11, 27), 0), ymd(2026, 11, 27));
        // 2031 is unknown: 10.1 (a Wednesday) is counted like any Wednesday.
        assert_eq!(c.plus_working_days(ymd(2031, 9, 30), 1), ymd(2031, 10, 1));
        assert!(!c.knows_span(ymd(2026, 12, 31), ymd(2027, 1, 8)));
        assert!(WorkCalendar::default().is_working_day(ymd(2031, 10, 1)));
    }

    #[test]
    fn problems_name_the_field() {
        let fields = |r: Result<YearDays, Vec<Problem>>| -> Vec<String> {
            r.unwrap_err().into_iter().map(|p| p.field).collect()
        };
        let bad = [
            h("春节", "2026-02-30", "2026-02-23"),
            h("国庆节", "2026-10-07", "2026-10-01"),
            h("长假", "2026-07-01", "2026-07-20"),
            h("", "2027-01-01", "2027-01-01"),
        ];
        assert_eq!(
            fields(check_year(
                2026,
                "通知",
                &bad,
                &["2026-10-12", "2026-1-4", "2025-11-29"]
            )),
            [
                "holidays[0].from",
                "holidays[1].to",
                "holidays[2].to",
                "holidays[3].name",
                "holidays[3].from",
                "holidays[3].to",
                "working_days[0]",
                "working_days[1]",
                "working_days[2]",
            ]
        );
        assert_eq!(fields(check_year(2026, " ", &[], &[])), ["source", "holidays"]);
        // The previous December is allowed for a 调休 day (2025-12-27 is a Saturday).
        let ok = check_year(2026, "通知", &[h("元旦", "2026-01-01", "2026-01-03")], &["2025-12-27"]).unwrap();
        assert_eq!(ok.holidays.len(), 3);
    }
}
