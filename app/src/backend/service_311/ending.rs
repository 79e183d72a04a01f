//! 注销 by staff, each reason by its rules (see `domain::registration::ending`): a 就业登记 for
//! 1–3, the records for 8 and 9, a listed local rule for 11; 4, 5 and 6a are announced to the
//! person first unless they confirmed.

use super::{refusals, Services311};
use crate::api::lists::ListKind;
use crate::api::service_311::{EndOutcome, EndRequest};
use crate::backend::auth::staff::StaffSession;
use crate::backend::registration::{staff_note, EndingDetails};
use crate::backend::store::RegistrationRow;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::ending::{employment, needs, telling, Needs, Telling};
use crate::domain::registration::status::{EndReason, Status};
use crate::domain::service_311::unreachable;

impl Services311 {
    /// 注销 by a staff member whose area covers the registering office, after verifying
    /// (audited). Reasons 8 and 9 are taken only when the records show them, and nothing else
    /// in the system ends a registration for them.
    pub async fn end_registration(
        &self,
        staff: &StaffSession,
        reference: &str,
        req: &EndRequest,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<EndOutcome, Error> {
        let reason = EndReason::parse(&req.reason).ok_or_else(|| {
            Error::invalid_field(
                "reason",
                "注销原因：请填写通知规定的原因编号 1、2、3、4、5、6a、6b、7、8、9、10 或 11",
            )
        })?;
        let verified = staff_note(
            "verified",
            "核实情况",
            &req.verified,
            "请写明如何核实的，例如“电话核实，本人确认”",
        )?;
        let row = self.registrations.in_scope(staff, reference).await?;
        if row.status != Status::Registered.as_str() {
            return Err(Error::Conflict("只有“已登记”的失业登记才能注销。".into()));
        }
        let mut details = self.particulars(reason, req, &row, today).await?;
        details.verified = verified.clone();
        let actor = format!("staff:{}", staff.staff_id);
        let outcome = if telling(reason) == Telling::FirstThenWait && !req.person_confirmed {
            let day = self
                .registrations
                .announce_end(&row, reason, today, (&actor, now), &details)
                .await?;
            EndOutcome {
                ended: false,
                ends_on: Some(day.iso()),
            }
        } else {
            if req.person_confirmed {
                details.person_confirmed = Some(verified.clone());
            }
            let notices = self.registrations.ended_notices(&row, reason, now).await;
            if !self
                .registrations
                .end(&row, reason, today, (&actor, now), &notices, &details)
                .await?
            {
                return Err(Error::Conflict("这份登记刚被其他人处理过，请刷新后再看。".into()));
            }
            EndOutcome {
                ended: true,
                ends_on: None,
            }
        };
        let action = match outcome.ended {
            true => format!("end_{}", reason.code()),
            false => format!("end_announced_{}", reason.code()),
        };
        self.auth
            .audit(staff, &action, &row.reference, client, &verified, now)
            .await?;
        Ok(outcome)
    }

    /// What the reason needs beyond how it was verified, checked: the 就业登记, the records, the
    /// local rule.
    async fn particulars(
        &self,
        reason: EndReason,
        req: &EndRequest,
        row: &RegistrationRow,
        today: Ymd,
    ) -> Result<EndingDetails, Error> {
        let mut details = EndingDetails::default();
        match needs(reason) {
            Needs::Nothing => {}
            Needs::Employment => {
                let e = employment(reason, &req.employer, &req.started_on, req.income_meets_dibao, today)?;
                details.employer = Some(e.employer);
                details.started_on = Some(e.started_on.iso());
                details.income_meets_dibao = e.income_meets_dibao;
            }
            Needs::Refusals => {
                let refusals = refusals(&self.store.service_records(&row.id).await?);
                if !refusals.needs_staff_review() {
                    return Err(Error::Conflict(format!(
                        "记录显示连续无正当理由拒绝 {} 次，不到3次，不能以原因8注销。",
                        refusals.in_a_row
                    )));
                }
            }
            Needs::NoContact => {
                let stored = self.store.service_records(&row.id).await?;
                let follow_ups = self.store.follow_ups(&row.id).await?;
                let registered_on = row.registered_on.as_deref().and_then(Ymd::parse_iso).unwrap_or(today);
                let last = self.last_contact(row, &stored, &follow_ups).await?;
                if !unreachable(last, registered_on, today) {
                    return Err(Error::Conflict(format!(
                        "最近一次联系在 {}，不满6个月，不能以原因9注销。",
                        last.map_or(registered_on, |l| l.max(registered_on)).iso()
                    )));
                }
            }
            Needs::LocalRule => {
                let rule = req.local_rule.trim();
                let rules = self.local_rules().await?;
                if rules.is_empty() {
                    return Err(Error::Conflict(
                        "省级管理员尚未发布当地规定的其他注销情形，暂不能以原因11注销。".into(),
                    ));
                }
                if !rules.iter().any(|r| r == rule) {
                    return Err(Error::invalid_field(
                        "local_rule",
                        "当地规定的情形：请从省级发布的清单中选择一项",
                    ));
                }
                details.local_rule = Some(rule.to_owned());
            }
        }
        Ok(details)
    }

    /// The 情形 of the local rules for reason 11, as provincial administrators list them.
    pub async fn local_rules(&self) -> Result<Vec<String>, Error> {
        Ok(self
            .store
            .list_entries(ListKind::EndRule.as_str())
            .await?
            .into_iter()
            .filter_map(|row| {
                let fields: crate::domain::registration::Answers = serde_json::from_str(&row.fields).ok()?;
                fields.get("name").map(|n| n.trim().to_owned())
            })
            .collect())
    }
}
