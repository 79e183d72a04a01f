//! The checks of every page, run by the browser as the person types and by the server on
//! every post and again on submit: one function, so both say the same words.

use validator::{ValidateLength, ValidateRange};

use super::codes::{self, Choice};
use super::steps::{Field, Kind, Step, OUTSIDE_HUNAN, STEPS};
use super::Answers;
use crate::domain::date::Ymd;
use crate::domain::name::{parse_postcode, PersonName};
use crate::domain::phone::Phone;

/// What a check needs besides the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    pub today: Ymd,
    /// From the ID number, or stated with a pass (none for a pass stated before dates of
    /// birth were asked).
    pub birth: Option<Ymd>,
}

/// One problem: the field's anchor (the element the error summary links to) and the message,
/// which names the field and says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

fn problem(field: &Field, message: impl Into<String>) -> Problem {
    Problem {
        field: field.anchor(),
        message: message.into(),
    }
}

/// The answer to a field, trimmed; "" when not given.
pub fn answer<'a>(answers: &'a Answers, name: &str) -> &'a str {
    answers.get(name).map_or("", |v| v.trim())
}

/// Whether a field is asked, given the other answers.
pub fn asked(field: &Field, answers: &Answers) -> bool {
    field.when.is_none_or(|(other, value)| answer(answers, other) == value)
}

/// Whether the field must be answered: some are required only with another answer.
fn required(field: &Field, answers: &Answers) -> bool {
    match field.name {
        // Graduates who never worked have no previous employer.
        "employer" => answer(answers, "reason") != codes::GRADUATE_REASON,
        _ => !field.optional,
    }
}

fn in_list(list: &[Choice], code: &str) -> bool {
    list.iter().any(|c| c.code == code)
}

/// The date of a `Date` field, if its three boxes make one.
pub fn date_answer(answers: &Answers, name: &str) -> Option<Ymd> {
    let part = |p: &str| answer(answers, &format!("{name}_{p}")).parse::<u32>().ok();
    Ymd::new(i32::try_from(part("year")?).ok()?, part("month")?, part("day")?)
}

fn is_blank(field: &Field, answers: &Answers) -> bool {
    match field.kind {
        Kind::Date => ["year", "month", "day"]
            .iter()
            .all(|p| answer(answers, &format!("{}_{p}", field.name)).is_empty()),
        _ => answer(answers, field.name).is_empty(),
    }
}

fn check_field(field: &Field, answers: &Answers, cx: Context) -> Option<Problem> {
    let label = field.label.trim_end_matches(['？', '?']);
    if is_blank(field, answers) {
        let choose = matches!(
            field.kind,
            Kind::Radios(_)
                | Kind::Select(_)
                | Kind::Checkboxes(_)
                | Kind::Division
                | Kind::Township { .. }
                | Kind::Office
        );
        return required(field, answers).then(|| {
            problem(
                field,
                if choose {
                    format!("{label}：请选择一项")
                } else {
                    format!("{label}：请填写{label}")
                },
            )
        });
    }
    let value = answer(answers, field.name);
    let err = |m: String| Some(problem(field, m));
    match field.kind {
        Kind::Text { max } => {
            if value.chars().any(char::is_control) {
                err(format!("{label}：不能包含换行或制表符等特殊字符"))
            } else if !value.validate_length(None, Some(max as u64), None) {
                err(format!("{label}：最多{max}个字，请删减"))
            } else {
                None
            }
        }
        Kind::Name => PersonName::parse(value).err().and_then(|m| err(m.into())),
        Kind::Phone => Phone::parse(value).err().and_then(|m| {
            err(if m.starts_with("手机号码") {
                m.into()
            } else {
                format!("手机号码：{m}")
            })
        }),
        Kind::Postcode => parse_postcode(value).err().and_then(|m| err(m.into())),
        Kind::Radios(list) | Kind::Select(list) => {
            (!in_list(list, value)).then(|| problem(field, format!("{label}：请从列表中选择一项")))
        }
        Kind::Checkboxes(list) => value
            .split(',')
            .any(|c| !in_list(list, c.trim()))
            .then(|| problem(field, format!("{label}：请从列表中选择"))),
        Kind::Date => match date_answer(answers, field.name) {
            None => err(format!(
                "{label}：请填写真实的日期，年份4位数字，月在1到12之间，日不超过当月天数"
            )),
            Some(d) if d > cx.today => err(format!("{label}：不能晚于今天")),
            Some(d) => {
                let sixteen = cx.birth.and_then(|b| Ymd::new(b.year + 16, b.month, b.day.min(28)));
                match sixteen {
                    Some(s) if d < s => err(format!("{label}：早于您年满16周岁的日子（{s}），请检查年份")),
                    _ => None,
                }
            }
        },
        Kind::Money => match value.parse::<u32>() {
            Ok(n) if n.validate_range(Some(0), Some(1_000_000), None, None) => None,
            _ => err(format!("{label}：请填写整数金额（元），例如 4500")),
        },
        Kind::Division => {
            let ok = value == OUTSIDE_HUNAN
                || (value.len() == 6 && value.starts_with("43") && value.bytes().all(|b| b.is_ascii_digit()));
            (!ok).then(|| problem(field, format!("{label}：请从列表中选择县市区")))
        }
        // A code from the list or the name typed; the server checks it against the list.
        Kind::Township { .. } => (!value.validate_length(None, Some(30), None))
            .then(|| problem(field, format!("{label}：最多30个字，请删减"))),
        Kind::Office => None,
    }
}

/// Rules between answers of one page.
fn check_together(step: &Step, answers: &Answers) -> Vec<Problem> {
    let mut out = Vec::new();
    if let (Some(min_field), Ok(min), Ok(max)) = (
        step.field("wage_min"),
        answer(answers, "wage_min").parse::<u32>(),
        answer(answers, "wage_max").parse::<u32>(),
    ) {
        if min > max {
            out.push(problem(min_field, "期望月工资最低：不能高于最高，请对调或修改"));
        }
    }
    out
}

/// Every problem on one page, in the page's order.
pub fn check_step(step: &Step, answers: &Answers, cx: Context) -> Vec<Problem> {
    let mut out: Vec<Problem> = step
        .fields
        .iter()
        .filter(|f| asked(f, answers))
        .filter_map(|f| check_field(f, answers, cx))
        .collect();
    out.extend(check_together(step, answers));
    out
}

/// The pages of a draft saved without a problem, kept beside the answers (stored as
/// `slug,slug`): progress, not something the person said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DoneSteps(Vec<String>);

impl DoneSteps {
    pub fn parse(stored: &str) -> DoneSteps {
        let mut done = DoneSteps::default();
        for slug in stored.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            done.mark(slug);
        }
        done
    }

    pub fn contains(&self, slug: &str) -> bool {
        self.0.iter().any(|d| d == slug)
    }

    /// Records that a page was saved without a problem.
    pub fn mark(&mut self, slug: &str) {
        if !self.contains(slug) {
            self.0.push(slug.to_owned());
        }
    }

    /// As stored: `slug,slug`.
    pub fn stored(&self) -> String {
        self.0.join(",")
    }
}

/// The first page never saved without a problem or with a problem now, for resuming and
/// before submitting. `has_problem` answers for one page (the server adds its own checks to
/// `check_step`'s, and checks each page once).
pub fn first_unfinished(done: &DoneSteps, has_problem: impl Fn(&Step) -> bool) -> Option<&'static Step> {
    STEPS.iter().find(|s| !done.contains(s.slug) || has_problem(s))
}

/// The words to show for an answer on the 核对信息 page.
pub fn shown(field: &Field, answers: &Answers) -> String {
    let value = answer(answers, field.name);
    let label_or = |list: &[Choice], v: &str| codes::label_of(list, v).unwrap_or("").to_owned();
    let text = match field.kind {
        Kind::Radios(list) | Kind::Select(list) => label_or(list, value),
        Kind::Checkboxes(list) => value
            .split(',')
            .filter_map(|c| codes::label_of(list, c.trim()))
            .collect::<Vec<_>>()
            .join("、"),
        Kind::Date => date_answer(answers, field.name)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        Kind::Money if !value.is_empty() => format!("{value} 元"),
        Kind::Phone => Phone::parse(value).map(|p| p.masked()).unwrap_or_default(),
        _ => value.to_owned(),
    };
    if text.is_empty() {
        "未填写".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registration::steps::step;

    const CX: Context = Context {
        today: Ymd {
            year: 2026,
            month: 11,
            day: 27,
        },
        birth: Some(Ymd {
            year: 1990,
            month: 5,
            day: 1,
        }),
    };

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn messages(slug: &str, a: &[(&str, &str)]) -> Vec<String> {
        check_step(step(slug).unwrap(), &answers(a), CX)
            .into_iter()
            .map(|p| format!("{}={}", p.field, p.message))
            .collect()
    }

    #[test]
    fn empty_required_fields_are_named() {
        assert_eq!(messages("household_kind", &[]), ["household_kind=户口性质：请选择一项"]);
        assert_eq!(messages("name", &[]), ["name=姓名：请填写姓名"]);
        assert!(messages("skills", &[]).is_empty(), "a page of optional fields");
    }

    #[test]
    fn codes_must_be_from_the_list() {
        assert_eq!(messages("ethnicity", &[("ethnicity", "15")]), Vec::<String>::new());
        assert_eq!(
            messages("ethnicity", &[("ethnicity", "99")]),
            ["ethnicity=民族：请从列表中选择一项"]
        );
        assert!(messages("difficulty", &[("difficulty", "older,disabled")]).is_empty());
        assert_eq!(messages("difficulty", &[("difficulty", "older,x")]).len(), 1);
    }

    #[test]
    fn conditional_fields_only_when_asked() {
        assert!(messages("health", &[("health", "1")]).is_empty());
        assert_eq!(
            messages("health", &[("health", "5")]),
            [
                "disability_kind=残疾类别：请选择一项",
                "disability_grade=残疾等级：请选择一项"
            ]
        );
        assert!(messages("last_work", &[("reason", "10")]).is_empty(), "graduates");
        assert_eq!(
            messages("last_work", &[("reason", "20")]),
            ["employer=原工作单位：请填写原工作单位"]
        );
    }

    #[test]
    fn dates_are_real_not_future_and_after_sixteen() {
        let d = |y: &str, m: &str, day: &str| {
            messages(
                "work_ended",
                &[("ended_year", y), ("ended_month", m), ("ended_day", day)],
            )
        };
        assert!(d("2026", "3", "15").is_empty());
        assert!(d("2026", "2", "30")[0].starts_with("ended_year=失业日期：请填写真实的日期"));
        assert!(d("2026", "12", "1")[0].contains("不能晚于今天"));
        assert!(d("2005", "1", "1")[0].contains("早于您年满16周岁"));
        assert_eq!(d("", "", ""), ["ended_year=失业日期：请填写失业日期"]);
    }

    #[test]
    fn wages_phone_text_and_postcode() {
        assert_eq!(
            messages(
                "wishes",
                &[("job_1", "电工"), ("wage_min", "6000"), ("wage_max", "4000")]
            ),
            ["wage_min=期望月工资最低：不能高于最高，请对调或修改"]
        );
        assert!(messages("wishes", &[("job_1", "电工"), ("wage_min", "4千")])[0].contains("整数金额"));
        assert!(messages("wishes", &[("job_1", &"电".repeat(31))])[0].contains("最多30个字"));
        assert!(messages("contact", &[("phone", "+86 138-0013-8000")]).is_empty());
        assert_eq!(
            messages("contact", &[("phone", "1380013800"), ("postcode", "4100")]),
            [
                "phone=手机号码应为11位数字，请检查是否多输或少输",
                "postcode=邮政编码：应为6位数字，例如长沙市是410000；不知道可以不填"
            ]
        );
        assert!(messages(
            "household",
            &[("household_division", "440305"), ("household_address", "x")]
        )[0]
        .contains("请从列表中选择县市区"));
    }

    fn unfinished(a: &Answers, done: &DoneSteps) -> Option<&'static str> {
        first_unfinished(done, |s| !check_step(s, a, CX).is_empty()).map(|s| s.slug)
    }

    #[test]
    fn resuming_finds_the_first_unsaved_or_wrong_page() {
        let mut a = answers(&[
            ("able_to_work", "1"),
            ("wants_work", "1"),
            ("without_work", "1"),
            ("drawing_pension", "0"),
        ]);
        let mut done = DoneSteps::default();
        assert_eq!(unfinished(&a, &done), Some("eligibility"));
        done.mark("eligibility");
        done.mark("eligibility");
        assert_eq!(done.stored(), "eligibility");
        assert_eq!(unfinished(&a, &done), Some("name"));
        // A saved page with a problem now (an answer changed since) is unfinished again.
        a.insert("drawing_pension".into(), "x".into());
        assert_eq!(unfinished(&a, &done), Some("eligibility"));
        assert_eq!(DoneSteps::parse(" name,,eligibility,name").stored(), "name,eligibility");
    }
}
