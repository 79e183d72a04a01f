//! The 就业失业求职登记表 as pages: one topic per page, each question its heading. The pages,
//! the browser's checks, the server's checks and the 核对信息 page are all made from this list.

use super::codes::{self, Choice};
use super::eligibility;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text of at most `max` characters.
    Text {
        max: usize,
    },
    Name,
    Phone,
    Postcode,
    Radios(&'static [Choice]),
    Select(&'static [Choice]),
    /// Any number of the choices (stored comma-separated).
    Checkboxes(&'static [Choice]),
    /// Three boxes: `<name>_year`, `<name>_month`, `<name>_day`.
    Date,
    /// Whole yuan a month.
    Money,
    /// A Hunan 县市区 (the options come from the division table).
    Division,
    /// A 乡镇（街道） of the county chosen in `county`: picked from the list where the
    /// division table knows that county's townships, typed otherwise.
    Township {
        county: &'static str,
    },
    /// The handling institution (the options come from the institution list).
    Office,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: Kind,
    pub optional: bool,
    /// Asked only when another answer has this value.
    pub when: Option<(&'static str, &'static str)>,
    /// The `autocomplete` token (`off` when the browser's guesses would be wrong).
    pub autocomplete: &'static str,
}

const fn f(name: &'static str, label: &'static str, kind: Kind) -> Field {
    Field {
        name,
        label,
        hint: "",
        kind,
        optional: false,
        when: None,
        autocomplete: "off",
    }
}

impl Field {
    const fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }
    const fn optional(mut self) -> Field {
        self.optional = true;
        self
    }
    const fn when(mut self, field: &'static str, value: &'static str) -> Field {
        self.when = Some((field, value));
        self
    }
    const fn autocomplete(mut self, token: &'static str) -> Field {
        self.autocomplete = token;
        self
    }

    /// The browser keyboard to offer.
    pub fn inputmode(&self) -> Option<&'static str> {
        match self.kind {
            Kind::Phone => Some("tel"),
            Kind::Postcode | Kind::Date | Kind::Money => Some("numeric"),
            _ => None,
        }
    }

    /// The keys its answer is stored under (a date has three).
    pub fn answer_names(&self) -> Vec<String> {
        match self.kind {
            Kind::Date => ["year", "month", "day"]
                .iter()
                .map(|p| format!("{}_{p}", self.name))
                .collect(),
            _ => vec![self.name.to_owned()],
        }
    }

    /// The id of the element an error links to.
    pub fn anchor(&self) -> String {
        match self.kind {
            Kind::Date => format!("{}_year", self.name),
            _ => self.name.to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub slug: &'static str,
    /// The question, shown as the page's heading.
    pub title: &'static str,
    /// What the page is for, in a sentence or two (may be empty).
    pub intro: &'static str,
    pub fields: &'static [Field],
}

impl Step {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

pub const ELIGIBILITY: &str = "eligibility";
pub const OFFICE: &str = "office";

pub const STEPS: &[Step] = &[
    Step {
        slug: ELIGIBILITY,
        title: "先确认您能否办理失业登记",
        intro: "请如实回答。年龄会按您的出生日期计算，没有年龄上限。",
        fields: &[
            f(eligibility::ABLE, "您有劳动能力吗？", Kind::Radios(codes::YES_NO)),
            f(eligibility::WANTS, "您想找工作吗？", Kind::Radios(codes::YES_NO)),
            f(eligibility::WITHOUT_WORK, "您现在没有工作吗？", Kind::Radios(codes::YES_NO))
                .hint("没有工作，选“是”；正在上班或自己做生意，选“否”"),
            f(eligibility::PENSION, "您已经按月领取基本养老金了吗？", Kind::Radios(codes::YES_NO)),
        ],
    },
    Step {
        slug: "name",
        title: "您的姓名",
        intro: "请填写证件上的姓名。性别和出生日期已从证件号码中读出，不用再填。",
        fields: &[f("name", "姓名", Kind::Name)
            .hint("少数民族姓名中的间隔号可以输入“·”")
            .autocomplete("name")],
    },
    Step {
        slug: "contact",
        title: "怎样联系您",
        intro: "服务机构每月会联系您，了解求职情况并推荐岗位。",
        fields: &[
            f("phone", "手机号码", Kind::Phone)
                .hint("请填写常用的号码；默认是您登录用的号码")
                .autocomplete("tel-national"),
            f("postcode", "邮政编码", Kind::Postcode)
                .optional()
                .autocomplete("postal-code"),
        ],
    },
    Step {
        slug: "household",
        title: "您的户口在哪里",
        intro: "户口不在湖南的，请选“湖南省外”，并在下一页的详细地址中写明省、市、县。",
        fields: &[f("household_division", "户籍所在县市区", Kind::Division)],
    },
    Step {
        slug: "household_detail",
        title: "您的户籍地址",
        intro: "按户口簿填写。",
        fields: &[
            f(
                "household_township",
                "户籍所在乡镇（街道）",
                Kind::Township {
                    county: "household_division",
                },
            )
            .optional(),
            f("household_address", "户籍详细地址", Kind::Text { max: 100 })
                .hint("例如 某某镇某某村某组")
                .autocomplete("street-address"),
        ],
    },
    Step {
        slug: "household_kind",
        title: "您的户口性质",
        intro: "",
        fields: &[f("household_kind", "户口性质", Kind::Radios(codes::HOUSEHOLD_KINDS))],
    },
    Step {
        slug: "residence",
        title: "您现在住在哪里",
        intro: "常住地决定了哪个社区或乡镇为您服务。",
        fields: &[f("residence_division", "现住所在县市区", Kind::Division)],
    },
    Step {
        slug: "residence_detail",
        title: "您现在的住址",
        intro: "",
        fields: &[
            f(
                "residence_township",
                "现住所在乡镇（街道）",
                Kind::Township {
                    county: "residence_division",
                },
            )
            .optional(),
            f("residence_address", "现住详细地址", Kind::Text { max: 100 })
                .hint("例如 某某小区5栋2单元301")
                .autocomplete("street-address"),
        ],
    },
    Step {
        slug: "ethnicity",
        title: "您的民族",
        intro: "",
        fields: &[f("ethnicity", "民族", Kind::Select(codes::ETHNICITIES))],
    },
    Step {
        slug: "education",
        title: "您的文化程度",
        intro: "按最高学历选择。",
        fields: &[f("education", "文化程度", Kind::Radios(codes::EDUCATION))],
    },
    Step {
        slug: "health",
        title: "您的身体状况",
        intro: "这能帮助服务机构为您推荐合适的岗位和帮扶政策。",
        fields: &[
            f("health", "身体状况", Kind::Radios(codes::HEALTH)),
            f("disability_kind", "残疾类别", Kind::Select(codes::DISABILITY_KINDS))
                .when("health", "5")
                .hint("选择“残疾”时填写，按残疾人证"),
            f("disability_grade", "残疾等级", Kind::Radios(codes::DISABILITY_GRADES))
                .when("health", "5")
                .hint("选择“残疾”时填写，按残疾人证"),
        ],
    },
    Step {
        slug: "last_work",
        title: "您为什么没有工作了",
        intro: "不需要提供离职证明或解除劳动合同证明。",
        fields: &[
            f("reason", "失业原因", Kind::Radios(codes::UNEMPLOYMENT_REASONS)),
            f("employer", "原工作单位", Kind::Text { max: 100 })
                .hint("填写最后工作的单位名称；毕业后还没有工作的可以不填")
                .autocomplete("organization"),
        ],
    },
    Step {
        slug: "work_ended",
        title: "您从哪天开始没有工作",
        intro: "毕业后还没有工作的，填写毕业的日期。记不清哪一天的，填大概的日期。",
        fields: &[f("ended", "失业日期", Kind::Date).hint("例如 2026 年 3 月 15 日")],
    },
    Step {
        slug: "skills",
        title: "您有哪些技能（选填）",
        intro: "只需填写，不需要上传证书。",
        fields: &[
            f("skill_level", "职业资格或技能等级", Kind::Radios(codes::SKILL_LEVELS)).optional(),
            f("certificates", "证书名称和工种", Kind::Text { max: 200 })
                .optional()
                .hint("例如 电工证（中级）、焊工、育婴员"),
        ],
    },
    Step {
        slug: "wishes",
        title: "您想找什么样的工作",
        intro: "最多填写三种，服务机构会据此为您推荐岗位。",
        fields: &[
            f("job_1", "想做的工作", Kind::Text { max: 30 }).hint("例如 仓库管理员、电工、保洁"),
            f("job_2", "想做的工作（第二种）", Kind::Text { max: 30 }).optional(),
            f("job_3", "想做的工作（第三种）", Kind::Text { max: 30 }).optional(),
            f("wage_min", "期望月工资最低", Kind::Money)
                .optional()
                .hint("单位：元，填整数"),
            f("wage_max", "期望月工资最高", Kind::Money)
                .optional()
                .hint("单位：元，填整数"),
            f("work_places", "希望在哪里工作", Kind::Text { max: 60 })
                .optional()
                .hint("例如 长沙市岳麓区、株洲市"),
            f("work_form", "工作形式", Kind::Radios(codes::WORK_FORMS)).optional(),
        ],
    },
    Step {
        slug: "training",
        title: "您想参加培训或者自己创业吗",
        intro: "想参加培训的，服务机构会告诉您免费培训的信息。",
        fields: &[
            f("training_wish", "想参加职业技能培训吗？", Kind::Radios(codes::YES_NO)),
            f("training_trade", "想学什么", Kind::Text { max: 30 })
                .optional()
                .when("training_wish", "1")
                .hint("例如 电工、家政、电商"),
            f("business_wish", "想自己创业吗？", Kind::Radios(codes::YES_NO))
                .hint("想创业的，可以获得创业培训、开业指导和创业担保贷款等服务"),
        ],
    },
    Step {
        slug: "insurance",
        title: "您还要申领失业保险金吗",
        intro: "失业保险金是另一项申请：失业前参加了失业保险并符合条件的，可以在“智慧人社”APP、湖南省人社厅网上办事大厅或参保地的社保经办机构申领。失业登记不要求参加过失业保险。",
        fields: &[f("claim_benefit", "是否还要申领失业保险金", Kind::Radios(codes::YES_NO))],
    },
    Step {
        slug: "difficulty",
        title: "您是否属于以下人员（选填）",
        intro: "属于这些情况的，可以申请就业困难人员认定，获得专人帮扶。这里只是告诉我们您的意向，认定由社区（村）或乡镇（街道）另行办理。都不符合就直接点“继续”。",
        fields: &[f("difficulty", "就业困难人员类别", Kind::Checkboxes(codes::DIFFICULTY_CATEGORIES)).optional()],
    },
    Step {
        slug: "place",
        title: "您想在哪里办理失业登记",
        intro: "户籍地和常住地都可以办理。户口在外地、人户分离的，也可以在常住地办理。",
        fields: &[f("place_kind", "登记地", Kind::Radios(codes::PLACE_KINDS))],
    },
    Step {
        slug: OFFICE,
        title: "选择为您办理的服务机构",
        intro: "列出的是您选择的登记地可以办理失业登记的机构。",
        fields: &[f("office", "办理机构", Kind::Office)],
    },
];

pub fn step(slug: &str) -> Option<&'static Step> {
    STEPS.iter().find(|s| s.slug == slug)
}

/// The step after `slug`, or `None` after the last.
pub fn next(slug: &str) -> Option<&'static Step> {
    let i = STEPS.iter().position(|s| s.slug == slug)?;
    STEPS.get(i + 1)
}

/// "湖南省外" in the division pickers.
pub const OUTSIDE_HUNAN: &str = "000000";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_unique_and_conditions_name_real_answers() {
        let mut names: Vec<&str> = STEPS.iter().flat_map(|s| s.fields.iter().map(|f| f.name)).collect();
        let all = names.clone();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        for field in STEPS.iter().flat_map(|s| s.fields) {
            if let Some((other, _)) = field.when {
                assert!(all.contains(&other), "{}", field.name);
            }
        }
    }
}
