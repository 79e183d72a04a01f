//! 注销: what each of the notice's reasons needs before a registration ends, and how the
//! person hears of it (一(三) of the notice). Shared with the browser, which shows staff the
//! same rules it is checked against.

use super::check::Problem;
use super::status::EndReason;
use crate::domain::date::Ymd;

/// The waiting period after the person is told of an ending for reason 4, 5 or 6a, unless
/// the configuration sets another (`PORTAL_ENDING_NOTICE_DAYS`).
pub const ENDING_NOTICE_DAYS: u32 = 10;

/// How the person hears of an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Telling {
    /// The notice exempts moving abroad, prison, death and the unreachable (6b, 7, 9, 10).
    None,
    /// Told when it ends (1–3, 8, 11).
    WhenEnded,
    /// Told first that they meet the condition; it ends after the waiting period, or earlier
    /// when staff record that the person confirmed (4, 5, 6a: 核实、告知本人后注销).
    FirstThenWait,
}

/// What staff must give, beyond how they verified it, for a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// A 就业登记: employer or business and the start date; for 3 also whether the monthly
    /// income reaches the local 低保 standard.
    Employment,
    /// The records show 3 refusals in a row without a good reason (online, by phone, at a visit).
    Refusals,
    /// The records show no successful contact for 6 months.
    NoContact,
    /// One of the local rules kept by provincial administrators.
    LocalRule,
}

pub fn telling(reason: EndReason) -> Telling {
    match reason {
        EndReason::MovedAbroad | EndReason::Imprisoned | EndReason::Unreachable | EndReason::Died => Telling::None,
        EndReason::Pension | EndReason::UnableToWork | EndReason::StudyOrService => Telling::FirstThenWait,
        _ => Telling::WhenEnded,
    }
}

pub fn needs(reason: EndReason) -> Needs {
    match reason {
        EndReason::Employed | EndReason::SelfEmployed | EndReason::StableIncome => Needs::Employment,
        EndReason::RefusedServices => Needs::Refusals,
        EndReason::Unreachable => Needs::NoContact,
        EndReason::Other => Needs::LocalRule,
        _ => Needs::Nothing,
    }
}

/// The day a registration announced on `announced` ends, `days` calendar days later.
pub fn ends_on(announced: Ymd, days: u32) -> Ymd {
    Ymd::from_days(announced.days() + i64::from(days))
}

/// The rule in a line, for the staff member choosing the reason.
pub fn rule_words(reason: EndReason, notice_days: u32) -> String {
    let how = match needs(reason) {
        Needs::Employment if reason == EndReason::StableIncome => {
            "需办理就业登记：单位或经营项目、开始日期，并确认月收入不低于当地最低生活保障标准"
        }
        Needs::Employment => "需办理就业登记：用人单位或经营项目、开始工作日期",
        Needs::Refusals => "记录须显示无正当理由连续拒绝3次（网上、电话或走访时的答复都计入）",
        Needs::NoContact => "记录须显示连续6个月无法取得联系",
        Needs::LocalRule => "从省级发布的当地规定情形中选择",
        Needs::Nothing => "核实情况后办理",
    };
    let told = match telling(reason) {
        Telling::None => "按规定不告知本人".to_owned(),
        Telling::WhenEnded => "注销时告知本人".to_owned(),
        Telling::FirstThenWait => {
            format!("先告知本人，{notice_days}天后注销；本人确认的可立即注销")
        }
    };
    format!("{how}；{told}。")
}

/// The condition as the person reads it at registration (the notice says the conditions are
/// explained then): what happens and whether they hear of it.
pub fn person_words(reason: EndReason) -> &'static str {
    match (needs(reason), telling(reason)) {
        (Needs::Employment, _) => "您报告找到工作，或服务机构为您办理就业登记时注销，并告知您。",
        (Needs::Refusals, _) => "无正当理由连续3次拒绝服务机构提供的就业服务，经核实后注销，并告知您。",
        (Needs::NoContact, _) => "请保持手机畅通，每月完成就业失业动态确认。",
        (Needs::LocalRule, _) => "见“当地规定的其他注销情形”。",
        (_, Telling::FirstThenWait) => "服务机构核实后先告知您；告知后如无异议，到期注销。",
        _ => "服务机构核实后注销，按规定不另行告知。",
    }
}

/// A 就业登记 as staff record it for reasons 1–3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employment {
    /// 用人单位, or the business (个体经营、企业、民办非企业) the person runs or works in.
    pub employer: String,
    pub started_on: Ymd,
    /// Reason 3 only: the monthly income reaches the local 低保 standard.
    pub income_meets_dibao: Option<bool>,
}

const MAX_EMPLOYER: usize = 100;

/// Checks a 就业登记 for reason 1, 2 or 3; every problem names its field.
pub fn employment(
    reason: EndReason,
    employer: &str,
    started_on: &str,
    income_meets_dibao: Option<bool>,
    today: Ymd,
) -> Result<Employment, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: &str| {
        problems.push(Problem {
            field: field.into(),
            message: message.into(),
        })
    };
    let employer = employer.trim();
    if employer.is_empty() {
        problem(
            "employer",
            "用人单位或经营项目：请填写单位名称，个体经营的填写经营项目或字号",
        );
    } else if employer.chars().count() > MAX_EMPLOYER {
        problem("employer", "用人单位或经营项目：最多100个字，请删减");
    }
    let started = Ymd::parse_iso(started_on.trim());
    match started {
        None => problem("started_on", "开始工作日期：请填写真实的日期，例如 2026-12-01"),
        Some(d) if d > today => problem("started_on", "开始工作日期：不能晚于今天；开始工作后再办理"),
        Some(_) => {}
    }
    if reason == EndReason::StableIncome {
        match income_meets_dibao {
            None => problem("income_meets_dibao", "月收入：请选择是否不低于当地最低生活保障标准"),
            Some(false) => problem(
                "income_meets_dibao",
                "月收入：低于当地最低生活保障标准的，不符合原因3，不能注销；此人仍是登记失业人员",
            ),
            Some(true) => {}
        }
    }
    match started {
        Some(started_on) if problems.is_empty() => Ok(Employment {
            employer: employer.to_owned(),
            started_on,
            income_meets_dibao: (reason == EndReason::StableIncome).then_some(true),
        }),
        _ => Err(problems),
    }
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
    fn who_is_told_follows_the_notice() {
        let silent: Vec<&str> = EndReason::ALL
            .into_iter()
            .filter(|r| telling(*r) == Telling::None)
            .map(EndReason::code)
            .collect();
        assert_eq!(silent, ["6b", "7", "9", "10"]);
        let first: Vec<&str> = EndReason::ALL
            .into_iter()
            .filter(|r| telling(*r) == Telling::FirstThenWait)
            .map(EndReason::code)
            .collect();
        assert_eq!(first, ["4", "5", "6a"]);
    }

    #[test]
    fn the_waiting_period_counts_calendar_days_across_months() {
        assert_eq!(
            ends_on(Ymd::new(2026, 12, 25).unwrap(), 10),
            Ymd::new(2027, 1, 4).unwrap()
        );
        assert!(rule_words(EndReason::UnableToWork, 10).contains("10天后注销"));
        assert!(rule_words(EndReason::Died, 10).contains("不告知"));
    }

    #[test]
    fn an_employment_record_needs_the_employer_and_a_past_start() {
        let fields = |r: Result<Employment, Vec<Problem>>| -> Vec<String> {
            r.unwrap_err().into_iter().map(|p| p.field).collect()
        };
        assert_eq!(
            fields(employment(EndReason::Employed, " ", "2026-13-01", None, TODAY)),
            ["employer", "started_on"]
        );
        assert_eq!(
            fields(employment(EndReason::Employed, "某公司", "2026-12-03", None, TODAY)),
            ["started_on"]
        );
        let ok = employment(EndReason::Employed, " 长沙示例公司 ", "2026-12-01", Some(false), TODAY).unwrap();
        assert_eq!(
            (ok.employer.as_str(), ok.started_on.iso(), ok.income_meets_dibao),
            ("长沙示例公司", "2026-12-01".to_owned(), None)
        );
    }

    #[test]
    fn reason_three_needs_an_income_at_least_the_local_dibao() {
        let e = |income| employment(EndReason::StableIncome, "家政服务", "2026-11-01", income, TODAY);
        assert_eq!(e(None).unwrap_err()[0].field, "income_meets_dibao");
        assert!(e(Some(false)).unwrap_err()[0].message.contains("不能注销"));
        assert_eq!(e(Some(true)).unwrap().income_meets_dibao, Some(true));
    }
}
