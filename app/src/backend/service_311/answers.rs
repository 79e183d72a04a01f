//! The worker's answers to the services given (a decline names its reason), online or taken
//! down by staff from a call or a visit, and staff's 回访 of them.

use super::{too_long, Services311, MAX_TEXT};
use crate::api::service_311::{FollowUp, MyServicesView, ServiceAnswerRequest, StaffAnswerRequest};
use crate::backend::auth::staff::StaffSession;
use crate::backend::clock::time_ordered_id;
use crate::backend::store::{FollowUpRow, RegistrationRow};
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::status::Status;
use crate::domain::service_311::{
    answer_label, answers_for, is_final, ServiceKind, DECLINE_REASONS, STAFF_ANSWER_CHANNELS,
};

impl Services311 {
    /// The person answers a job referral or a training offer; a decline names its reason.
    /// A decline and 已录用 stand; other answers may move on.
    pub async fn answer_service(
        &self,
        person_id: &str,
        record_id: &str,
        req: &ServiceAnswerRequest,
        now: i64,
    ) -> Result<MyServicesView, Error> {
        let row = self
            .store
            .latest_registration(person_id)
            .await?
            .ok_or(Error::NotFound)?;
        self.keep_answer(&row, record_id, req, None, now).await?;
        Ok(self.records_view(&row).await?.0)
    }

    /// Staff take down the answer the person gave by phone or at a visit (audited); a decline
    /// without a good reason counts toward reason 8 like one given online.
    pub async fn record_answer(
        &self,
        staff: &StaffSession,
        record_id: &str,
        req: &StaffAnswerRequest,
        client: &str,
        now: i64,
    ) -> Result<(), Error> {
        let via = STAFF_ANSWER_CHANNELS
            .iter()
            .find(|(code, _)| *code == req.via.trim())
            .map(|(code, _)| *code)
            .ok_or_else(|| Error::invalid_field("via", "答复方式：请选择本人是通过电话还是走访时答复的"))?;
        let reference = self.record_reference(record_id).await?.ok_or(Error::NotFound)?;
        let row = self.registrations.in_scope(staff, &reference).await?;
        let answer = ServiceAnswerRequest {
            answer: req.answer.clone(),
            reason: req.reason.clone(),
            note: req.note.clone(),
        };
        self.keep_answer(&row, record_id, &answer, Some((via, &staff.staff_id)), now)
            .await?;
        self.auth
            .audit(staff, "record_answer", &row.reference, client, via, now)
            .await
    }

    /// Checks and keeps an answer to one of the registration's services; `by`: how and by
    /// which staff member it was taken down, when not given online by the person.
    async fn keep_answer(
        &self,
        row: &RegistrationRow,
        record_id: &str,
        req: &ServiceAnswerRequest,
        by: Option<(&str, &str)>,
        now: i64,
    ) -> Result<(), Error> {
        let record = self
            .store
            .service_records(&row.id)
            .await?
            .into_iter()
            .find(|r| r.id == record_id)
            .ok_or(Error::NotFound)?;
        let kind = ServiceKind::parse(&record.kind).ok_or(Error::NotFound)?;
        if row.status != Status::Registered.as_str() {
            return Err(Error::Conflict("这份失业登记已不在有效期内，不需要再答复。".into()));
        }
        if let Some(given) = record.answer.as_deref().filter(|a| is_final(a)) {
            return Err(Error::Conflict(format!(
                "这项服务已答复“{}”，不能再改。如有变化，请联系服务机构。",
                answer_label(kind, given).unwrap_or(given)
            )));
        }
        let answer = req.answer.trim();
        if !answers_for(kind).iter().any(|(code, _)| *code == answer) {
            return Err(Error::invalid_field("answer", "答复：请从列出的选项中选择一项"));
        }
        let note = req.note.trim();
        let decline = if answer == "declined" {
            let (code, _, good) = DECLINE_REASONS
                .iter()
                .find(|(code, ..)| *code == req.reason.trim())
                .ok_or_else(|| Error::invalid_field("reason", "原因：请选择不考虑（不参加）的原因"))?;
            if *code == "other" && note.is_empty() {
                return Err(Error::invalid_field("note", "具体原因：选择“其他原因”时，请写明原因"));
            }
            if note.chars().count() > MAX_TEXT {
                return Err(too_long("note", "具体原因"));
            }
            Some((*code, *good, note))
        } else {
            None
        };
        if !self
            .store
            .answer_service(&record.id, &row.id, answer, decline, by, now)
            .await?
        {
            return Err(Error::Conflict("这项服务刚刚已经答复过了，请刷新页面查看。".into()));
        }
        Ok(())
    }

    /// 回访: the result of following a service up (audited).
    pub async fn follow_up(
        &self,
        staff: &StaffSession,
        record_id: &str,
        req: &FollowUp,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<(), Error> {
        let reference = self.record_reference(record_id).await?.ok_or(Error::NotFound)?;
        let row = self.registrations.in_scope(staff, &reference).await?;
        let on = Ymd::parse_iso(req.on.trim())
            .filter(|d| *d <= today)
            .ok_or_else(|| Error::invalid_field("on", "回访日期：请填写不晚于今天的真实日期，例如 2026-12-01"))?;
        let result = req.result.trim();
        if result.is_empty() {
            return Err(Error::invalid_field(
                "result",
                "回访结果：请写明结果，例如“已面试，等待通知”或“电话无人接听”",
            ));
        }
        if result.chars().count() > MAX_TEXT {
            return Err(too_long("result", "回访结果"));
        }
        let follow_up = FollowUpRow {
            record_id: record_id.to_owned(),
            on: on.iso(),
            reached: req.reached,
            result: result.to_owned(),
        };
        self.store
            .add_follow_up(&time_ordered_id(now), &follow_up, &staff.staff_id, now)
            .await?;
        self.auth
            .audit(staff, "follow_up", &row.reference, client, "", now)
            .await
    }
}
