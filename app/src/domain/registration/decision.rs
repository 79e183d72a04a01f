//! What staff decide on an application, and the deadline they work to: 受理, 登记, 不予登记
//! with a reason from a fixed list, and the working days left before the review is due.

use crate::domain::calendar::WorkCalendar;
use crate::domain::date::Ymd;
use crate::domain::registration::status::{Status, REVIEW_WORKING_DAYS};

/// A staff decision on an application. 转办 is not one: it changes the office, not the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Register,
    Refuse,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s.trim() {
            "accept" => Some(Decision::Accept),
            "register" => Some(Decision::Register),
            "refuse" => Some(Decision::Refuse),
            _ => None,
        }
    }

    pub fn status(self) -> Status {
        match self {
            Decision::Accept => Status::Accepted,
            Decision::Register => Status::Registered,
            Decision::Refuse => Status::Refused,
        }
    }
}

/// Why an application may be refused, with the words the person reads and what they can do.
/// 人户分离 and 户籍不在本地 are deliberately absent: the notice forbids refusing for them (an
/// application at the wrong office is transferred instead).
pub const REFUSAL_REASONS: [(&str, &str); 6] = [
    ("age", "未满16周岁，不在劳动年龄内"),
    ("pension", "已依法享受基本养老保险待遇"),
    (
        "employed",
        "信息比对显示仍在就业或仍由单位参保（单位办理停保后可重新申请）",
    ),
    ("student", "在校学生，不属于失业登记对象"),
    ("duplicate", "已在其他地方办理失业登记"),
    ("other", "其他"),
];

/// The refusal as the person will read it: the listed reason, then the staff member's words.
/// `其他` needs words; the others may add some.
pub fn refusal_text(code: &str, note: &str) -> Result<String, (&'static str, &'static str)> {
    let label = REFUSAL_REASONS
        .iter()
        .find(|(c, _)| *c == code.trim())
        .map(|(_, label)| *label)
        .ok_or(("refusal_code", "不予登记原因：请选择一项"))?;
    let note = note.trim();
    match (code.trim(), note.is_empty()) {
        ("other", true) => Err(("reason", "说明：选择“其他”时请写明原因，申请人会看到")),
        ("other", false) => Ok(note.to_owned()),
        (_, true) => Ok(label.to_owned()),
        (_, false) => Ok(format!("{label}。{note}")),
    }
}

/// Where an open application stands against its review deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub on: Ymd,
    /// Working days from today to the due date: 0 on the day, negative once overdue.
    pub working_days_left: i32,
}

impl Due {
    pub fn overdue(self) -> bool {
        self.working_days_left < 0
    }

    /// 剩3个工作日 / 今天到期 / 已超期2个工作日.
    pub fn words(self) -> String {
        match self.working_days_left {
            0 => "今天到期".into(),
            n if n > 0 => format!("剩{n}个工作日"),
            n => format!("已超期{}个工作日", -n),
        }
    }
}

/// The review is due `REVIEW_WORKING_DAYS` working days after submission, on the calendar.
pub fn review_due(calendar: &WorkCalendar, submitted_on: Ymd, today: Ymd) -> Due {
    let on = calendar.plus_working_days(submitted_on, REVIEW_WORKING_DAYS);
    Due {
        on,
        working_days_left: calendar.working_days_between(today, on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Ymd {
        Ymd::new(y, m, d).unwrap()
    }

    #[test]
    fn refusals_name_a_listed_reason_and_other_needs_words() {
        assert_eq!(refusal_text("age", ""), Ok("未满16周岁，不在劳动年龄内".to_owned()));
        assert_eq!(
            refusal_text("pension", "经核实已领取养老金"),
            Ok("已依法享受基本养老保险待遇。经核实已领取养老金".to_owned())
        );
        assert_eq!(
            refusal_text("other", "  "),
            Err(("reason", "说明：选择“其他”时请写明原因，申请人会看到"))
        );
        assert_eq!(refusal_text("other", "信息无法核实"), Ok("信息无法核实".to_owned()));
        assert_eq!(refusal_text("hukou", "").unwrap_err().0, "refusal_code");
        assert!(REFUSAL_REASONS
            .iter()
            .all(|(_, l)| !l.contains("户籍") && !l.contains("人户分离")));
    }

    #[test]
    fn the_review_from_the_eve_of_national_day_skips_the_holiday() {
        let calendar = WorkCalendar::new([]);
        // Without the 2026 calendar the count is Monday to Friday.
        assert_eq!(
            review_due(&calendar, ymd(2026, 9, 30), ymd(2026, 9, 30)).on,
            ymd(2026, 10, 7)
        );
        let calendar = crate::domain::calendar::tests::some_of_2026();
        let due = review_due(&calendar, ymd(2026, 9, 30), ymd(2026, 9, 30));
        assert_eq!(
            due.on,
            ymd(2026, 10, 13),
            "10.10 is a working Saturday, 10.1-10.7 are not"
        );
        assert_eq!(due.working_days_left, 5);
        assert_eq!(
            review_due(&calendar, ymd(2026, 9, 30), ymd(2026, 10, 13)).words(),
            "今天到期"
        );
        let late = review_due(&calendar, ymd(2026, 9, 30), ymd(2026, 10, 15));
        assert!(late.overdue());
        assert_eq!(late.words(), "已超期2个工作日");
        // 10.10 (Saturday, worked), 10.12 and 10.13 are left on Friday 10.9.
        assert_eq!(
            review_due(&calendar, ymd(2026, 9, 30), ymd(2026, 10, 9)).words(),
            "剩3个工作日"
        );
    }
}
