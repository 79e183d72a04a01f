//! 就业失业动态确认: each registered person's situation, confirmed once a month, by the person
//! online or by staff (a call, a visit, or 信息比对 against other departments' data). A call
//! or a visit that does not reach the person confirms nothing.

use crate::domain::date::Ymd;
use crate::domain::registration::check::Problem;
use crate::domain::registration::codes::{label_of, Choice, MONTHLY_ANSWERS};

/// How staff checked: the code and the words kept with the month's confirmation.
pub const STAFF_CHANNELS: &[Choice] = &[
    Choice {
        code: "phone",
        label: "电话",
        hint: "",
    },
    Choice {
        code: "visit",
        label: "走访",
        hint: "",
    },
    Choice {
        code: "data_match",
        label: "信息比对",
        hint: "如社保参保、工商登记、养老待遇数据",
    },
];

/// Words kept for a confirmation the person made themselves.
pub const BY_THE_PERSON: &str = "本人报告";

/// A call or a visit that did not reach the person.
pub const UNREACHABLE: &str = "unreachable";

/// What staff found: the person's own answers, or that they could not be reached.
pub const STAFF_RESULTS: &[Choice] = &[
    MONTHLY_ANSWERS[0],
    MONTHLY_ANSWERS[1],
    MONTHLY_ANSWERS[2],
    Choice {
        code: UNREACHABLE,
        label: "联系不上",
        hint: "电话未接通、走访未见到本人",
    },
];

/// A staff check as it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffCheck {
    /// 电话, 走访 or 信息比对.
    pub method: &'static str,
    pub result: &'static str,
    /// Whether it confirms the month (the person was reached, or the data answered).
    pub confirms: bool,
}

/// A check as staff enter it: a listed channel and result; 信息比对 always has a result (data
/// cannot "not answer"); not dated after today.
pub fn staff_check(channel: &str, result: &str, on: Ymd, today: Ymd) -> Result<StaffCheck, Vec<Problem>> {
    let mut problems = Vec::new();
    let problem = |field: &str, message: &str| Problem {
        field: field.into(),
        message: message.into(),
    };
    let method = label_of(STAFF_CHANNELS, channel.trim());
    let result = STAFF_RESULTS.iter().find(|c| c.code == result.trim()).map(|c| c.code);
    if method.is_none() {
        problems.push(problem("channel", "确认方式：请选择电话、走访或信息比对"));
    }
    match result {
        None => problems.push(problem("result", "确认结果：请选择一项")),
        Some(UNREACHABLE) if channel.trim() == "data_match" => problems.push(problem(
            "result",
            "确认结果：信息比对没有“联系不上”，请选择比对得出的情况",
        )),
        Some(_) => {}
    }
    if on > today {
        problems.push(problem("on", "确认日期：不能晚于今天"));
    }
    match (method, result) {
        (Some(method), Some(result)) if problems.is_empty() => Ok(StaffCheck {
            method,
            result,
            confirms: result != UNREACHABLE,
        }),
        _ => Err(problems),
    }
}

/// Whether a confirmation made this way was a contact with the person (信息比对 was not).
pub fn reaches_the_person(method: &str) -> bool {
    method != STAFF_CHANNELS[2].label
}

/// From this day of the month on, those who have not confirmed are reminded (once a month).
pub fn reminder_due(today: Ymd, from_day: u32) -> bool {
    today.day >= from_day
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Ymd = Ymd {
        year: 2026,
        month: 12,
        day: 2,
    };

    #[test]
    fn a_call_that_reaches_nobody_confirms_nothing() {
        let reached = staff_check("phone", "looking", TODAY, TODAY).unwrap();
        assert_eq!((reached.method, reached.confirms), ("电话", true));
        let missed = staff_check("visit", "unreachable", TODAY, TODAY).unwrap();
        assert_eq!((missed.method, missed.confirms), ("走访", false));
    }

    #[test]
    fn problems_name_the_field() {
        let fields = |r: Result<StaffCheck, Vec<Problem>>| -> Vec<String> {
            r.unwrap_err().into_iter().map(|p| p.field).collect()
        };
        assert_eq!(fields(staff_check("", "", TODAY, TODAY)), ["channel", "result"]);
        assert_eq!(
            fields(staff_check("data_match", "unreachable", TODAY, TODAY)),
            ["result"]
        );
        assert_eq!(
            fields(staff_check("self", "looking", TODAY, TODAY)),
            ["channel"],
            "the person's own is not a staff check"
        );
        let tomorrow = Ymd { day: 3, ..TODAY };
        assert_eq!(fields(staff_check("phone", "looking", tomorrow, TODAY)), ["on"]);
    }

    #[test]
    fn reminders_start_on_the_configured_day() {
        assert!(!reminder_due(TODAY, 20));
        assert!(reminder_due(Ymd { day: 20, ..TODAY }, 20));
    }
}
