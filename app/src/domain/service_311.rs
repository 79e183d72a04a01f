//! "311": within a year of registering, at least 3 job referrals, 1 career guidance and 1
//! free-training offer; and the refusal and contact rules that can end a registration
//! (reasons 8 and 9). Derived, never stored: each is computed from the service records.

use serde::{Deserialize, Serialize};

use crate::domain::date::Ymd;

/// What a service record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    JobReferral,
    Guidance,
    Training,
    Entrepreneurship,
    Policy,
    Other,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 6] = [
        ServiceKind::JobReferral,
        ServiceKind::Guidance,
        ServiceKind::Training,
        ServiceKind::Entrepreneurship,
        ServiceKind::Policy,
        ServiceKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::JobReferral => "job_referral",
            ServiceKind::Guidance => "guidance",
            ServiceKind::Training => "training",
            ServiceKind::Entrepreneurship => "entrepreneurship",
            ServiceKind::Policy => "policy",
            ServiceKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceKind> {
        ServiceKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// What a record of this kind holds, in the order the worker reads it.
    pub fn content_fields(self) -> &'static [ContentField] {
        match self {
            ServiceKind::JobReferral => &REFERRAL_CONTENT,
            ServiceKind::Guidance => &GUIDANCE_CONTENT,
            ServiceKind::Training => &TRAINING_CONTENT,
            _ => &OTHER_CONTENT,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceKind::JobReferral => "岗位推荐",
            ServiceKind::Guidance => "职业指导",
            ServiceKind::Training => "培训信息",
            ServiceKind::Entrepreneurship => "创业服务",
            ServiceKind::Policy => "政策推介",
            ServiceKind::Other => "其他",
        }
    }

    /// How many of this kind "311" owes in the year (0: not counted).
    pub fn owed(self) -> u32 {
        match self {
            ServiceKind::JobReferral => 3,
            ServiceKind::Guidance | ServiceKind::Training => 1,
            _ => 0,
        }
    }
}

/// How a content field is shown: a phone number becomes a `tel:` link, a place a map link;
/// a yes/no is chosen (`1` or `0`), never typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Text,
    Phone,
    Place,
    YesNo,
}

/// The words for a yes/no content value.
pub fn yes_no_words(value: &str) -> &'static str {
    if value == "1" {
        "是"
    } else {
        "否"
    }
}

/// Whether a record counts toward "311": a kind owed in the year, and for training only a
/// free one (免费技能培训, as the notice says).
pub fn counts_toward_311(kind: ServiceKind, content: &std::collections::BTreeMap<String, String>) -> bool {
    kind.owed() > 0 && (kind != ServiceKind::Training || content.get("free").is_some_and(|v| v == "1"))
}

/// One piece of a record's content: its key in the API, its label, whether staff must give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentField {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub show: Show,
}

const fn field(key: &'static str, label: &'static str, required: bool, show: Show) -> ContentField {
    ContentField {
        key,
        label,
        required,
        show,
    }
}

const REFERRAL_CONTENT: [ContentField; 7] = [
    field("employer", "用人单位", true, Show::Text),
    field("position", "岗位", true, Show::Text),
    field("place", "工作地点", false, Show::Place),
    field("wage", "工资待遇", false, Show::Text),
    field("hours", "工作时间", false, Show::Text),
    field("contact", "联系电话", false, Show::Phone),
    field("open_until", "招聘截止", false, Show::Text),
];
const GUIDANCE_CONTENT: [ContentField; 5] = [
    field("topic", "指导内容", true, Show::Text),
    field("time", "时间", false, Show::Text),
    field("place", "地点", false, Show::Place),
    field("adviser", "指导老师", false, Show::Text),
    field("contact", "联系电话", false, Show::Phone),
];
const TRAINING_CONTENT: [ContentField; 9] = [
    field("course", "培训项目", true, Show::Text),
    field("provider", "培训机构", true, Show::Text),
    field("starts_on", "开班日期", false, Show::Text),
    field("duration", "培训时长", false, Show::Text),
    field("place", "培训地点", false, Show::Place),
    field("free", "是否免费", true, Show::YesNo),
    field("enrol", "报名方式", false, Show::Text),
    field("contact", "联系电话", false, Show::Phone),
    field("open_until", "报名截止", false, Show::Text),
];
const OTHER_CONTENT: [ContentField; 4] = [
    field("title", "服务内容", true, Show::Text),
    field("detail", "说明", false, Show::Text),
    field("place", "地点", false, Show::Place),
    field("contact", "联系电话", false, Show::Phone),
];

/// What a person may answer to a job referral, and to a training offer.
pub const REFERRAL_ANSWERS: [(&str, &str); 5] = [
    ("interested", "感兴趣"),
    ("applied", "已投递"),
    ("interviewed", "已面试"),
    ("hired", "已录用"),
    ("declined", "不考虑"),
];
pub const TRAINING_ANSWERS: [(&str, &str); 2] = [("enrol", "报名"), ("declined", "不参加")];

/// Why a person declines, and whether that is a good reason (正当理由). The notice does not
/// list good reasons; this is the portal's list, data to be replaced by the province's.
pub const DECLINE_REASONS: [(&str, &str, bool); 7] = [
    ("health", "身体原因，暂时不能从事这项工作", true),
    ("family", "需要照顾家人（老人、孩子或病人）", true),
    ("too_far", "工作地点太远，单程超过一个半小时", true),
    ("below_minimum", "工资低于当地最低工资标准", true),
    ("unsuitable", "与本人的技能或身体条件明显不符", true),
    ("not_interested", "不感兴趣", false),
    ("other", "其他原因（请写明）", false),
];

/// The words for an answer's code.
pub fn answer_label(kind: ServiceKind, code: &str) -> Option<&'static str> {
    answers_for(kind).iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// A decline, and 已录用, stand: a decline may count toward reason 8, and 已录用 ends the
/// registration. Other answers may move on (感兴趣 → 已投递 → 已面试).
pub fn is_final(answer: &str) -> bool {
    matches!(answer, "declined" | "hired")
}

/// The answers a kind of service takes (none for the others).
pub fn answers_for(kind: ServiceKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        ServiceKind::JobReferral => &REFERRAL_ANSWERS,
        ServiceKind::Training => &TRAINING_ANSWERS,
        _ => &[],
    }
}

/// How a service reached the person: 电话, 短信, 微信, 现场, 上门, 线上.
pub const CHANNELS: [(&str, &str); 6] = [
    ("phone", "电话"),
    ("sms", "短信"),
    ("wechat", "微信"),
    ("on_site", "现场"),
    ("home_visit", "上门"),
    ("online", "线上"),
];

/// How a person may give staff their answer to a service, for staff to take down: the
/// channels of `CHANNELS` where staff speak with the person.
pub const STAFF_ANSWER_CHANNELS: [(&str, &str); 3] = [("phone", "电话"), ("on_site", "现场"), ("home_visit", "上门")];

/// The year "311" is counted in: from the registration date, for 12 months, and never after
/// the registration ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Ymd,
    /// The first day no longer in the window.
    pub until: Ymd,
}

impl Window {
    pub fn new(registered_on: Ymd, ended_on: Option<Ymd>) -> Window {
        let year = registered_on.plus_months(12);
        Window {
            from: registered_on,
            until: ended_on.map_or(year, |e| e.min(year)),
        }
    }

    pub fn contains(self, day: Ymd) -> bool {
        self.from <= day && day < self.until
    }
}

/// One kind's count against what is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Tally {
    pub kind: ServiceKind,
    pub given: u32,
    pub owed: u32,
}

impl Tally {
    pub fn still_owed(self) -> u32 {
        self.owed.saturating_sub(self.given)
    }
}

/// The kinds "311" owes, in the order of its name.
pub const OWED_KINDS: [ServiceKind; 3] = [ServiceKind::JobReferral, ServiceKind::Guidance, ServiceKind::Training];

/// 岗位推荐 2/3, 职业指导 1/1, 培训信息 0/1, from the kinds and dates of the records.
pub fn progress(records: &[(ServiceKind, Ymd)], window: Window) -> [Tally; 3] {
    tallies(OWED_KINDS.map(|kind| {
        records
            .iter()
            .filter(|(k, on)| *k == kind && window.contains(*on))
            .count() as u32
    }))
}

/// The tallies of the times each kind of `OWED_KINDS` was given.
pub fn tallies(given: [u32; 3]) -> [Tally; 3] {
    std::array::from_fn(|i| Tally {
        kind: OWED_KINDS[i],
        given: given[i],
        owed: OWED_KINDS[i].owed(),
    })
}

/// A person's answer to a service, as far as refusals go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Accepted,
    Declined { good_reason: bool },
}

/// Where the refusals stand: unjustified declines in a row (any accepted service resets it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Refusals {
    pub in_a_row: u32,
}

/// The notice's reason 8: three unjustified refusals in a row.
pub const REFUSALS_THAT_END: u32 = 3;

impl Refusals {
    /// `responses` in the order they were given.
    pub fn of(responses: &[Response]) -> Refusals {
        let in_a_row = responses.iter().fold(0, |n, r| match r {
            Response::Accepted => 0,
            Response::Declined { good_reason: true } => n,
            Response::Declined { good_reason: false } => n + 1,
        });
        Refusals { in_a_row }
    }

    /// Two in a row: the person is told plainly what a third means.
    pub fn warn(self) -> bool {
        self.in_a_row == REFUSALS_THAT_END - 1
    }

    /// Reason 8 may apply; a staff member must confirm before anything ends.
    pub fn needs_staff_review(self) -> bool {
        self.in_a_row >= REFUSALS_THAT_END
    }
}

/// The notice's reason 9: no successful contact for 6 months in a row (counted from the last
/// successful contact, or from registering).
pub fn unreachable(last_contact: Option<Ymd>, registered_on: Ymd, today: Ymd) -> bool {
    let since = last_contact.map_or(registered_on, |c| c.max(registered_on));
    since.plus_months(6) <= today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> Ymd {
        Ymd::from_days(Ymd::new(2026, 3, 2).unwrap().days() + n)
    }

    #[test]
    fn a_referral_on_day_364_counts_and_on_day_366_does_not() {
        let window = Window::new(day(0), None);
        let records = [
            (ServiceKind::JobReferral, day(0)),
            (ServiceKind::JobReferral, day(364)),
            (ServiceKind::JobReferral, day(366)),
            (ServiceKind::Guidance, day(-1)),
            (ServiceKind::Training, day(100)),
            (ServiceKind::Policy, day(10)),
        ];
        let [referrals, guidance, training] = progress(&records, window);
        assert_eq!((referrals.given, referrals.still_owed()), (2, 1));
        assert_eq!((guidance.given, guidance.still_owed()), (0, 1), "before registering");
        assert_eq!((training.given, training.still_owed()), (1, 0));
    }

    #[test]
    fn nothing_counts_after_the_registration_ended() {
        let window = Window::new(day(0), Some(day(50)));
        let [referrals, ..] = progress(
            &[(ServiceKind::JobReferral, day(49)), (ServiceKind::JobReferral, day(50))],
            window,
        );
        assert_eq!(referrals.given, 1);
    }

    #[test]
    fn refusals_in_a_row_reset_by_any_accepted_service() {
        use Response::*;
        let bad = Declined { good_reason: false };
        let good = Declined { good_reason: true };
        assert_eq!(Refusals::of(&[bad, bad]).in_a_row, 2);
        assert!(Refusals::of(&[bad, bad]).warn());
        assert!(
            Refusals::of(&[bad, good, bad]).warn(),
            "a good reason neither counts nor resets"
        );
        assert_eq!(Refusals::of(&[bad, bad, Accepted, bad]).in_a_row, 1);
        let three = Refusals::of(&[bad, bad, bad]);
        assert!(three.needs_staff_review() && !three.warn());
    }

    #[test]
    fn six_months_without_contact() {
        let registered = Ymd::new(2026, 1, 15).unwrap();
        assert!(!unreachable(None, registered, Ymd::new(2026, 7, 14).unwrap()));
        assert!(unreachable(None, registered, Ymd::new(2026, 7, 15).unwrap()));
        assert!(!unreachable(
            Ymd::new(2026, 5, 1),
            registered,
            Ymd::new(2026, 7, 15).unwrap()
        ));
    }
}
