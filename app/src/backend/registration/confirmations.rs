//! 就业失业动态确认: the person's own answer each month, staff checks (a call, a visit,
//! 信息比对), and the monthly reminder to everyone registered who has not confirmed, sent
//! once per person and month however many app servers run it.

use super::Registrations;
use crate::api::registration::{RegistrationView, StaffCheckAnswer, StaffCheckRequest};
use crate::backend::auth::staff::StaffSession;
use crate::backend::auth::Session;
use crate::backend::clock::time_ordered_id;
use crate::backend::notify::Notice;
use crate::backend::store::StaffCheckRow;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::codes;
use crate::domain::registration::confirmation::{reminder_due, staff_check, BY_THE_PERSON};
use crate::domain::registration::status::Status;

/// How many reminders one round writes at most; the next round goes on.
const REMINDER_BATCH: i64 = 200;

impl Registrations {
    /// 就业失业动态确认 for this month. "Found work" is reported with `report_work`.
    pub async fn confirm_month(
        &self,
        session: &Session,
        answer: &str,
        today: Ymd,
        now: i64,
    ) -> Result<RegistrationView, Error> {
        if codes::label_of(codes::MONTHLY_ANSWERS, answer).is_none() {
            return Err(Error::invalid_field("answer", "本月情况：请选择一项"));
        }
        let row = self.open_row(&session.person_id).await?;
        if row.status != Status::Registered.as_str() {
            return Err(Error::Conflict("登记完成后才需要每月确认。".into()));
        }
        self.store
            .confirm_month(
                &row.id,
                &today.year_month(),
                answer,
                BY_THE_PERSON,
                now,
                &time_ordered_id(now),
            )
            .await?;
        self.current(&session.person_id, today).await?.ok_or(Error::NotFound)
    }

    /// A staff check of a registered person of the staff member's area; audited. A call or a
    /// visit that reached nobody is kept as an attempt only; a month the person confirmed
    /// keeps the person's own answer.
    pub async fn record_check(
        &self,
        staff: &StaffSession,
        reference: &str,
        req: &StaffCheckRequest,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<StaffCheckAnswer, Error> {
        let on = match req.on.trim() {
            "" => Some(today),
            typed => Ymd::parse_iso(typed),
        }
        .ok_or_else(|| Error::invalid_field("on", "确认日期：请填写真实的日期，例如 2026-12-01"))?;
        let check = staff_check(&req.channel, &req.result, on, today).map_err(Error::from)?;
        let row = self.in_scope(staff, reference).await?;
        if row.status != Status::Registered.as_str() {
            return Err(Error::Conflict("只有已登记（有效期内）的人员需要动态确认。".into()));
        }
        let month = on.year_month();
        self.store
            .staff_check(&StaffCheckRow {
                registration_id: &row.id,
                month: &month,
                answer: check.result,
                method: check.method,
                confirms: check.confirms,
                now,
                actor: &format!("staff:{}", staff.staff_id),
                event_id: &time_ordered_id(now),
            })
            .await?;
        self.auth
            .audit(staff, "record_check", &row.reference, client, check.method, now)
            .await?;
        let method = self
            .store
            .confirmations(&row.id)
            .await?
            .into_iter()
            .find(|c| c.month == month)
            .map(|c| c.method);
        Ok(StaffCheckAnswer {
            month,
            confirmed: method.is_some(),
            method,
        })
    }

    /// From the configured day of the month on, reminds each registered person who has not
    /// confirmed this month, once: every app server runs this, and whichever claims a person's
    /// reminder first writes its notice. Answers how many this server reminded.
    pub async fn remind_unconfirmed(&self, from_day: u32, today: Ymd, now: i64) -> Result<usize, Error> {
        if !reminder_due(today, from_day) {
            return Ok(0);
        }
        let month = today.year_month();
        let notice = Notice {
            title: "请完成本月就业失业动态确认".into(),
            body: format!(
                "您是登记失业人员，请在本月底前告诉我们您{}月的情况（仍在找工作、已经找到工作或其他情况），只需一分钟。已经找到工作的，请报告新工作。",
                today.month
            ),
            link: "/registration".into(),
        };
        let mut reminded = 0;
        for row in self.store.unreminded(&month, REMINDER_BATCH).await? {
            let new = self.notice_for(&row, &notice, now).await;
            if self.store.claim_reminder(&row.id, &month, now, &new).await? {
                reminded += 1;
            }
        }
        if reminded > 0 {
            self.notifier.send_soon();
        }
        Ok(reminded)
    }
}
