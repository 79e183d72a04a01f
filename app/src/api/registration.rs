//! 失业登记 over `/api/v1`: drafts, submitting, status, reporting work and the monthly
//! confirmation, plus what staff see. Shared by the server and the pages.

use serde::{Deserialize, Serialize};

use crate::api::service_311::PendingEnding;
use crate::domain::registration::status::{EndReason, NextStep, Status};
use crate::domain::registration::Answers;

/// A draft: every answer so far, and where to go on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DraftView {
    /// Field name -> answer (see `GET /api/v1/registration/form` for the fields).
    #[cfg_attr(feature = "ssr", schema(value_type = std::collections::HashMap<String, String>))]
    pub answers: Answers,
    /// The first page not yet answered or with a problem; `check` when all are done.
    pub next_step: String,
    /// The problems of the pages saved so far, and of the page `next_step` names once anything
    /// on it is answered (saving never fails because of them): a client that draws its own
    /// pages can always say why it sends the person back.
    pub problems: Vec<crate::api::FieldError>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DraftUpdate {
    /// Answers to merge into the draft; an empty string removes an answer. A page counts as
    /// answered once any of its fields is sent (send `""` to skip an optional page).
    #[cfg_attr(feature = "ssr", schema(value_type = std::collections::HashMap<String, String>))]
    pub answers: Answers,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubmitRequest {
    /// Chosen by the client once per submission (e.g. a UUID); a retry with the same key
    /// returns the same registration.
    pub idempotency_key: String,
    /// The person ticked 本人承诺.
    pub declaration_accepted: bool,
    /// The person's name typed again under the declaration; must match 姓名.
    pub signature: String,
    /// The version of the declaration text shown (`GET /api/v1/registration/form`).
    pub declaration_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfficeView {
    pub code: String,
    pub name: String,
    pub address: String,
    pub phones: Vec<String>,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventView {
    /// RFC 3339, UTC.
    pub at: String,
    pub what: String,
}

/// 我的登记.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RegistrationView {
    /// 受理编号, e.g. K7M3-Q9P2.
    pub reference: String,
    pub status: Status,
    pub status_label: String,
    /// YYYY-MM-DD
    pub submitted_on: String,
    pub registered_on: Option<String>,
    pub office: OfficeView,
    pub next: NextStep,
    pub refusal_reason: Option<String>,
    pub end_reason: Option<EndReason>,
    pub end_reason_label: Option<String>,
    /// The person said they also want 失业保险金 (a separate claim).
    pub claims_benefit: bool,
    pub events: Vec<EventView>,
    /// Months (YYYY-MM) with a 就业失业动态确认, newest first.
    pub confirmed_months: Vec<String>,
    /// Whether this month's confirmation is still to do.
    pub confirmation_due: bool,
    /// An ending the office announced (reasons 4, 5, 6a): the day it takes effect unless the
    /// person objects.
    pub pending_ending: Option<PendingEnding>,
    /// Made at a service hall with a staff member's help (大厅协助办理).
    pub made_at_hall: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReportWorkRequest {
    /// `1` 被用人单位录用, `2` 个体经营或创办企业, `3` 其他有稳定收入的劳动.
    pub reason: String,
    /// YYYY-MM-DD, not after today.
    pub started_on: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConfirmationRequest {
    /// `looking`, `found_work` or `other`.
    pub answer: String,
}

/// One application in a staff list: only what is needed to pick it, masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffRegistrationSummary {
    pub reference: String,
    pub status: Status,
    pub name_masked: String,
    pub submitted_on: String,
    pub institution_code: String,
}

/// The whole application, for the staff member handling it (each read is audited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffRegistrationDetail {
    pub summary: StaffRegistrationSummary,
    pub document_kind: String,
    pub document_number: String,
    /// Date of birth, `YYYY-MM-DD`: from the number, or as the person stated it with a pass
    /// (to be checked against the pass); `null` for a pass stated before it was asked.
    pub birth_date: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = std::collections::HashMap<String, String>))]
    pub answers: Answers,
    pub declaration_version: String,
    /// When the person made the declaration, RFC 3339, UTC.
    pub declared_at: String,
    /// The office handling it now (after any 转办).
    pub office: OfficeView,
    /// The review deadline while the application is open (已提交, 已受理).
    pub due: Option<QueueDue>,
    /// What happened, oldest first (submission, decisions, transfers, confirmations).
    pub events: Vec<EventView>,
    /// 申请渠道: 网上申请, or 服务大厅协助办理 with the staff member who helped.
    pub channel: String,
}

/// The review deadline: the due date on the working-day calendar and the working days left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueDue {
    /// YYYY-MM-DD: 5 working days after submission (法定节假日 not counted).
    pub due_on: String,
    /// 0 on the due date, negative once overdue.
    pub working_days_left: i32,
    pub overdue: bool,
    /// 剩3个工作日 / 今天到期 / 已超期2个工作日.
    pub words: String,
}

/// 待办: the open applications of the staff member's area, overdue first, then by due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffQueue {
    /// 已提交 and 已受理 in the area (with the division and office filters, without the
    /// status filter).
    pub counts: Vec<StatusCount>,
    pub items: Vec<QueueItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: Status,
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub summary: StaffRegistrationSummary,
    pub institution_name: String,
    pub due: QueueDue,
}

/// 转办: the application goes to another office that handles 失业登记 (首问负责制: never
/// refused for being at the wrong office). Its state and deadline stay.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TransferRequest {
    /// The receiving institution's code.
    pub office: String,
    /// Optional words for the receiving office and the person.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DecisionRequest {
    /// `accept` (受理), `register` (登记) or `refuse` (不予登记).
    pub decision: String,
    /// Required for `refuse`: one of `age`, `pension`, `employed`, `student`, `duplicate`,
    /// `other` (the list the pages offer).
    #[serde(default)]
    pub refusal_code: String,
    /// For `refuse`: more words for the person (required with `other`).
    #[serde(default)]
    pub reason: String,
}

/// 就业失业动态确认 recorded by staff: a call, a visit or 信息比对, and what it found.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffCheckRequest {
    /// `phone` (电话), `visit` (走访) or `data_match` (信息比对).
    pub channel: String,
    /// `looking`, `found_work`, `other`, or `unreachable` (a call or visit that did not reach
    /// the person; it confirms nothing).
    pub result: String,
    /// YYYY-MM-DD, not after today; today when empty. The check is for this date's month.
    #[serde(default)]
    pub on: String,
}

/// Where the month stands after a staff check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffCheckAnswer {
    /// YYYY-MM
    pub month: String,
    /// Whether the month now has a confirmation (this check, or one made before it).
    pub confirmed: bool,
    /// How the month was confirmed: 本人报告, 电话, 走访 or 信息比对.
    pub method: Option<String>,
}

/// The registration form as data, for clients that draw their own pages (the WeChat official
/// account, the provincial platform).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FormDefinition {
    pub steps: Vec<StepDefinition>,
    pub declaration_version: String,
    pub declaration_text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StepDefinition {
    pub slug: String,
    pub title: String,
    pub intro: String,
    pub fields: Vec<FieldDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldDefinition {
    /// The answer's key (a date is three keys: `<name>_year`, `<name>_month`, `<name>_day`).
    pub name: String,
    pub label: String,
    pub hint: String,
    /// text, name, phone, postcode, radios, select, checkboxes, date, money, division, office.
    pub kind: String,
    pub optional: bool,
    /// Asked only when the answer `[0]` is `[1]`.
    pub when: Option<(String, String)>,
    /// code and label of each choice (radios, select, checkboxes).
    pub choices: Vec<(String, String)>,
    /// What to send, and for codes where to get them.
    pub values: String,
}

impl FormDefinition {
    pub fn current() -> FormDefinition {
        use crate::domain::registration::steps::{Kind, OUTSIDE_HUNAN, STEPS};
        let choices = |list: &[crate::domain::registration::codes::Choice]| {
            list.iter().map(|c| (c.code.to_owned(), c.label.to_owned())).collect()
        };
        FormDefinition {
            steps: STEPS
                .iter()
                .map(|s| StepDefinition {
                    slug: s.slug.into(),
                    title: s.title.into(),
                    intro: s.intro.into(),
                    fields: s
                        .fields
                        .iter()
                        .map(|f| {
                            let (kind, list) = match f.kind {
                                Kind::Text { .. } => ("text", vec![]),
                                Kind::Name => ("name", vec![]),
                                Kind::Phone => ("phone", vec![]),
                                Kind::Postcode => ("postcode", vec![]),
                                Kind::Radios(l) => ("radios", choices(l)),
                                Kind::Select(l) => ("select", choices(l)),
                                Kind::Checkboxes(l) => ("checkboxes", choices(l)),
                                Kind::Date => ("date", vec![]),
                                Kind::Money => ("money", vec![]),
                                Kind::Division => ("division", vec![]),
                                Kind::Township { .. } => ("township", vec![]),
                                Kind::Office => ("office", vec![]),
                            };
                            let values = match f.kind {
                                Kind::Text { max } => format!("文字，最多{max}个字"),
                                Kind::Name => "姓名，与证件一致".to_owned(),
                                Kind::Phone => "11位手机号码".to_owned(),
                                Kind::Postcode => "6位邮政编码".to_owned(),
                                Kind::Radios(_) | Kind::Select(_) => "choices 中的一个 code".to_owned(),
                                Kind::Checkboxes(_) => "choices 中的 code，多个用英文逗号分隔".to_owned(),
                                Kind::Date => format!(
                                    "三个键 {0}_year、{0}_month、{0}_day，数字，例如 2026、3、15",
                                    f.name
                                ),
                                Kind::Money => "整数金额（元），0 到 1000000".to_owned(),
                                Kind::Division => format!(
                                    "县市区的6位行政区划代码（GB/T 2260）：GET /api/v1/divisions?parent=430000 列出市州，\
                                     ?parent=市州代码 列出县市区；户籍在湖南省外的填 {OUTSIDE_HUNAN}"
                                ),
                                Kind::Township { county } => format!(
                                    "乡镇（街道）：GET /api/v1/divisions?parent=<{county} 的代码> 有列表时填其中的\
                                     9位统计代码，没有列表时填名称"
                                ),
                                Kind::Office => "办理机构的编码：GET /api/v1/institutions?division=<登记地县市区代码>\
                                                 &service=unemployment_registration；登记地见 place_kind"
                                    .to_owned(),
                            };
                            FieldDefinition {
                                name: f.name.into(),
                                label: f.label.into(),
                                hint: f.hint.into(),
                                kind: kind.into(),
                                optional: f.optional,
                                when: f.when.map(|(a, b)| (a.into(), b.into())),
                                choices: list,
                                values,
                            }
                        })
                        .collect(),
                })
                .collect(),
            declaration_version: crate::domain::registration::declaration::VERSION.into(),
            declaration_text: crate::domain::registration::declaration::text(),
        }
    }
}

/// The office chosen by a hall's QR code, kept in a cookie for the 办理机构 page (not
/// personal data).
pub const ORG_COOKIE: &str = "portal_org";
