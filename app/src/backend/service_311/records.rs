//! Recording services for people (each told), and reading them: the worker's own view and
//! what staff see, with the reasons to end that the records show may apply.

use super::{refusals, too_long, Services311, MAX_TEXT};
use crate::api::service_311::{MyServicesView, RecordServiceRequest, RecordedAnswer, StaffServicesView};
use crate::backend::auth::staff::StaffSession;
use crate::backend::clock::time_ordered_id;
use crate::backend::notify::Notice;
use crate::backend::store::NewServiceRecord;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::codes::label_of;
use crate::domain::registration::confirmation::STAFF_RESULTS;
use crate::domain::registration::status::{EndReason, Status};
use crate::domain::registration::Answers;
use crate::domain::service_311::{answers_for, counts_toward_311, unreachable, ServiceKind, Show, CHANNELS};

impl Services311 {
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
            Error::invalid_field(
                "kind",
                "服务类型：请选择岗位推荐、职业指导、培训信息、创业服务、政策推介或其他（job_referral、guidance、training、entrepreneurship、policy、other）",
            )
        })?;
        if !CHANNELS.iter().any(|(c, _)| *c == req.channel.trim()) {
            return Err(Error::invalid_field(
                "channel",
                "服务方式：请选择电话、短信、微信、现场、上门或线上（phone、sms、wechat、on_site、home_visit、online）",
            ));
        }
        let given_on = Ymd::parse_iso(req.given_on.trim())
            .filter(|d| *d <= today)
            .ok_or_else(|| Error::invalid_field("given_on", "服务日期：请填写不晚于今天的真实日期，例如 2026-12-01"))?;
        let fields = kind.content_fields();
        let mut content = Answers::new();
        for (key, value) in &req.content {
            let Some(field) = fields.iter().find(|f| f.key == key) else {
                let known: Vec<&str> = fields.iter().map(|f| f.key).collect();
                return Err(Error::invalid_field(
                    &format!("content.{key}"),
                    format!("服务内容：{}没有“{key}”这一项，可填 {}", kind.label(), known.join("、")),
                ));
            };
            if value.chars().count() > MAX_TEXT {
                return Err(too_long(&format!("content.{key}"), field.label));
            }
            if field.show == Show::YesNo && !matches!(value.trim(), "1" | "0" | "") {
                return Err(Error::invalid_field(
                    &format!("content.{key}"),
                    format!("{}：请选择是（1）或否（0）", field.label),
                ));
            }
            if !value.trim().is_empty() {
                content.insert(key.clone(), value.trim().to_owned());
            }
        }
        if let Some(f) = fields.iter().find(|f| f.required && !content.contains_key(f.key)) {
            let what = if f.show == Show::YesNo {
                "请选择"
            } else {
                "请填写"
            };
            return Err(Error::invalid_field(
                &format!("content.{}", f.key),
                format!("{0}：{what}{0}", f.label),
            ));
        }
        if req.references.is_empty() || req.references.len() > 200 {
            return Err(Error::invalid_field("references", "受理编号：请提供1到200个"));
        }
        let given = given_on.iso();
        let counts_311 = counts_toward_311(kind, &content);
        let content = serde_json::to_string(&content).map_err(|e| Error::Internal(e.to_string()))?;
        let mut rows = Vec::new();
        for reference in &req.references {
            let row = self.registrations.in_scope(staff, reference).await?;
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
                counts_311,
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

    /// 我的就业服务 for the person's newest registration.
    pub async fn my_services(&self, person_id: &str) -> Result<MyServicesView, Error> {
        let row = self
            .store
            .latest_registration(person_id)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(self.records_view(&row).await?.0)
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
        let row = self.registrations.in_scope(staff, reference).await?;
        let (services, stored, follow_ups) = self.records_view(&row).await?;
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
        let month = today.year_month();
        let confirmed_this_month = self
            .store
            .confirmations(&row.id)
            .await?
            .into_iter()
            .find(|c| c.month == month)
            .map(|c| {
                format!(
                    "{}（{}）",
                    label_of(STAFF_RESULTS, &c.answer).unwrap_or(c.answer.as_str()),
                    c.method
                )
            });
        Ok(StaffServicesView {
            services,
            last_contact: last.map_or(registered_on, |l| l.max(registered_on)).iso(),
            may_end_for,
            confirmed_this_month,
            pending_ending: self.registrations.pending_ending(&row).await?,
            ending: self.registrations.ending_view(&row).await?,
            ending_notice_days: self.registrations.ending_notice_days(),
        })
    }
}
