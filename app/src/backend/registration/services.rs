//! Services given to registered workers ("311"): staff record them for people in their area;
//! the worker sees each one and what is still owed.

use super::{one_problem, Registrations};
use crate::api::registration::ServiceAnswerRequest;
use crate::api::registration::{MyServicesView, RecordServiceRequest, RecordedAnswer, ServiceRecordView};
use crate::backend::auth::staff::StaffSession;
use crate::backend::crypto::time_ordered_id;
use crate::backend::store::NewServiceRecord;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::status::Status;
use crate::domain::registration::Answers;
use crate::domain::service_311::{
    answers_for, progress, Refusals, Response, ServiceKind, Window, CHANNELS, DECLINE_REASONS,
};

impl Registrations {
    /// One record, or the same to several people: all are in the staff member's area and
    /// registered, or nothing is written. Each is audited.
    pub async fn record_service(
        &self,
        staff: &StaffSession,
        req: &RecordServiceRequest,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<RecordedAnswer, Error> {
        let kind = ServiceKind::parse(&req.kind).ok_or_else(|| {
            one_problem(
                "kind",
                "服务类型：请从 job_referral、guidance、training、entrepreneurship、policy、other 中选择",
            )
        })?;
        if !CHANNELS.iter().any(|(c, _)| *c == req.channel.trim()) {
            return Err(one_problem(
                "channel",
                "服务方式：请从 phone、sms、wechat、on_site、home_visit、online 中选择",
            ));
        }
        let given_on = Ymd::parse_iso(req.given_on.trim())
            .filter(|d| *d <= today)
            .ok_or_else(|| one_problem("given_on", "服务日期：请填写不晚于今天的真实日期，例如 2026-12-01"))?;
        for (key, label) in kind.required_content() {
            if req.content.get(*key).is_none_or(|v| v.trim().is_empty()) {
                return Err(one_problem(
                    &format!("content.{key}"),
                    format!("{label}：请填写{label}"),
                ));
            }
        }
        if req.references.is_empty() || req.references.len() > 200 {
            return Err(one_problem("references", "受理编号：请提供1到200个"));
        }
        let given = given_on.iso();
        let content = serde_json::to_string(&req.content).map_err(|e| Error::Internal(e.to_string()))?;
        let mut rows = Vec::new();
        for reference in &req.references {
            let row = self.in_scope(staff, reference).await?;
            if row.status != Status::Registered.as_str() {
                return Err(Error::Conflict(format!(
                    "{}：只有“已登记”的人员才记录就业服务",
                    row.reference
                )));
            }
            rows.push(row);
        }
        let records: Vec<NewServiceRecord> = rows
            .iter()
            .map(|r| NewServiceRecord {
                id: time_ordered_id(),
                registration_id: &r.id,
                kind: kind.as_str(),
                given_on: &given,
                channel: req.channel.trim(),
                institution_code: &staff.institution_code,
                staff_id: &staff.staff_id,
                content: &content,
                created_at: now,
            })
            .collect();
        self.store.insert_service_records(&records).await?;
        for r in &rows {
            self.auth
                .audit(
                    staff,
                    &format!("record_{}", kind.as_str()),
                    &r.reference,
                    client,
                    "",
                    now,
                )
                .await?;
        }
        Ok(RecordedAnswer { recorded: rows.len() })
    }

    /// 我的就业服务 for the person's newest registration.
    pub async fn my_services(&self, person_id: &str) -> Result<MyServicesView, Error> {
        let row = self
            .store
            .latest_registration(person_id)
            .await?
            .ok_or(Error::NotFound)?;
        let registered_on = row
            .registered_on
            .as_deref()
            .and_then(Ymd::parse_iso)
            .ok_or_else(|| Error::Conflict("登记完成后，这里会显示为您提供的就业服务。".into()))?;
        let window = Window::new(registered_on, row.ended_on.as_deref().and_then(Ymd::parse_iso));
        let stored = self.store.service_records(&row.id).await?;
        let mut dated = Vec::new();
        let mut records = Vec::new();
        // Oldest first for the refusals in a row.
        let responses: Vec<Response> = stored
            .iter()
            .rev()
            .filter_map(|r| match (r.answer.as_deref(), r.good_reason) {
                (Some("declined"), good) => Some(Response::Declined {
                    good_reason: good.unwrap_or(false),
                }),
                (Some(_), _) => Some(Response::Accepted),
                (None, _) => None,
            })
            .collect();
        let refusals = Refusals::of(&responses);
        for r in stored {
            let (Some(kind), Some(on)) = (ServiceKind::parse(&r.kind), Ymd::parse_iso(&r.given_on)) else {
                continue;
            };
            dated.push((kind, on));
            let content: Answers = serde_json::from_str(&r.content).unwrap_or_default();
            records.push(ServiceRecordView {
                id: r.id,
                kind,
                kind_label: kind.label().into(),
                given_on: r.given_on,
                channel: CHANNELS
                    .iter()
                    .find(|(c, _)| *c == r.channel)
                    .map_or(r.channel.clone(), |(_, l)| (*l).to_owned()),
                content,
                answer: r.answer,
                counts: kind.owed() > 0 && window.contains(on),
            });
        }
        Ok(MyServicesView {
            progress: progress(&dated, window).to_vec(),
            year_ends_on: window.until.iso(),
            records,
            refusals_in_a_row: refusals.in_a_row,
            warning: refusals.warn().then(|| {
                "您已连续两次无正当理由拒绝就业服务。如再拒绝一次，经服务机构核实后，您的失业登记可能会被注销。如有困难，请联系服务机构。".to_owned()
            }),
        })
    }

    /// The person answers a job referral or a training offer; a decline names its reason.
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
        let record = self
            .store
            .service_records(&row.id)
            .await?
            .into_iter()
            .find(|r| r.id == record_id)
            .ok_or(Error::NotFound)?;
        let kind = ServiceKind::parse(&record.kind).ok_or(Error::NotFound)?;
        let answer = req.answer.trim();
        if !answers_for(kind).iter().any(|(code, _)| *code == answer) {
            return Err(one_problem("answer", "您的答复：请从列出的选项中选择一项"));
        }
        let note = req.note.trim();
        let decline = if answer == "declined" {
            let (code, _, good) = DECLINE_REASONS
                .iter()
                .find(|(code, ..)| *code == req.reason.trim())
                .ok_or_else(|| one_problem("reason", "不考虑的原因：请选择一项"))?;
            if *code == "other" && note.is_empty() {
                return Err(one_problem("note", "其他原因：请写明原因"));
            }
            if note.chars().count() > 200 {
                return Err(one_problem("note", "其他原因：最多200个字，请删减"));
            }
            Some((*code, *good, note))
        } else {
            None
        };
        if !self
            .store
            .answer_service(&record.id, &row.id, answer, decline, now)
            .await?
        {
            return Err(Error::NotFound);
        }
        self.my_services(person_id).await
    }
}
