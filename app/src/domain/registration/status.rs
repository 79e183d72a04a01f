//! Where an application stands, the notice's 11 reasons for ending a registration, and what
//! happens next in each state: who acts, by when, and whom to call.

use serde::{Deserialize, Serialize};

use crate::domain::calendar::WorkCalendar;
use crate::domain::date::Ymd;

/// 已提交 -> 已受理 -> 已登记, or 不予登记, or 已注销.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Submitted,
    Accepted,
    Registered,
    Refused,
    Ended,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Submitted,
        Status::Accepted,
        Status::Registered,
        Status::Refused,
        Status::Ended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Accepted => "accepted",
            Status::Registered => "registered",
            Status::Refused => "refused",
            Status::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Submitted => "已提交",
            Status::Accepted => "已受理",
            Status::Registered => "已登记",
            Status::Refused => "不予登记",
            Status::Ended => "已注销",
        }
    }

    /// Still being handled or in force: the person cannot open another one.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Submitted | Status::Accepted | Status::Registered)
    }

    /// What staff may move an application to (ending a registration has its own rules).
    pub fn staff_may_move_to(self, to: Status) -> bool {
        matches!(
            (self, to),
            (
                Status::Submitted,
                Status::Accepted | Status::Registered | Status::Refused
            ) | (Status::Accepted, Status::Registered | Status::Refused)
        )
    }
}

/// 注销失业登记: the notice's reasons (6 split into study/service and moving abroad).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum EndReason {
    #[serde(rename = "1")]
    Employed,
    #[serde(rename = "2")]
    SelfEmployed,
    #[serde(rename = "3")]
    StableIncome,
    #[serde(rename = "4")]
    Pension,
    #[serde(rename = "5")]
    UnableToWork,
    #[serde(rename = "6a")]
    StudyOrService,
    #[serde(rename = "6b")]
    MovedAbroad,
    #[serde(rename = "7")]
    Imprisoned,
    #[serde(rename = "8")]
    RefusedServices,
    #[serde(rename = "9")]
    Unreachable,
    #[serde(rename = "10")]
    Died,
    #[serde(rename = "11")]
    Other,
}

impl EndReason {
    pub const ALL: [EndReason; 12] = [
        EndReason::Employed,
        EndReason::SelfEmployed,
        EndReason::StableIncome,
        EndReason::Pension,
        EndReason::UnableToWork,
        EndReason::StudyOrService,
        EndReason::MovedAbroad,
        EndReason::Imprisoned,
        EndReason::RefusedServices,
        EndReason::Unreachable,
        EndReason::Died,
        EndReason::Other,
    ];

    /// What a person can report themselves: work found (reasons 1–3).
    pub const FOUND_WORK: [EndReason; 3] = [EndReason::Employed, EndReason::SelfEmployed, EndReason::StableIncome];

    pub fn code(self) -> &'static str {
        match self {
            EndReason::Employed => "1",
            EndReason::SelfEmployed => "2",
            EndReason::StableIncome => "3",
            EndReason::Pension => "4",
            EndReason::UnableToWork => "5",
            EndReason::StudyOrService => "6a",
            EndReason::MovedAbroad => "6b",
            EndReason::Imprisoned => "7",
            EndReason::RefusedServices => "8",
            EndReason::Unreachable => "9",
            EndReason::Died => "10",
            EndReason::Other => "11",
        }
    }

    pub fn parse(code: &str) -> Option<EndReason> {
        EndReason::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    /// The notice's words.
    pub fn label(self) -> &'static str {
        match self {
            EndReason::Employed => "被用人单位录用",
            EndReason::SelfEmployed => "从事个体经营或创办企业、民办非企业单位",
            EndReason::StableIncome => "从事有稳定收入的劳动，月收入不低于当地最低生活保障标准",
            EndReason::Pension => "已依法享受基本养老保险待遇",
            EndReason::UnableToWork => "完全丧失劳动能力",
            EndReason::StudyOrService => "入学或服兵役",
            EndReason::MovedAbroad => "移居境外",
            EndReason::Imprisoned => "被判刑收监执行",
            EndReason::RefusedServices => "无正当理由连续3次拒绝接受公共就业服务",
            EndReason::Unreachable => "连续6个月无法取得联系",
            EndReason::Died => "死亡",
            EndReason::Other => "当地规定的其他情形",
        }
    }
}

/// What happens next: who acts, what they do, by when, and whom to ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NextStep {
    /// 服务机构 or 您.
    pub who: String,
    pub what: String,
    /// `YYYY-MM-DD`, when there is a deadline.
    pub by: Option<String>,
}

/// Online applications are reviewed within 5 working days (Hunan's published guide).
pub const REVIEW_WORKING_DAYS: u32 = 5;

/// The review deadline is counted on `calendar`, so the date shown already skips the holidays.
pub fn next_step(status: Status, submitted_on: Ymd, registered_on: Option<Ymd>, calendar: &WorkCalendar) -> NextStep {
    let office = "服务机构".to_owned();
    match status {
        Status::Submitted | Status::Accepted => {
            let by = calendar.plus_working_days(submitted_on, REVIEW_WORKING_DAYS);
            NextStep {
                who: office,
                what: format!(
                    "审核您的申请，并通过手机联系您。审核在5个工作日内（法定节假日不计）完成，约在{by}前。您不需要再提交任何材料。"
                ),
                by: Some(by.iso()),
            }
        }
        Status::Registered => {
            let year_end = registered_on.unwrap_or(submitted_on).plus_months(12);
            NextStep {
                who: office,
                what: format!(
                    "登记后一年内（至{year_end}），为您推荐至少3次岗位信息、1次职业指导和1次免费技能培训信息。请每月做一次就业失业动态确认，找到工作后及时告诉我们。"
                ),
                by: Some(year_end.iso()),
            }
        }
        Status::Refused => NextStep {
            who: "您".into(),
            what: "如果情况有变化或对结果有疑问，可以联系办理机构，或重新申请失业登记。".into(),
            by: None,
        },
        Status::Ended => NextStep {
            who: "您".into(),
            what: "失业登记已结束。以后再失业，可以重新申请失业登记。".into(),
            by: None,
        },
    }
}

/// 受理编号: 8 characters without 0/O/1/I, read aloud in two groups (e.g. K7M3-Q9P2).
pub const REFERENCE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The reference made from 8 random bytes.
pub fn reference_from(bytes: [u8; 8]) -> String {
    let chars: String = bytes
        .iter()
        .map(|b| REFERENCE_ALPHABET[usize::from(b % 32)] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// What a person or a staff member typed, made canonical (case, spaces, missing hyphen).
pub fn parse_reference(input: &str) -> Option<String> {
    let chars: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (chars.len() == 8 && chars.bytes().all(|b| REFERENCE_ALPHABET.contains(&b)))
        .then(|| format!("{}-{}", &chars[..4], &chars[4..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_avoid_confusable_characters() {
        let r = reference_from([0, 1, 2, 3, 255, 200, 31, 32]);
        assert_eq!(r, "2345-ZAZ2");
        assert!(!r.contains(['0', 'O', '1', 'I']));
        assert_eq!(parse_reference(&r.to_lowercase().replace('-', " ")), Some(r.clone()));
        assert_eq!(parse_reference("O000-0000"), None);
    }

    #[test]
    fn staff_moves_only_forward() {
        assert!(Status::Submitted.staff_may_move_to(Status::Accepted));
        assert!(Status::Accepted.staff_may_move_to(Status::Registered));
        assert!(!Status::Registered.staff_may_move_to(Status::Submitted));
        assert!(!Status::Refused.staff_may_move_to(Status::Registered));
        assert!(!Status::Ended.is_open() && !Status::Refused.is_open() && Status::Registered.is_open());
    }

    #[test]
    fn next_steps_name_a_date() {
        let calendar = WorkCalendar::default();
        let friday = Ymd::new(2026, 11, 27).unwrap();
        let n = next_step(Status::Submitted, friday, None, &calendar);
        assert_eq!(n.by.as_deref(), Some("2026-12-04"));
        assert!(n.what.contains("5个工作日内（法定节假日不计）"), "{}", n.what);
        let national_day = crate::domain::calendar::check_year(
            2026,
            "国务院办公厅关于2026年部分节假日安排的通知",
            &[crate::domain::calendar::HolidayText {
                name: "国庆节",
                from: "2026-10-01",
                to: "2026-10-07",
            }],
            &["2026-10-10"],
        )
        .unwrap();
        let n = next_step(
            Status::Submitted,
            Ymd::new(2026, 9, 30).unwrap(),
            None,
            &WorkCalendar::new([national_day]),
        );
        assert_eq!(n.by.as_deref(), Some("2026-10-13"), "国庆 is not counted");
        let n = next_step(
            Status::Registered,
            friday,
            Some(Ymd::new(2026, 12, 1).unwrap()),
            &calendar,
        );
        assert_eq!(n.by.as_deref(), Some("2027-12-01"));
        assert!(n.what.contains("3次岗位信息"));
    }

    #[test]
    fn eleven_reasons_with_six_split() {
        assert_eq!(EndReason::ALL.len(), 12);
        for r in EndReason::ALL {
            assert_eq!(EndReason::parse(r.code()), Some(r));
        }
    }
}
