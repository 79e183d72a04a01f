//! 我的就业服务 ("311") over `/api/v1`: staff record services and their follow-up; the worker
//! sees each one and what is still owed, and answers; staff end a registration for reason 8
//! or 9 only by confirming it. Also the 政策清单 and 服务清单.

use serde::{Deserialize, Serialize};

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
}

/// Ending a registration by a staff member (注销), after verifying.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EndRequest {
    /// The notice's reason code: 1–5, 6a, 6b, 7–11. 8 and 9 only when the records show it.
    pub reason: String,
    /// How it was verified (e.g. 电话核实，本人确认不再接受服务), kept in the record.
    pub verified: String,
}

/// One notice in the person's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NoticeView {
    pub id: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub read: bool,
}

/// 政策清单 or 服务清单: which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Policy,
    Service,
}

impl ListKind {
    pub fn parse(s: &str) -> Option<ListKind> {
        match s {
            "policy" => Some(ListKind::Policy),
            "service" => Some(ListKind::Service),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Policy => "policy",
            ListKind::Service => "service",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ListKind::Policy => "政策清单",
            ListKind::Service => "服务清单",
        }
    }

    /// The notice's columns, each required: (key, label).
    pub fn fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ListKind::Policy => &[
                ("name", "政策名称"),
                ("who", "享受对象"),
                ("content", "政策内容"),
                ("conditions", "申请条件"),
                ("where", "受理机构"),
            ],
            ListKind::Service => &[("name", "服务项目"), ("who", "服务对象"), ("content", "服务内容")],
        }
    }
}

/// One entry of a list: every field of its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListEntry {
    #[cfg_attr(feature = "ssr", schema(value_type = std::collections::HashMap<String, String>))]
    pub fields: Answers,
    /// 示例: demo data, not a real policy or service.
    #[serde(default)]
    pub demo: bool,
}

/// A whole list, as staff replace it and as people read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListView {
    pub kind: ListKind,
    pub entries: Vec<ListEntry>,
}

/// What 我的就业服务 shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServicesPage {
    SignedOut,
    /// No registration in force yet: why, in the person's words; and unread notices.
    NotYet(String, u32),
    Ready(MyServicesView, u32),
}

/// 我的就业服务, for the signed-in person.
#[leptos::server]
pub async fn load_my_services() -> Result<ServicesPage, leptos::prelude::ServerFnError> {
    let Some(session) = crate::backend::auth::current_session().await else {
        return Ok(ServicesPage::SignedOut);
    };
    let services = crate::backend::services()?;
    let unread = services
        .notifier
        .unread(&session.person_id)
        .await
        .map_err(crate::backend::fn_error)?;
    match services.registrations.my_services(&session.person_id).await {
        Ok(view) => Ok(ServicesPage::Ready(view, unread)),
        Err(crate::backend::Error::NotFound) => Ok(ServicesPage::NotYet(
            "办理失业登记后，服务机构会在一年内为您提供岗位推荐、职业指导和培训信息，都会显示在这里。".into(),
            unread,
        )),
        Err(crate::backend::Error::Conflict(message)) => Ok(ServicesPage::NotYet(message, unread)),
        Err(e) => Err(crate::backend::fn_error(e)),
    }
}

/// The person's notices (`None` when signed out); reading marks them read.
#[leptos::server]
pub async fn load_notices() -> Result<Option<Vec<NoticeView>>, leptos::prelude::ServerFnError> {
    let Some(session) = crate::backend::auth::current_session().await else {
        return Ok(None);
    };
    let services = crate::backend::services()?;
    let now = crate::backend::clock::request_now().map_err(crate::backend::fn_error)?;
    services
        .notifier
        .inbox(&session.person_id, now.unix())
        .await
        .map(Some)
        .map_err(crate::backend::fn_error)
}

/// 政策清单 or 服务清单.
#[leptos::server]
pub async fn load_list(kind: ListKind) -> Result<ListView, leptos::prelude::ServerFnError> {
    let services = crate::backend::services()?;
    services.lists.get(kind).await.map_err(crate::backend::fn_error)
}
