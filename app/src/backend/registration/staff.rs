//! What staff do with applications: list those in their divisions, read one (audited: the
//! whole ID number and answers are personal data), and decide. Nobody sees another area's
//! people.

use super::Registrations;
use crate::api::registration::{DecisionRequest, StaffRegistrationDetail, StaffRegistrationSummary};
use crate::backend::auth::staff::StaffSession;
use crate::backend::clock::time_ordered_id;
use crate::backend::store::{Move, RegistrationRow};
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::name::PersonName;
use crate::domain::registration::check::answer;
use crate::domain::registration::status::Status;

/// A staff decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Register,
    Refuse,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s.trim() {
            "accept" => Some(Decision::Accept),
            "register" => Some(Decision::Register),
            "refuse" => Some(Decision::Refuse),
            _ => None,
        }
    }

    fn status(self) -> Status {
        match self {
            Decision::Accept => Status::Accepted,
            Decision::Register => Status::Registered,
            Decision::Refuse => Status::Refused,
        }
    }
}

impl Registrations {
    fn summary(&self, row: &RegistrationRow) -> Result<StaffRegistrationSummary, Error> {
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

    /// The whole application, with the reason the staff member gave; written to the audit log
    /// before anything is returned.
    pub async fn staff_detail(
        &self,
        staff: &StaffSession,
        reference: &str,
        why: &str,
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
        Ok(StaffRegistrationDetail {
            summary: self.summary(&row)?,
            document_kind: identity.number.kind().label().to_owned(),
            document_number: identity.number.as_str().to_owned(),
            answers: self.open(&row.answers_enc)?,
            declaration_version: row.declaration_version,
        })
    }

    /// 受理, 登记 or 不予登记 (with the reason the person will read); audited.
    pub async fn decide(
        &self,
        staff: &StaffSession,
        reference: &str,
        req: &DecisionRequest,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<StaffRegistrationSummary, Error> {
        let (decision, reason) = (req.decision.as_str(), req.reason.as_str());
        let decision = Decision::parse(decision).ok_or_else(|| {
            Error::invalid_field(
                "decision",
                "决定：只能是 accept（受理）、register（登记）或 refuse（不予登记）",
            )
        })?;
        let reason = reason.trim();
        if decision == Decision::Refuse && reason.is_empty() {
            return Err(Error::invalid_field(
                "reason",
                "不予登记原因：请写明原因和重新申请的办法，申请人会看到",
            ));
        }
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
        let actor = format!("staff:{}", staff.staff_id);
        let registered_on = (to == Status::Registered).then(|| today.iso());
        let moved = self
            .store
            .move_registration(&Move {
                id: &row.id,
                from: from.as_str(),
                to: to.as_str(),
                registered_on: registered_on.as_deref(),
                refusal_reason: (to == Status::Refused).then_some(reason),
                end_reason: None,
                ended_on: None,
                closes: !to.is_open(),
                now,
                actor: &actor,
                note: reason,
                event_id: &time_ordered_id(now),
                notices: &[],
            })
            .await?;
        if !moved {
            return Err(Error::Conflict("这份申请刚被其他人处理过，请刷新后再看。".into()));
        }
        self.auth
            .audit(
                staff,
                &format!("decide_{}", to.as_str()),
                &row.reference,
                client,
                reason,
                now,
            )
            .await?;
        let row = self.in_scope(staff, &row.reference).await?;
        self.summary(&row)
    }
}
