//! 我的就业服务 ("311") over `/api/v1`: staff record services and their follow-up; the worker
//! sees each one and what is still owed, and answers; staff end a registration (注销) for
//! each of the notice's reasons by its rules.

use serde::{Deserialize, Serialize};

use crate::domain::registration::status::EndReason;
use crate::domain::registration::Answers;
use crate::domain::service_311::{ServiceKind, Tally};

/// A service given to one or more registered workers (the same job referral to several).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordServiceRequest {
    /// The registrations' 受理编号.
    pub references: Vec<String>,
    /// job_referral, guidance, training, entrepreneurship, policy or other.
    pub kind: String,
    /// YYYY-MM-DD, not after today.
    pub given_on: String,
    /// phone, sms, wechat, on_site, home_visit or online.
    pub channel: String,
    /// The content. job_referral: employer, position (required), place, wage, hours, contact,
    /// open_until. guidance: topic (required), time, place, adviser, contact. training: course,
    /// provider (required), starts_on, duration, place, free, enrol, contact, open_until.
    /// Others: title (required), detail, place, contact. At most 200 characters each.
    #[cfg_attr(feature = "ssr", schema(value_type = std::collections::HashMap<String, String>))]
    pub content: Answers,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordedAnswer {
    pub recorded: usize,
}

/// 回访: what staff learnt when they followed a service up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FollowUp {
    /// YYYY-MM-DD, not after today.
    pub on: String,
    /// Whether the person was reached (a successful contact also counts against reason 9).
    pub reached: bool,
    /// The result in the staff member's words (e.g. 已面试，等待通知), at most 200 characters.
    pub result: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServiceRecordView {
    pub id: String,
    pub kind: ServiceKind,
    pub kind_label: String,
    /// YYYY-MM-DD
    pub given_on: String,
    pub channel: String,
    pub institution_name: String,
    pub institution_phones: Vec<String>,
    pub institution_demo: bool,
    #[cfg_attr(feature = "ssr", schema(value_type = std::collections::HashMap<String, String>))]
    pub content: Answers,
    /// The person's answer (code) and its words.
    pub answer: Option<String>,
    pub answer_label: Option<String>,
    /// For a decline: the reason's words, and whether it is a good reason (正当理由).
    pub decline_reason: Option<String>,
    pub good_reason: Option<bool>,
    pub decline_note: Option<String>,
    /// How staff took the answer down (电话, 现场, 上门), when the person did not answer online.
    pub answered_via: Option<String>,
    /// Whether the person can answer (or change the answer) now.
    pub can_answer: bool,
    /// Whether it counts toward 311 (its kind, and given within the year while registered).
    pub counts: bool,
    /// Every 回访, oldest first.
    pub follow_ups: Vec<FollowUp>,
}

/// 我的就业服务: the 311 progress and every record, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MyServicesView {
    /// 受理编号 of the registration these belong to.
    pub reference: String,
    pub progress: Vec<Tally>,
    /// YYYY-MM-DD: the first day after the 311 year.
    pub year_ends_on: String,
    /// Whether the registration is in force (answers are taken only then).
    pub open: bool,
    pub records: Vec<ServiceRecordView>,
    /// Services declined without a good reason in a row (any accepted service resets it).
    pub refusals_in_a_row: u32,
    /// Said plainly when two are declined in a row without a good reason.
    pub warning: Option<String>,
}

/// The person's answer to a job referral or a training offer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServiceAnswerRequest {
    /// Job referral: interested, applied, interviewed, hired or declined; training: enrol or declined.
    pub answer: String,
    /// For `declined`: health, family, too_far, below_minimum, unsuitable, not_interested or other.
    #[serde(default)]
    pub reason: String,
    /// For `declined`: the person's own words (required with `other`).
    #[serde(default)]
    pub note: String,
}

/// An answer the person gave staff by phone, at the hall or at a visit, taken down by staff.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffAnswerRequest {
    /// As in `ServiceAnswerRequest`.
    pub answer: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    /// phone, on_site or home_visit.
    pub via: String,
}

/// What staff see of a worker's services: the worker's view, and what may end the registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffServicesView {
    pub services: MyServicesView,
    /// YYYY-MM-DD: the last successful contact (a monthly confirmation, an answer, a service
    /// given in person or by phone, a 回访 that reached the person), or the registration date.
    pub last_contact: String,
    /// Reasons (8, 9) that the records show may apply: a staff member must verify and confirm
    /// with `POST …/end` before anything ends.
    pub may_end_for: Vec<String>,
    /// This month's 就业失业动态确认 in words (e.g. 仍在找工作（电话）), if made.
    pub confirmed_this_month: Option<String>,
    /// An ending announced to the person and waiting for its day.
    pub pending_ending: Option<PendingEnding>,
    /// Once ended: why, by whom, and the particulars (the 就业登记, the local rule, how it was
    /// verified).
    pub ending: Option<EndingView>,
    /// The days between telling the person and ending for reason 4, 5 or 6a.
    pub ending_notice_days: u32,
}

/// One registered person in the 311 overview: what is still owed and the days left in their
/// year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OverviewRow {
    pub reference: String,
    pub name_masked: String,
    /// YYYY-MM-DD
    pub registered_on: String,
    /// YYYY-MM-DD: the first day after the year (services count before it).
    pub year_ends_on: String,
    /// Days from today to `year_ends_on`.
    pub days_left: i64,
    /// 岗位推荐 /3, 职业指导 /1, 免费培训 /1, counted in the year.
    pub progress: Vec<Tally>,
    /// How many services are still owed in all.
    pub still_owed: u32,
}

/// Ending a registration by a staff member (注销), after verifying.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EndRequest {
    /// The notice's reason code: 1–5, 6a, 6b, 7–11. 8 and 9 only when the records show it.
    pub reason: String,
    /// How it was verified (e.g. 电话核实，本人确认不再接受服务), kept in the record.
    pub verified: String,
    /// Reasons 1–3, the 就业登记: 用人单位, or the business the person runs.
    #[serde(default)]
    pub employer: String,
    /// Reasons 1–3: the day work started, YYYY-MM-DD.
    #[serde(default)]
    pub started_on: String,
    /// Reason 3: whether the monthly income reaches the local 低保 standard (it must).
    #[serde(default)]
    pub income_meets_dibao: Option<bool>,
    /// Reason 11: the local rule's 情形, as listed by `GET /api/v1/lists/end_rule`.
    #[serde(default)]
    pub local_rule: String,
    /// Reasons 4, 5, 6a: the person has confirmed, so it ends now instead of after the
    /// notice period.
    #[serde(default)]
    pub person_confirmed: bool,
}

/// What an ending did: ended now, or (reasons 4, 5, 6a) told the person and waits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EndOutcome {
    pub ended: bool,
    /// Announced only: the day it ends unless withdrawn, YYYY-MM-DD.
    pub ends_on: Option<String>,
}

/// An ending announced to the person (reasons 4, 5, 6a), waiting for its day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PendingEnding {
    pub reason: EndReason,
    pub reason_label: String,
    /// YYYY-MM-DD
    pub announced_on: String,
    /// YYYY-MM-DD: the registration ends on this day unless withdrawn.
    pub ends_on: String,
}

/// A registration's ending as kept, for staff: the reason and its particulars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EndingView {
    pub reason: EndReason,
    pub reason_label: String,
    /// 工作人员 yuelu1, 本人报告, or 告知期满自动注销.
    pub recorded_by: String,
    /// The particulars in words, in order (e.g. ("用人单位或经营项目", "长沙某某物流有限公司")).
    pub particulars: Vec<(String, String)>,
}

/// Staff about an announced ending: the person confirmed (it ends now), or it is withdrawn.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PendingEndingRequest {
    /// How the person confirmed, or why it is withdrawn (e.g. 本人来电提出异议，经核实仍在劳动年龄且能工作).
    pub note: String,
}
