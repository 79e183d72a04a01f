//! 注销 by staff, confirmed against the records for reasons 8 and 9.

use super::{refusals, too_long, Services311, MAX_TEXT};
use crate::api::service_311::EndRequest;
use crate::backend::auth::staff::StaffSession;
use crate::backend::notify::Notice;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::status::{EndReason, Status};
use crate::domain::service_311::unreachable;

impl Services311 {
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
            Error::invalid_field(
                "reason",
                "注销原因：请填写通知规定的原因编号 1、2、3、4、5、6a、6b、7、8、9、10 或 11",
            )
        })?;
        let verified = req.verified.trim();
        if verified.is_empty() {
            return Err(Error::invalid_field(
                "verified",
                "核实情况：请写明如何核实的，例如“电话核实，本人确认”",
            ));
        }
        if verified.chars().count() > MAX_TEXT {
            return Err(too_long("verified", "核实情况"));
        }
        let row = self.registrations.in_scope(staff, reference).await?;
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
        let moved = self
            .registrations
            .end(&row, reason, today, (&actor, now), &notices)
            .await?;
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
