//! 谁可以办理失业登记: 16 or older on the day of applying, able and willing to work, without
//! work, and not drawing a basic pension. There is no upper age limit. These are questions, and a
//! "no" is answered with what the person can do instead, not with an error.

use super::Answers;
use crate::domain::date::Ymd;

/// Why a person cannot register now, each with plain words and what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotEligible {
    Under16 { turns_16: Ymd },
    UnableToWork,
    NotLookingForWork,
    Working,
    DrawingPension,
}

impl NotEligible {
    pub fn why(self) -> String {
        match self {
            NotEligible::Under16 { turns_16 } => {
                format!("失业登记要求年满16周岁。按您的出生日期，您在{turns_16}年满16周岁，到那天就可以办理。")
            }
            NotEligible::UnableToWork => {
                "失业登记是为有劳动能力、想找工作的人办理的。您选择了目前没有劳动能力。".into()
            }
            NotEligible::NotLookingForWork => {
                "失业登记是为想找工作的人办理的，登记后服务机构会为您推荐岗位。您选择了目前不想找工作。".into()
            }
            NotEligible::Working => "失业登记是为目前没有工作的人办理的。您选择了现在有工作。".into(),
            NotEligible::DrawingPension => "已经按月领取基本养老金的人，不再办理失业登记。".into(),
        }
    }

    pub fn instead(self) -> &'static str {
        match self {
            NotEligible::Under16 { .. } => "如需帮助，可以联系附近的公共就业服务机构。",
            NotEligible::UnableToWork => {
                "如果您需要生活上的帮助，可以向社区（村）或民政部门咨询救助政策；以后想找工作时再来办理。"
            }
            NotEligible::NotLookingForWork => "以后想找工作时，随时可以回来办理。",
            NotEligible::Working => {
                "有工作的人可以到服务机构办理就业登记；如果工作不稳定、想换工作，也可以到服务机构咨询求职服务。"
            }
            NotEligible::DrawingPension => "如果想继续工作，可以到附近的公共就业服务机构咨询求职服务。",
        }
    }
}

/// The four questions of the first page, as stored in the draft.
pub const ABLE: &str = "able_to_work";
pub const WANTS: &str = "wants_work";
pub const WITHOUT_WORK: &str = "without_work";
pub const PENSION: &str = "drawing_pension";

/// Every reason that applies, in the order the questions are asked; empty when eligible.
pub fn assess(answers: &Answers, birth: Option<Ymd>, today: Ymd) -> Vec<NotEligible> {
    let said = |k: &str, v: &str| answers.get(k).map(String::as_str) == Some(v);
    let mut reasons = Vec::new();
    if let Some(birth) = birth {
        if birth.age_on(today) < 16 {
            let turns_16 = Ymd::new(birth.year + 16, birth.month, birth.day)
                .or_else(|| Ymd::new(birth.year + 16, 3, 1))
                .unwrap_or(birth);
            reasons.push(NotEligible::Under16 { turns_16 });
        }
    }
    if said(ABLE, "0") {
        reasons.push(NotEligible::UnableToWork);
    }
    if said(WANTS, "0") {
        reasons.push(NotEligible::NotLookingForWork);
    }
    if said(WITHOUT_WORK, "0") {
        reasons.push(NotEligible::Working);
    }
    if said(PENSION, "1") {
        reasons.push(NotEligible::DrawingPension);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const TODAY: Ymd = Ymd {
        year: 2026,
        month: 11,
        day: 27,
    };

    fn yes() -> Answers {
        answers(&[(ABLE, "1"), (WANTS, "1"), (WITHOUT_WORK, "1"), (PENSION, "0")])
    }

    #[test]
    fn sixteen_on_the_day_and_no_upper_age() {
        let sixteen_today = Ymd::new(2010, 11, 27);
        assert!(assess(&yes(), sixteen_today, TODAY).is_empty());
        let tomorrow = Ymd::new(2010, 11, 28);
        assert_eq!(
            assess(&yes(), tomorrow, TODAY),
            vec![NotEligible::Under16 {
                turns_16: Ymd::new(2026, 11, 28).unwrap()
            }]
        );
        assert!(assess(&yes(), Ymd::new(1950, 1, 1), TODAY).is_empty(), "no upper age");
    }

    #[test]
    fn a_pension_or_a_job_is_explained_not_refused_as_an_error() {
        let mut a = yes();
        a.insert(PENSION.into(), "1".into());
        a.insert(WITHOUT_WORK.into(), "0".into());
        let r = assess(&a, Ymd::new(1960, 5, 1), TODAY);
        assert_eq!(r, vec![NotEligible::Working, NotEligible::DrawingPension]);
        assert!(r[1].why().contains("养老金"));
        assert!(r[0].instead().contains("就业登记"));
    }
}
