//! Services given to registered workers ("311"): staff record them for people in their area
//! and follow them up; the worker sees each one and what is still owed, and answers; and the
//! staff confirmation that alone may end a registration for reason 8 or 9.

use std::collections::HashMap;

use super::{one_problem, Registrations};
use crate::api::services::{
    EndRequest, FollowUp, MyServicesView, RecordServiceRequest, RecordedAnswer, ServiceAnswerRequest,
    ServiceRecordView, StaffServicesView,
};
use crate::backend::auth::staff::StaffSession;
use crate::backend::clock::time_ordered_id;
use crate::backend::notify::{greeting, Notice};
use crate::backend::store::{FollowUpRow, NewNotice, NewServiceRecord, RegistrationRow, ServiceRecordRow};
use crate::backend::{china_date, Error};
use crate::domain::date::Ymd;
use crate::domain::name::PersonName;
use crate::domain::registration::check::answer;
use crate::domain::registration::status::{EndReason, Status};
use crate::domain::registration::Answers;
use crate::domain::service_311::{
    answer_label, answers_for, is_final, progress, unreachable, Refusals, Response, ServiceKind, Window, CHANNELS,
    DECLINE_REASONS,
};

/// The longest a piece of content, a note or a follow-up may be.
const MAX_TEXT: usize = 200;

/// Channels on which giving a service means the person was reached.
const CONTACT_CHANNELS: [&str; 3] = ["phone", "on_site", "home_visit"];

fn too_long(field: &str, label: &str) -> Error {
    one_problem(field, format!("{label}：最多{MAX_TEXT}个字，请删减"))
}

/// What the records say about refusals: oldest first, as they were given.
fn refusals(stored: &[ServiceRecordRow]) -> Refusals {
    let responses: Vec<Response> = stored
        .iter()
        .rev()
        .filter_map(|r| match r.answer.as_deref() {
            Some("declined") => Some(Response::Declined {
                good_reason: r.good_reason.unwrap_or(false),
            }),
            Some(_) => Some(Response::Accepted),
            None => None,
        })
        .collect();
    Refusals::of(&responses)
}

impl Registrations {
    /// 张女士-style greeting for a notice (nothing more of the person goes into an SMS).
    async fn greeting(&self, row: &RegistrationRow) -> String {
        let name = self
            .open(&row.answers_enc)
            .ok()
            .and_then(|a| PersonName::parse(answer(&a, "name")).ok());
        let sex = match self.auth.identity(&row.person_id).await {
            Ok(Some(identity)) => identity.number.sex(),
            _ => None,
        };
        greeting(name.as_ref(), sex)
    }

    /// The notice telling the person, to be written with the change it tells of.
    async fn notice_for(&self, row: &RegistrationRow, notice: &Notice, now: i64) -> NewNotice {
        let greeting = self.greeting(row).await;
        self.notifier.prepare(&row.person_id, &greeting, notice, now)
    }

    /// One record, or the same to several people: all are in the staff member's area and
    /// registered, or nothing is written. Each is audited and each person is told.
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
                "服务类型：请选择岗位推荐、职业指导、培训信息、创业服务、政策推介或其他（job_referral、guidance、training、entrepreneurship、policy、other）",
            )
        })?;
        if !CHANNELS.iter().any(|(c, _)| *c == req.channel.trim()) {
            return Err(one_problem(
                "channel",
                "服务方式：请选择电话、短信、微信、现场、上门或线上（phone、sms、wechat、on_site、home_visit、online）",
            ));
        }
        let given_on = Ymd::parse_iso(req.given_on.trim())
            .filter(|d| *d <= today)
            .ok_or_else(|| one_problem("given_on", "服务日期：请填写不晚于今天的真实日期，例如 2026-12-01"))?;
        let fields = kind.content_fields();
        let mut content = Answers::new();
        for (key, value) in &req.content {
            let Some(field) = fields.iter().find(|f| f.key == key) else {
                let known: Vec<&str> = fields.iter().map(|f| f.key).collect();
                return Err(one_problem(
                    &format!("content.{key}"),
                    format!("服务内容：{}没有“{key}”这一项，可填 {}", kind.label(), known.join("、")),
                ));
            };
            if value.chars().count() > MAX_TEXT {
                return Err(too_long(&format!("content.{key}"), field.label));
            }
            if !value.trim().is_empty() {
                content.insert(key.clone(), value.trim().to_owned());
            }
        }
        if let Some(f) = fields.iter().find(|f| f.required && !content.contains_key(f.key)) {
            return Err(one_problem(
                &format!("content.{}", f.key),
                format!("{0}：请填写{0}", f.label),
            ));
        }
        if req.references.is_empty() || req.references.len() > 200 {
            return Err(one_problem("references", "受理编号：请提供1到200个"));
        }
        let given = given_on.iso();
        let content = serde_json::to_string(&content).map_err(|e| Error::Internal(e.to_string()))?;
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
                id: time_ordered_id(now),
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
        let notice = Notice {
            title: format!("您有新的就业服务：{}", kind.label()),
            body: format!(
                "服务机构为您提供了{}，请在“我的就业服务”中查看{}。",
                kind.label(),
                if answers_for(kind).is_empty() { "" } else { "并答复" }
            ),
            link: "/services".into(),
        };
        let mut notices = Vec::with_capacity(rows.len());
        for r in &rows {
            notices.push(self.notice_for(r, &notice, now).await);
        }
        self.store.insert_service_records(&records, &notices).await?;
        self.notifier.send_soon();
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

    /// The services of one registration, as the worker sees them.
    async fn services_view(
        &self,
        row: &RegistrationRow,
    ) -> Result<(MyServicesView, Vec<ServiceRecordRow>, Vec<FollowUpRow>), Error> {
        let registered_on = row
            .registered_on
            .as_deref()
            .and_then(Ymd::parse_iso)
            .ok_or_else(|| Error::Conflict("登记完成后，这里会显示为您提供的就业服务。".into()))?;
        let window = Window::new(registered_on, row.ended_on.as_deref().and_then(Ymd::parse_iso));
        let open = row.status == Status::Registered.as_str();
        let stored = self.store.service_records(&row.id).await?;
        let follow_ups = self.store.follow_ups(&row.id).await?;
        let refusals = refusals(&stored);
        let mut codes: Vec<String> = stored.iter().map(|r| r.institution_code.clone()).collect();
        codes.sort();
        codes.dedup();
        let institutions: HashMap<String, _> = self
            .store
            .institutions_by_code(&codes)
            .await?
            .into_iter()
            .map(|i| (i.code.clone(), i))
            .collect();
        let mut dated = Vec::new();
        let mut records = Vec::new();
        for r in &stored {
            let (Some(kind), Some(on)) = (ServiceKind::parse(&r.kind), Ymd::parse_iso(&r.given_on)) else {
                continue;
            };
            dated.push((kind, on));
            let institution = institutions.get(&r.institution_code);
            let reason = r
                .decline_reason
                .as_deref()
                .and_then(|code| DECLINE_REASONS.iter().find(|(c, ..)| *c == code));
            records.push(ServiceRecordView {
                id: r.id.clone(),
                kind,
                kind_label: kind.label().into(),
                given_on: r.given_on.clone(),
                channel: CHANNELS
                    .iter()
                    .find(|(c, _)| *c == r.channel)
                    .map_or(r.channel.clone(), |(_, l)| (*l).to_owned()),
                institution_name: institution.map_or_else(|| r.institution_code.clone(), |i| i.name.clone()),
                institution_phones: institution.map(|i| i.phones.clone()).unwrap_or_default(),
                institution_demo: institution.is_some_and(|i| i.demo),
                content: serde_json::from_str(&r.content).unwrap_or_default(),
                answer_label: r
                    .answer
                    .as_deref()
                    .and_then(|a| answer_label(kind, a))
                    .map(str::to_owned),
                answer: r.answer.clone(),
                decline_reason: reason.map(|(_, label, _)| (*label).to_owned()),
                good_reason: r.good_reason,
                decline_note: r.decline_note.clone().filter(|n| !n.is_empty()),
                can_answer: open && !answers_for(kind).is_empty() && !r.answer.as_deref().is_some_and(is_final),
                counts: kind.owed() > 0 && window.contains(on),
                follow_ups: follow_ups
                    .iter()
                    .filter(|f| f.record_id == r.id)
                    .map(|f| FollowUp {
                        on: f.on.clone(),
                        reached: f.reached,
                        result: f.result.clone(),
                    })
                    .collect(),
            });
        }
        let view = MyServicesView {
            reference: row.reference.clone(),
            progress: progress(&dated, window).to_vec(),
            year_ends_on: window.until.iso(),
            open,
            records,
            refusals_in_a_row: refusals.in_a_row,
            warning: (open && refusals.warn()).then(|| {
                "您已连续两次无正当理由拒绝就业服务。如再拒绝一次，经服务机构核实后，您的失业登记可能会被注销（原因：无正当理由连续3次拒绝接受公共就业服务）。如有困难，请先联系服务机构说明。".to_owned()
            }),
        };
        Ok((view, stored, follow_ups))
    }

    /// 我的就业服务 for the person's newest registration.
    pub async fn my_services(&self, person_id: &str) -> Result<MyServicesView, Error> {
        let row = self
            .store
            .latest_registration(person_id)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(self.services_view(&row).await?.0)
    }

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
        let record = self
            .store
            .service_records(&row.id)
            .await?
            .into_iter()
            .find(|r| r.id == record_id)
            .ok_or(Error::NotFound)?;
        let kind = ServiceKind::parse(&record.kind).ok_or(Error::NotFound)?;
        if row.status != Status::Registered.as_str() {
            return Err(Error::Conflict("您的失业登记已不在有效期内，不需要再答复。".into()));
        }
        if let Some(given) = record.answer.as_deref().filter(|a| is_final(a)) {
            return Err(Error::Conflict(format!(
                "这项服务您已答复“{}”，不能再改。如有变化，请联系服务机构。",
                answer_label(kind, given).unwrap_or(given)
            )));
        }
        let answer = req.answer.trim();
        if !answers_for(kind).iter().any(|(code, _)| *code == answer) {
            return Err(one_problem("answer", "您的答复：请从列出的选项中选择一项"));
        }
        let note = req.note.trim();
        let decline = if answer == "declined" {
            let (code, _, good) = DECLINE_REASONS
                .iter()
                .find(|(code, ..)| *code == req.reason.trim())
                .ok_or_else(|| one_problem("reason", "原因：请选择不考虑（不参加）的原因"))?;
            if *code == "other" && note.is_empty() {
                return Err(one_problem("note", "具体原因：选择“其他原因”时，请写明原因"));
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
            .answer_service(&record.id, &row.id, answer, decline, now)
            .await?
        {
            return Err(Error::Conflict("这项服务刚刚已经答复过了，请刷新页面查看。".into()));
        }
        Ok(self.services_view(&row).await?.0)
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
        let reference = self
            .store
            .service_record_reference(record_id)
            .await?
            .ok_or(Error::NotFound)?;
        let row = self.in_scope(staff, &reference).await?;
        let on = Ymd::parse_iso(req.on.trim())
            .filter(|d| *d <= today)
            .ok_or_else(|| one_problem("on", "回访日期：请填写不晚于今天的真实日期，例如 2026-12-01"))?;
        let result = req.result.trim();
        if result.is_empty() {
            return Err(one_problem(
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

    /// The last day the person was reached: a monthly confirmation, an answer, a service given
    /// by phone or in person, a follow-up that reached them; at least the registration date.
    async fn last_contact(
        &self,
        row: &RegistrationRow,
        stored: &[ServiceRecordRow],
        follow_ups: &[FollowUpRow],
    ) -> Result<Option<Ymd>, Error> {
        let confirmed = self
            .store
            .confirmation_times(&row.id)
            .await?
            .into_iter()
            .map(china_date);
        let answered = stored.iter().filter_map(|r| r.answered_at).map(china_date);
        let in_person = stored
            .iter()
            .filter(|r| CONTACT_CHANNELS.contains(&r.channel.as_str()))
            .filter_map(|r| Ymd::parse_iso(&r.given_on));
        let followed = follow_ups
            .iter()
            .filter(|f| f.reached)
            .filter_map(|f| Ymd::parse_iso(&f.on));
        Ok(confirmed.chain(answered).chain(in_person).chain(followed).max())
    }

    /// What a staff member sees of a worker's services (audited), with the reasons the records
    /// show may apply.
    pub async fn staff_services(
        &self,
        staff: &StaffSession,
        reference: &str,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<StaffServicesView, Error> {
        let row = self.in_scope(staff, reference).await?;
        let (services, stored, follow_ups) = self.services_view(&row).await?;
        self.auth
            .audit(staff, "read_services", &row.reference, client, "", now)
            .await?;
        let registered_on = row.registered_on.as_deref().and_then(Ymd::parse_iso).unwrap_or(today);
        let last = self.last_contact(&row, &stored, &follow_ups).await?;
        let mut may_end_for = Vec::new();
        if services.open && refusals(&stored).needs_staff_review() {
            may_end_for.push(EndReason::RefusedServices.code().to_owned());
        }
        if services.open && unreachable(last, registered_on, today) {
            may_end_for.push(EndReason::Unreachable.code().to_owned());
        }
        Ok(StaffServicesView {
            services,
            last_contact: last.map_or(registered_on, |l| l.max(registered_on)).iso(),
            may_end_for,
        })
    }

    /// 注销 by a staff member after verifying. Reasons 8 and 9 are taken only when the records
    /// show them, and nothing else in the system ends a registration for them. The person is
    /// told, except where the notice says no notice is given (6b, 7, 9, 10).
    pub async fn end_registration(
        &self,
        staff: &StaffSession,
        reference: &str,
        req: &EndRequest,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<(), Error> {
        let reason = EndReason::parse(&req.reason).ok_or_else(|| {
            one_problem(
                "reason",
                "注销原因：请填写通知规定的原因编号 1、2、3、4、5、6a、6b、7、8、9、10 或 11",
            )
        })?;
        let verified = req.verified.trim();
        if verified.is_empty() {
            return Err(one_problem(
                "verified",
                "核实情况：请写明如何核实的，例如“电话核实，本人确认”",
            ));
        }
        if verified.chars().count() > MAX_TEXT {
            return Err(too_long("verified", "核实情况"));
        }
        let row = self.in_scope(staff, reference).await?;
        if row.status != Status::Registered.as_str() {
            return Err(Error::Conflict("只有“已登记”的失业登记才能注销。".into()));
        }
        let stored = self.store.service_records(&row.id).await?;
        let follow_ups = self.store.follow_ups(&row.id).await?;
        if reason == EndReason::RefusedServices {
            let refusals = refusals(&stored);
            if !refusals.needs_staff_review() {
                return Err(Error::Conflict(format!(
                    "记录显示连续无正当理由拒绝 {} 次，不到3次，不能以原因8注销。",
                    refusals.in_a_row
                )));
            }
        }
        if reason == EndReason::Unreachable {
            let registered_on = row.registered_on.as_deref().and_then(Ymd::parse_iso).unwrap_or(today);
            let last = self.last_contact(&row, &stored, &follow_ups).await?;
            if !unreachable(last, registered_on, today) {
                return Err(Error::Conflict(format!(
                    "最近一次联系在 {}，不满6个月，不能以原因9注销。",
                    last.map_or(registered_on, |l| l.max(registered_on)).iso()
                )));
            }
        }
        let mut notices = Vec::new();
        if reason.person_is_told() {
            let notice = Notice {
                title: "您的失业登记已注销".into(),
                body: format!(
                    "注销原因：{}。如有疑问，请联系办理机构。以后仍未就业的，可以重新申请失业登记。",
                    reason.label()
                ),
                link: "/registration".into(),
            };
            notices.push(self.notice_for(&row, &notice, now).await);
        }
        let actor = format!("staff:{}", staff.staff_id);
        let moved = self.end(&row, reason, today, (&actor, now), &notices).await?;
        if !moved {
            return Err(Error::Conflict("这份登记刚被其他人处理过，请刷新后再看。".into()));
        }
        if !notices.is_empty() {
            self.notifier.send_soon();
        }
        self.auth
            .audit(
                staff,
                &format!("end_{}", reason.code()),
                &row.reference,
                client,
                verified,
                now,
            )
            .await?;
        Ok(())
    }
}
