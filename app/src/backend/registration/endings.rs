//! 注销 as it takes effect: at once with its particulars (the 就业登记, the local rule, how it
//! was verified), or for reasons 4, 5 and 6a announced to the person first and ended when the
//! notice period is over, unless staff withdraw it or record the person's confirmation. The
//! reason's own conditions are checked before (see the 311 service's `end_registration`).

use serde::{Deserialize, Serialize};

use super::Registrations;
use crate::api::service_311::{EndingView, PendingEnding};
use crate::backend::auth::staff::StaffSession;
use crate::backend::clock::time_ordered_id;
use crate::backend::crypto::Field;
use crate::backend::notify::Notice;
use crate::backend::store::{Move, NewEnding, NewNotice, PendingEndingRow, RegistrationRow};
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::ending::{ends_on, telling, Telling};
use crate::domain::registration::status::{EndReason, Status};

/// The longest note staff write about an ending.
const MAX_NOTE: usize = 200;

/// The particulars of an ending, sealed with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct EndingDetails {
    /// How staff verified it (empty when the person reported work).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_meets_dibao: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_rule: Option<String>,
    /// How the person confirmed an announced ending, when they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_confirmed: Option<String>,
}

/// What the person reads once it has ended.
fn ended_notice(reason: EndReason) -> Notice {
    Notice {
        title: "您的失业登记已注销".into(),
        body: format!(
            "注销原因：{}。如有疑问，请联系办理机构。以后仍未就业的，可以重新申请失业登记。",
            reason.label()
        ),
        link: "/registration".into(),
    }
}

/// A staff member's note on an ending, trimmed: `ask` says what to write when it is missing.
pub(crate) fn staff_note(field: &str, label: &str, note: &str, ask: &str) -> Result<String, Error> {
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::invalid_field(field, format!("{label}：{ask}")));
    }
    if note.chars().count() > MAX_NOTE {
        return Err(Error::invalid_field(
            field,
            format!("{label}：最多{MAX_NOTE}个字，请删减"),
        ));
    }
    Ok(note.to_owned())
}

impl Registrations {
    /// The days between telling the person and ending for reason 4, 5 or 6a.
    pub fn ending_notice_days(&self) -> u32 {
        self.ending_notice_days
    }

    fn seal_details(&self, details: &EndingDetails) -> Result<String, Error> {
        let json = serde_json::to_string(details).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(self.auth.vault().seal(Field::Ending, &json))
    }

    /// The notices an ending for `reason` sends as it takes effect (none where the notice
    /// exempts it).
    pub(crate) async fn ended_notices(&self, row: &RegistrationRow, reason: EndReason, now: i64) -> Vec<NewNotice> {
        match telling(reason) {
            Telling::None => Vec::new(),
            _ => vec![self.notice_for(row, &ended_notice(reason), now).await],
        }
    }

    /// Ends an open registration (注销) for a reason, with its particulars and the notices that
    /// tell of it; `Ok(false)` when it changed meanwhile. The person reporting work, staff and
    /// the end of a notice period all end one this way.
    pub(crate) async fn end(
        &self,
        row: &RegistrationRow,
        reason: EndReason,
        on: Ymd,
        (actor, now): (&str, i64),
        notices: &[NewNotice],
        details: &EndingDetails,
    ) -> Result<bool, Error> {
        let details_enc = self.seal_details(details)?;
        let ending = NewEnding {
            registration_id: &row.id,
            reason: reason.code(),
            details_enc: &details_enc,
            recorded_by: actor,
            now,
        };
        let moved = self
            .store
            .move_registration(&Move {
                id: &row.id,
                from: &row.status,
                to: Status::Ended.as_str(),
                registered_on: None,
                decided_on: None,
                refusal_reason: None,
                end_reason: Some(reason.code()),
                ended_on: Some(&on.iso()),
                closes: true,
                now,
                actor,
                note: reason.code(),
                event_id: &time_ordered_id(now),
                notices,
                ending: Some(&ending),
            })
            .await?;
        if moved && !notices.is_empty() {
            self.notifier.send_soon();
        }
        Ok(moved)
    }

    /// Tells the person they meet the condition of `reason` (4, 5, 6a) and that the
    /// registration ends after the notice period; the day it ends.
    pub(crate) async fn announce_end(
        &self,
        row: &RegistrationRow,
        reason: EndReason,
        today: Ymd,
        (actor, now): (&str, i64),
        details: &EndingDetails,
    ) -> Result<Ymd, Error> {
        let day = ends_on(today, self.ending_notice_days);
        let notice = Notice {
            title: "您符合注销失业登记的条件".into(),
            body: format!(
                "经服务机构核实，您符合注销失业登记的条件：{}。如无异议，您的失业登记将于{}注销；如有异议，请在此之前联系办理机构。",
                reason.label(),
                day.iso()
            ),
            link: "/registration".into(),
        };
        let pending = PendingEndingRow {
            registration_id: row.id.clone(),
            reason: reason.code().to_owned(),
            details_enc: self.seal_details(details)?,
            recorded_by: actor.to_owned(),
            announced_on: today.iso(),
            ends_on: day.iso(),
        };
        let notices = [self.notice_for(row, &notice, now).await];
        let event_id = time_ordered_id(now);
        if !self
            .store
            .announce_ending(&pending, (&event_id, actor, now), &notices)
            .await?
        {
            return Err(Error::Conflict(
                "这份登记已告知过拟注销，或刚被其他人处理过，请刷新后再看。".into(),
            ));
        }
        self.notifier.send_soon();
        Ok(day)
    }

    /// The ending announced for a registration, if one waits.
    pub(crate) async fn pending_ending(&self, row: &RegistrationRow) -> Result<Option<PendingEnding>, Error> {
        let Some(p) = self.store.pending_ending(&row.id).await? else {
            return Ok(None);
        };
        let reason = EndReason::parse(&p.reason).ok_or_else(|| Error::Internal("pending reason".into()))?;
        Ok(Some(PendingEnding {
            reason,
            reason_label: reason.label().to_owned(),
            announced_on: p.announced_on,
            ends_on: p.ends_on,
        }))
    }

    /// A registration's ending as kept, in words for staff.
    pub(crate) async fn ending_view(&self, row: &RegistrationRow) -> Result<Option<EndingView>, Error> {
        let Some((reason, details_enc, recorded_by)) = self.store.ending(&row.id).await? else {
            return Ok(None);
        };
        let reason = EndReason::parse(&reason).ok_or_else(|| Error::Internal("ending reason".into()))?;
        let d = self.open_details(&details_enc);
        let recorded_by = match recorded_by.strip_prefix("staff:") {
            Some(id) => match self.store.staff_by_id(id).await? {
                Some(s) => format!("工作人员 {}", s.username),
                None => "工作人员".to_owned(),
            },
            None if recorded_by == "person" => "本人报告".to_owned(),
            None => "告知期满自动注销".to_owned(),
        };
        let yes_no = |b: bool| if b { "是" } else { "否" }.to_owned();
        let particulars = [
            ("用人单位或经营项目", d.employer),
            ("开始工作日期", d.started_on),
            ("月收入不低于当地最低生活保障标准", d.income_meets_dibao.map(yes_no)),
            ("当地规定的情形", d.local_rule),
            ("核实情况", Some(d.verified).filter(|v| !v.is_empty())),
            ("本人确认", d.person_confirmed),
        ]
        .into_iter()
        .filter_map(|(label, value)| Some((label.to_owned(), value?)))
        .collect();
        Ok(Some(EndingView {
            reason,
            reason_label: reason.label().to_owned(),
            recorded_by,
            particulars,
        }))
    }

    /// The particulars sealed with an ending; none readable, none shown.
    fn open_details(&self, details_enc: &str) -> EndingDetails {
        self.auth
            .vault()
            .open(Field::Ending, details_enc)
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// Ends an announced registration now: its day has come, or the person confirmed.
    async fn end_announced(
        &self,
        row: &RegistrationRow,
        p: &PendingEndingRow,
        today: Ymd,
        (actor, now): (&str, i64),
        person_confirmed: Option<String>,
    ) -> Result<bool, Error> {
        let reason = EndReason::parse(&p.reason).ok_or_else(|| Error::Internal("pending reason".into()))?;
        let mut details = self.open_details(&p.details_enc);
        details.person_confirmed = person_confirmed;
        let notices = self.ended_notices(row, reason, now).await;
        self.end(row, reason, today, (actor, now), &notices, &details).await
    }

    /// Staff record that the person confirmed an announced ending: it ends today (audited).
    pub async fn confirm_ending(
        &self,
        staff: &StaffSession,
        reference: &str,
        note: &str,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<(), Error> {
        let note = staff_note(
            "note",
            "本人确认情况",
            note,
            "请写明，例如“电话联系本人，本人确认已入学”",
        )?;
        let row = self.in_scope(staff, reference).await?;
        let pending = self
            .store
            .pending_ending(&row.id)
            .await?
            .ok_or_else(|| Error::Conflict("这份登记没有待生效的注销。".into()))?;
        let actor = format!("staff:{}", staff.staff_id);
        if !self
            .end_announced(&row, &pending, today, (&actor, now), Some(note.clone()))
            .await?
        {
            return Err(Error::Conflict("这份登记刚被其他人处理过，请刷新后再看。".into()));
        }
        self.auth
            .audit(staff, "end_confirmed", &row.reference, client, &note, now)
            .await
    }

    /// Staff withdraw an announced ending (the person objected and it was checked again); the
    /// person is told the registration stays (audited).
    pub async fn withdraw_ending(
        &self,
        staff: &StaffSession,
        reference: &str,
        note: &str,
        client: &str,
        now: i64,
    ) -> Result<(), Error> {
        let note = staff_note("note", "撤销原因", note, "请写明，例如“本人提出异议，经核实仍能工作”")?;
        let row = self.in_scope(staff, reference).await?;
        let notice = Notice {
            title: "拟注销已撤销".into(),
            body: "服务机构撤销了对您失业登记的拟注销，您的失业登记继续有效。".into(),
            link: "/registration".into(),
        };
        let notices = [self.notice_for(&row, &notice, now).await];
        let actor = format!("staff:{}", staff.staff_id);
        let event_id = time_ordered_id(now);
        if !self
            .store
            .withdraw_ending(&row.id, (&event_id, &actor, &note, now), &notices)
            .await?
        {
            return Err(Error::Conflict("这份登记没有待生效的注销。".into()));
        }
        self.notifier.send_soon();
        self.auth
            .audit(staff, "end_withdrawn", &row.reference, client, &note, now)
            .await
    }

    /// One round of the notice periods that are over: each such registration ends (the first
    /// app server to move it does; the others find it moved). How many ended.
    pub async fn end_due(&self, today: Ymd, now: i64) -> Result<usize, Error> {
        let mut ended = 0;
        for p in self.store.due_endings(&today.iso(), 100).await? {
            let row = self.store.registration_by_id(&p.registration_id).await?;
            // Ended on its day, even when no server ran a round that day.
            let on = Ymd::parse_iso(&p.ends_on).unwrap_or(today).min(today);
            let moved = match row {
                Some(row) if row.status == Status::Registered.as_str() => {
                    self.end_announced(&row, &p, on, ("system", now), None).await?
                }
                _ => false,
            };
            if moved {
                ended += 1;
            } else {
                self.store.drop_stale_ending(&p.registration_id).await?;
            }
        }
        Ok(ended)
    }
}
