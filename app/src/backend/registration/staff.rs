//! What staff do with applications: 待办 (the open ones of their area with their deadlines),
//! read one (audited: the whole ID number and answers are personal data), decide (受理, 登记,
//! 不予登记) and 转办 to another office. The person is told of each decision and transfer.
//! Nobody sees another area's people.

use std::collections::HashMap;

use super::applications::office_view;
use super::Registrations;
use crate::api::institutions::{division_prefix, Institution, InstitutionFilter};
use crate::api::registration::{
    DecisionRequest, QueueDue, QueueItem, StaffQueue, StaffRegistrationDetail, StaffRegistrationSummary, StatusCount,
    TransferRequest,
};
use crate::backend::auth::staff::StaffSession;
use crate::backend::clock::{time_ordered_id, Now};
use crate::backend::notify::Notice;
use crate::backend::store::{Move, QueueFilter, RegistrationRow, Transfer};
use crate::backend::{rfc3339, Error};
use crate::domain::calendar::WorkCalendar;
use crate::domain::date::Ymd;
use crate::domain::institution::Level;
use crate::domain::name::PersonName;
use crate::domain::registration::check::answer;
use crate::domain::registration::decision::{refusal_text, review_due, Decision};
use crate::domain::registration::status::Status;

/// 待办's filters, each empty for "all": a state (已提交 or 已受理), a division within the
/// staff member's own, one office.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueQuery {
    pub status: String,
    pub division: String,
    pub office: String,
}

/// More open applications than this in one view means the filters are needed.
const QUEUE_LIMIT: i64 = 500;

/// The longest 转办说明.
const MAX_NOTE: usize = 200;

fn due_of(calendar: &WorkCalendar, row: &RegistrationRow, today: Ymd) -> Result<QueueDue, Error> {
    let submitted = Ymd::parse_iso(&row.submitted_on).ok_or_else(|| Error::Internal("submitted_on".into()))?;
    let due = review_due(calendar, submitted, today);
    Ok(QueueDue {
        due_on: due.on.iso(),
        working_days_left: due.working_days_left,
        overdue: due.overdue(),
        words: due.words(),
    })
}

fn not_listed_office(field: &str, label: &str) -> Error {
    Error::invalid_field(field, format!("{label}：请从列表中选择一个办理失业登记的机构"))
}

impl Registrations {
    pub(crate) fn summary(&self, row: &RegistrationRow) -> Result<StaffRegistrationSummary, Error> {
        let answers = self.open(&row.answers_enc)?;
        Ok(StaffRegistrationSummary {
            reference: row.reference.clone(),
            status: Status::parse(&row.status).ok_or_else(|| Error::Internal(format!("status {}", row.status)))?,
            name_masked: PersonName::parse(answer(&answers, "name")).map_or_else(|_| "*".into(), |n| n.masked()),
            submitted_on: row.submitted_on.clone(),
            institution_code: row.institution_code.clone(),
        })
    }

    /// The application, if it exists and lies in the staff member's divisions. Out of scope
    /// answers as not found: staff cannot learn that someone registered elsewhere. The 311
    /// service finds its registrations this way too.
    pub(crate) async fn in_scope(&self, staff: &StaffSession, reference: &str) -> Result<RegistrationRow, Error> {
        let reference = crate::domain::registration::status::parse_reference(reference).ok_or(Error::NotFound)?;
        match self.store.registration_by_reference(&reference).await? {
            Some(row) if staff.covers(&row.division_code) => Ok(row),
            _ => Err(Error::NotFound),
        }
    }

    /// Applications in the staff member's divisions, masked; the listing is audited.
    pub async fn staff_list(
        &self,
        staff: &StaffSession,
        status: Option<Status>,
        client: &str,
        now: i64,
    ) -> Result<Vec<StaffRegistrationSummary>, Error> {
        let rows = self
            .store
            .registrations_in(&staff.scope, status.map(Status::as_str), 200)
            .await?;
        self.auth
            .audit(
                staff,
                "list_registrations",
                status.map_or("all", Status::as_str),
                client,
                "",
                now,
            )
            .await?;
        rows.iter().map(|r| self.summary(r)).collect()
    }

    /// The offices of the staff member's area that handle 失业登记 (待办's office filter).
    pub async fn offices_in_scope(&self, staff: &StaffSession) -> Result<Vec<Institution>, Error> {
        let filter = InstitutionFilter {
            division: Some(staff.division()),
            level: None,
            service: None,
            q: None,
            limit: 500,
        };
        let mut offices = self.directory.list(&filter).await?;
        offices.retain(|i| i.handles_registration);
        Ok(offices)
    }

    /// Where an application can be transferred: every 市州 and 县市区 office of the province
    /// that handles 失业登记 (the receiving county sees its townships' applications too).
    pub async fn transfer_offices(&self) -> Result<Vec<Institution>, Error> {
        let mut offices = Vec::new();
        for level in [Level::Prefecture, Level::County] {
            let filter = InstitutionFilter {
                division: None,
                level: Some(level),
                service: None,
                q: None,
                limit: 500,
            };
            offices.extend(self.directory.list(&filter).await?);
        }
        offices.retain(|i| i.handles_registration);
        offices.sort_by(|a, b| a.division_code.cmp(&b.division_code).then(a.code.cmp(&b.code)));
        Ok(offices)
    }

    /// 待办: the open applications of the area, overdue first, then by due date, with the
    /// count in each state; the listing is audited.
    pub async fn queue(
        &self,
        staff: &StaffSession,
        q: &QueueQuery,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<StaffQueue, Error> {
        let status = match q.status.trim() {
            "" => "",
            s => match Status::parse(s) {
                Some(st @ (Status::Submitted | Status::Accepted)) => st.as_str(),
                _ => {
                    return Err(Error::invalid_field(
                        "status",
                        "状态：只能是 submitted（已提交）或 accepted（已受理）",
                    ))
                }
            },
        };
        let prefix = match q.division.trim() {
            "" => staff.scope.clone(),
            d if d.len() >= 6 && d.bytes().all(|b| b.is_ascii_digit()) && staff.covers(division_prefix(d)) => {
                division_prefix(d).to_owned()
            }
            _ => return Err(Error::invalid_field("division", "地区：请从列表中选择您辖区内的地区")),
        };
        let office = match q.office.trim() {
            "" => String::new(),
            code => match self.directory.get(code).await {
                Ok(i) if staff.covers(&i.division_code) => i.code,
                Ok(_) | Err(Error::NotFound | Error::Invalid(_)) => {
                    return Err(Error::invalid_field("office", "经办机构：请从列表中选择您辖区内的机构"))
                }
                Err(e) => return Err(e),
            },
        };
        let filter = QueueFilter {
            prefix: &prefix,
            status,
            institution: &office,
        };
        let rows = self.store.queue(filter, QUEUE_LIMIT).await?;
        let counted: HashMap<String, i64> = self.store.queue_counts(filter).await?.into_iter().collect();
        self.auth
            .audit(
                staff,
                "list_queue",
                &format!("status={status} division={prefix} office={office}"),
                client,
                "",
                now,
            )
            .await?;
        let calendar = self.calendar.work_calendar().await?;
        let calendar = &*calendar;
        let mut codes: Vec<String> = rows.iter().map(|r| r.institution_code.clone()).collect();
        codes.sort();
        codes.dedup();
        let names: HashMap<String, String> = self
            .directory
            .by_codes(&codes)
            .await?
            .into_iter()
            .map(|i| (i.code, i.name))
            .collect();
        let mut items = rows
            .iter()
            .map(|row| {
                Ok(QueueItem {
                    summary: self.summary(row)?,
                    institution_name: names.get(&row.institution_code).cloned().unwrap_or_default(),
                    due: due_of(calendar, row, today)?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        // Stable: within the same due date, the order of submission stays.
        items.sort_by(|a, b| (!a.due.overdue, &a.due.due_on).cmp(&(!b.due.overdue, &b.due.due_on)));
        let counts = [Status::Submitted, Status::Accepted]
            .into_iter()
            .map(|s| StatusCount {
                status: s,
                label: s.label().into(),
                count: counted
                    .get(s.as_str())
                    .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX)),
            })
            .collect();
        Ok(StaffQueue { counts, items })
    }

    /// The whole application, with the reason the staff member gave; written to the audit log
    /// before anything is returned.
    pub async fn staff_detail(
        &self,
        staff: &StaffSession,
        reference: &str,
        why: &str,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<StaffRegistrationDetail, Error> {
        if why.trim().is_empty() {
            return Err(Error::invalid_field(
                "reason",
                "查看原因：查看个人信息前请写明原因，例如“审核申请”",
            ));
        }
        let row = self.in_scope(staff, reference).await?;
        self.auth
            .audit(staff, "read_registration", &row.reference, client, why.trim(), now)
            .await?;
        let identity = self.auth.identity(&row.person_id).await?.ok_or(Error::NotFound)?;
        let summary = self.summary(&row)?;
        let due = if summary.status.is_open() && summary.status != Status::Registered {
            Some(due_of(&*self.calendar.work_calendar().await?, &row, today)?)
        } else {
            None
        };
        let events = self.history(&row.id, false).await?;
        Ok(StaffRegistrationDetail {
            summary,
            document_kind: identity.number.kind().label().to_owned(),
            document_number: identity.number.as_str().to_owned(),
            birth_date: identity.birth_date().map(Ymd::iso),
            answers: self.open(&row.answers_enc)?,
            declaration_version: row.declaration_version.clone(),
            declared_at: rfc3339(row.declared_at),
            office: office_view(self.directory.get(&row.institution_code).await?),
            due,
            events,
            channel: self.channel_words(&row).await?,
        })
    }

    /// 申请渠道 as staff read it: who helped at the hall, by username.
    async fn channel_words(&self, row: &RegistrationRow) -> Result<String, Error> {
        Ok(match &row.assisted_by {
            None => "网上申请".to_owned(),
            Some(id) => match self.store.staff_by_id(id).await? {
                Some(helper) => format!("服务大厅协助办理（工作人员 {}）", helper.username),
                None => "服务大厅协助办理".to_owned(),
            },
        })
    }

    /// What the person is told of a decision.
    async fn decision_notice(
        &self,
        row: &RegistrationRow,
        to: Status,
        refusal: &str,
        today: Ymd,
    ) -> Result<Notice, Error> {
        let reference = &row.reference;
        let (title, body) = match to {
            Status::Accepted => {
                let due = due_of(&*self.calendar.work_calendar().await?, row, today)?;
                (
                    "您的失业登记申请已受理",
                    format!(
                        "受理编号 {reference} 的失业登记申请已受理，服务机构将在{}前完成审核；如需核实，会通过手机联系您。您不需要再提交任何材料。",
                        due.due_on
                    ),
                )
            }
            Status::Registered => (
                "您已完成失业登记",
                format!(
                    "受理编号 {reference}：{}起您已是登记失业人员。一年内服务机构会为您提供岗位推荐、职业指导和免费技能培训信息；请每月做一次就业失业动态确认，找到工作后及时告诉我们。",
                    today.iso()
                ),
            ),
            _ => (
                "您的失业登记申请未予登记",
                format!(
                    "受理编号 {reference} 的失业登记申请未予登记。原因：{refusal}。如对结果有疑问，可以联系办理机构；情况变化后也可以重新申请。"
                ),
            ),
        };
        Ok(Notice {
            title: title.into(),
            body,
            link: "/registration".into(),
        })
    }

    /// 受理, 登记 or 不予登记 (with a reason from the list the person will read); the person is
    /// told; audited.
    pub async fn decide(
        &self,
        staff: &StaffSession,
        reference: &str,
        req: &DecisionRequest,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<StaffRegistrationSummary, Error> {
        let decision = Decision::parse(&req.decision).ok_or_else(|| {
            Error::invalid_field(
                "decision",
                "决定：只能是 accept（受理）、register（登记）或 refuse（不予登记）",
            )
        })?;
        let refusal = if decision == Decision::Refuse {
            // A client that sends only words refuses for "other" reasons, in those words.
            let code = match req.refusal_code.trim() {
                "" if !req.reason.trim().is_empty() => "other",
                code => code,
            };
            refusal_text(code, &req.reason).map_err(|(field, message)| Error::invalid_field(field, message))?
        } else {
            String::new()
        };
        let row = self.in_scope(staff, reference).await?;
        let from = Status::parse(&row.status).ok_or_else(|| Error::Internal(row.status.clone()))?;
        let to = decision.status();
        if !from.staff_may_move_to(to) {
            return Err(Error::Conflict(format!(
                "这份申请现在是“{}”，不能改为“{}”。",
                from.label(),
                to.label()
            )));
        }
        let notice = self.decision_notice(&row, to, &refusal, today).await?;
        let notices = [self.notice_for(&row, &notice, now).await];
        let actor = format!("staff:{}", staff.staff_id);
        let registered_on = (to == Status::Registered).then(|| today.iso());
        let moved = self
            .store
            .move_registration(&Move {
                id: &row.id,
                from: from.as_str(),
                to: to.as_str(),
                registered_on: registered_on.as_deref(),
                decided_on: matches!(to, Status::Registered | Status::Refused)
                    .then(|| today.iso())
                    .as_deref(),
                refusal_reason: (to == Status::Refused).then_some(refusal.as_str()),
                end_reason: None,
                ended_on: None,
                closes: !to.is_open(),
                now,
                actor: &actor,
                note: &refusal,
                event_id: &time_ordered_id(now),
                notices: &notices,
                ending: None,
            })
            .await?;
        self.sent_unless_changed(moved)?;
        self.auth
            .audit(
                staff,
                &format!("decide_{}", to.as_str()),
                &row.reference,
                client,
                &refusal,
                now,
            )
            .await?;
        let row = self.in_scope(staff, &row.reference).await?;
        self.summary(&row)
    }

    /// 转办: the open application goes to another office that handles 失业登记, keeping its
    /// state and deadline (首问负责制); the person is told; audited. Answers the application
    /// as it is now, at the other office (outside the staff member's area).
    pub async fn transfer(
        &self,
        staff: &StaffSession,
        reference: &str,
        req: &TransferRequest,
        client: &str,
        now: i64,
    ) -> Result<StaffRegistrationSummary, Error> {
        let note = req.note.trim();
        if note.chars().count() > MAX_NOTE {
            return Err(Error::invalid_field(
                "note",
                format!("转办说明：最多{MAX_NOTE}个字，请删减"),
            ));
        }
        let to = match self.directory.get(req.office.trim()).await {
            Ok(i) if i.handles_registration => i,
            Ok(_) | Err(Error::NotFound | Error::Invalid(_)) => {
                return Err(not_listed_office("office", "转至经办机构"))
            }
            Err(e) => return Err(e),
        };
        let row = self.in_scope(staff, reference).await?;
        let status = Status::parse(&row.status).ok_or_else(|| Error::Internal(row.status.clone()))?;
        if !matches!(status, Status::Submitted | Status::Accepted) {
            return Err(Error::Conflict(format!(
                "这份申请现在是“{}”，只有审核中的申请可以转办。",
                status.label()
            )));
        }
        if to.code == row.institution_code {
            return Err(Error::invalid_field(
                "office",
                "转至经办机构：申请已在这个机构，请选择另一个机构",
            ));
        }
        let words = if note.is_empty() {
            to.name.clone()
        } else {
            format!("{}（{note}）", to.name)
        };
        let notice = Notice {
            title: "您的失业登记申请已转办".into(),
            body: format!(
                "受理编号 {} 的失业登记申请已转至{}办理，审核期限不变，您不需要重新申请。",
                row.reference, to.name
            ),
            link: "/registration".into(),
        };
        let notices = [self.notice_for(&row, &notice, now).await];
        let actor = format!("staff:{}", staff.staff_id);
        let moved = self
            .store
            .transfer_registration(&Transfer {
                id: &row.id,
                from_institution: &row.institution_code,
                from_division: &row.division_code,
                on_date: &Now::from_unix(now).today().iso(),
                to_institution: &to.code,
                to_division: &to.division_code,
                now,
                actor: &actor,
                note: &words,
                event_id: &time_ordered_id(now),
                notices: &notices,
            })
            .await?;
        self.sent_unless_changed(moved)?;
        self.auth
            .audit(staff, "transfer_registration", &row.reference, client, &to.code, now)
            .await?;
        let row = self
            .store
            .registration_by_reference(&row.reference)
            .await?
            .ok_or(Error::NotFound)?;
        self.summary(&row)
    }
}
