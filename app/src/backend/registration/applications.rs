//! The person's application: submitted once, shown with where it stands, ended when they
//! report work, confirmed month by month.

use super::endings::EndingDetails;
use super::Registrations;
use crate::api::institutions::Institution;
use crate::api::registration::{EventView, OfficeView, RegistrationView, SubmitRequest};
use crate::backend::auth::Session;
use crate::backend::clock::{time_ordered_id, Now};
use crate::backend::crypto::random_token;
use crate::backend::statistics::facts_of;
use crate::backend::store::{NewRegistration, RegistrationRow};
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::name::PersonName;
use crate::domain::registration::check::{answer, Context, Problem};
use crate::domain::registration::codes::label_of;
use crate::domain::registration::confirmation::STAFF_RESULTS;
use crate::domain::registration::status::{self, EndReason, Status};
use crate::domain::registration::steps::STEPS;
use crate::domain::registration::{codes, declaration, eligibility};

fn new_reference() -> String {
    // 256 is a multiple of 32: every character is equally likely.
    status::reference_from(rand::random())
}

/// What an event says: to the person (您…) or to staff (申请人…).
fn event_words(kind: &str, note: &str, to_person: bool) -> String {
    let who = if to_person { "您" } else { "申请人" };
    match (Status::parse(kind), kind) {
        (Some(Status::Submitted), _) if note == "hall" => format!("{who}在服务大厅由工作人员协助提交了失业登记申请"),
        (Some(Status::Submitted), _) => format!("{who}提交了失业登记申请"),
        (Some(Status::Accepted), _) => "服务机构受理了申请".into(),
        (Some(Status::Registered), _) => "失业登记完成".into(),
        (Some(Status::Refused), _) => format!("不予登记：{note}"),
        (Some(Status::Ended), _) => format!("失业登记注销：{}", EndReason::parse(note).map_or(note, |r| r.label())),
        (None, "transferred") => format!("申请转至{note}"),
        (None, "end_announced") => format!(
            "告知符合注销条件：{}（期满未撤销即注销）",
            EndReason::parse(note).map_or(note, |r| r.label())
        ),
        (None, "end_withdrawn") if to_person => "服务机构撤销了拟注销，您的失业登记继续有效".into(),
        (None, "end_withdrawn") => format!("撤销拟注销：{note}"),
        (None, "confirmation") => format!(
            "就业失业动态确认：{}",
            codes::label_of(codes::MONTHLY_ANSWERS, note).unwrap_or(note)
        ),
        // `电话:looking`: how staff checked, and what they found.
        (None, "staff_check" | "contact_attempt") => {
            let (method, result) = note.split_once(':').unwrap_or((note, ""));
            let found = label_of(STAFF_RESULTS, result).unwrap_or(result);
            format!("就业失业动态确认（工作人员{method}）：{found}")
        }
        _ => kind.to_owned(),
    }
}

impl Registrations {
    /// The application's history, oldest first, in words for the person or for staff.
    pub(super) async fn history(&self, registration_id: &str, to_person: bool) -> Result<Vec<EventView>, Error> {
        Ok(self
            .store
            .registration_events(registration_id)
            .await?
            .into_iter()
            .map(|e| EventView {
                at: crate::backend::rfc3339(e.at),
                what: event_words(&e.kind, &e.note, to_person),
            })
            .collect())
    }

    /// After a decision or a transfer: the person's notice goes out, or, when the application
    /// changed meanwhile, staff are told to look again.
    pub(super) fn sent_unless_changed(&self, applied: bool) -> Result<(), Error> {
        if !applied {
            return Err(Error::Conflict("这份申请刚被其他人处理过，请刷新后再看。".into()));
        }
        self.notifier.send_soon();
        Ok(())
    }
}

/// The office as the person and staff see it.
pub(super) fn office_view(office: Institution) -> OfficeView {
    OfficeView {
        code: office.code,
        name: office.name,
        address: office.address,
        phones: office.phones,
        demo: office.demo,
    }
}

impl Registrations {
    /// Every check again, then exactly one application per idempotency key, and at most one
    /// open application per person (the database decides both).
    pub async fn submit(
        &self,
        session: &Session,
        req: &SubmitRequest,
        today: Ymd,
        now: i64,
    ) -> Result<RegistrationView, Error> {
        let (accepted, signature, version) = (
            req.declaration_accepted,
            req.signature.as_str(),
            req.declaration_version.as_str(),
        );
        let key = req.idempotency_key.trim();
        if key.is_empty() || key.len() > 100 {
            return Err(Error::invalid_field(
                "idempotency_key",
                "idempotency_key：请为每次提交提供1到100个字符的键",
            ));
        }
        if let Some(done) = self.store.registration_by_key(&session.person_id, key).await? {
            return self.view(done, today).await;
        }
        let identity = self
            .auth
            .identity(&session.person_id)
            .await?
            .ok_or_else(|| Error::Conflict("请先在“我的账户”登记您的证件，再提交失业登记。".into()))?;
        if identity.birth_date().is_none() {
            // Without it the age rule could not apply (a pass stated before it was asked).
            return Err(Error::Conflict(
                "请先在“我的账户”补充出生日期（通行证上没有出生日期），再提交失业登记。".into(),
            ));
        }
        self.refuse_if_open(&session.person_id).await?;
        let Some(draft) = self.store.draft(&session.person_id).await? else {
            // A concurrent submit may have just turned the draft into an application.
            self.refuse_if_open(&session.person_id).await?;
            return Err(Error::Conflict(
                "还没有填写登记表，请先从“办理失业登记”开始填写。".into(),
            ));
        };
        let answers = self.open(&draft.answers_enc)?;
        let cx = Context {
            today,
            birth: identity.birth_date(),
        };
        if !eligibility::assess(&answers, cx.birth, today).is_empty() {
            return Err(Error::invalid_field(
                "able_to_work",
                "办理条件：按您的回答，目前不能办理失业登记，请返回第一页查看原因",
            ));
        }
        let mut problems = Vec::new();
        for step in STEPS {
            problems.extend(self.check_page(step, &answers, cx).await?);
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        let mut declaration_problems = Vec::new();
        if version != declaration::VERSION {
            return Err(Error::Conflict("承诺书已更新，请重新阅读后再提交。".into()));
        }
        if !accepted {
            declaration_problems.push(Problem {
                field: "agree".into(),
                message: "本人承诺：请阅读承诺内容，并勾选“我已阅读并承诺”".into(),
            });
        }
        let name = PersonName::parse(answer(&answers, "name")).map_err(|m| Error::invalid_field("name", m))?;
        if PersonName::parse(signature).ok().as_ref() != Some(&name) {
            declaration_problems.push(Problem {
                field: "signature".into(),
                message: "签名：请输入您的姓名，要与前面填写的姓名一致".into(),
            });
        }
        if !declaration_problems.is_empty() {
            return Err(declaration_problems.into());
        }
        let office = self.directory.get(answer(&answers, "office")).await?;
        let community_code = self.store.urban_rural_code(&office.division_code).await?;
        let facts = facts_of(&identity, &answers, &office.division_code, community_code.as_deref());
        let id = random_token();
        let sealed = self.seal(&answers)?;
        for _ in 0..3 {
            let reference = new_reference();
            let new = NewRegistration {
                id: &id,
                reference: &reference,
                person_id: &session.person_id,
                idempotency_key: key,
                answers_enc: &sealed,
                institution_code: &office.code,
                division_code: &office.division_code,
                place_kind: answer(&answers, "place_kind"),
                declaration_version: declaration::VERSION,
                declaration_text: &declaration::text(),
                assisted_by: session.assisted_by.as_deref(),
                now,
                today: &today.iso(),
                facts: &facts,
            };
            if self.store.insert_registration(&new, &time_ordered_id(now)).await? {
                let row = self.store.registration_by_key(&session.person_id, key).await?;
                return self.view(row.ok_or(Error::NotFound)?, today).await;
            }
            // Refused by a UNIQUE rule: the same key submitted concurrently, another open
            // application, or (rarely) a reference already taken.
            if let Some(done) = self.store.registration_by_key(&session.person_id, key).await? {
                return self.view(done, today).await;
            }
            self.refuse_if_open(&session.person_id).await?;
        }
        Err(Error::Internal("no free reference after 3 tries".into()))
    }

    /// Keeps the statistics' facts of registrations submitted before they were kept at
    /// submission, and the day of refusals decided before that day was kept; how many.
    pub async fn keep_missing_facts(&self) -> Result<usize, Error> {
        let mut n = 0;
        loop {
            let rows = self.store.registrations_without_facts(500).await?;
            if rows.is_empty() {
                break;
            }
            for (id, person_id, sealed, office) in rows {
                let answers = self.open(&sealed)?;
                let identity = self.auth.identity(&person_id).await?.ok_or(Error::NotFound)?;
                let division = self.directory.get(&office).await?.division_code;
                let community_code = self.store.urban_rural_code(&division).await?;
                let facts = facts_of(&identity, &answers, &division, community_code.as_deref());
                self.store.add_facts(&id, &facts).await?;
                n += 1;
            }
        }
        for (id, decided_at) in self.store.refusals_without_day().await? {
            self.store
                .set_decided_on(&id, &Now::from_unix(decided_at).today().iso())
                .await?;
        }
        Ok(n)
    }

    /// The person's newest application, if any.
    /// `today` decides whether this month's confirmation is due.
    pub async fn current(&self, person_id: &str, today: Ymd) -> Result<Option<RegistrationView>, Error> {
        match self.store.latest_registration(person_id).await? {
            Some(row) => Ok(Some(self.view(row, today).await?)),
            None => Ok(None),
        }
    }

    async fn view(&self, row: RegistrationRow, today: Ymd) -> Result<RegistrationView, Error> {
        let status = Status::parse(&row.status).ok_or_else(|| Error::Internal(format!("status {}", row.status)))?;
        let answers = self.open(&row.answers_enc)?;
        let office = self.directory.get(&row.institution_code).await?;
        let submitted_on = Ymd::parse_iso(&row.submitted_on).ok_or_else(|| Error::Internal("submitted_on".into()))?;
        let registered_on = row.registered_on.as_deref().and_then(Ymd::parse_iso);
        let end_reason = row.end_reason.as_deref().and_then(EndReason::parse);
        let events = self.history(&row.id, true).await?;
        let confirmed_months: Vec<String> = self
            .store
            .confirmations(&row.id)
            .await?
            .into_iter()
            .map(|c| c.month)
            .collect();
        let this_month = today.year_month();
        let calendar = self.calendar.work_calendar().await?;
        let pending_ending = self.pending_ending(&row).await?;
        Ok(RegistrationView {
            reference: row.reference,
            status,
            status_label: status.label().into(),
            submitted_on: row.submitted_on,
            registered_on: row.registered_on.clone(),
            office: office_view(office),
            next: status::next_step(status, submitted_on, registered_on, &calendar),
            refusal_reason: row.refusal_reason,
            end_reason,
            end_reason_label: end_reason.map(|r| r.label().to_owned()),
            claims_benefit: answer(&answers, "claim_benefit") == "1",
            events,
            confirmation_due: status == Status::Registered && !confirmed_months.contains(&this_month),
            confirmed_months,
            pending_ending,
            made_at_hall: row.assisted_by.is_some(),
        })
    }

    pub(super) async fn open_row(&self, person_id: &str) -> Result<RegistrationRow, Error> {
        match self.store.latest_registration(person_id).await? {
            Some(r) if Status::parse(&r.status).is_some_and(Status::is_open) => Ok(r),
            _ => Err(Error::Conflict("您目前没有有效的失业登记。".into())),
        }
    }

    /// 我找到工作了: ends the registration with reason 1, 2 or 3.
    pub async fn report_work(
        &self,
        session: &Session,
        reason: &str,
        started_on: &str,
        today: Ymd,
        now: i64,
    ) -> Result<RegistrationView, Error> {
        let reason = EndReason::parse(reason)
            .filter(|r| EndReason::FOUND_WORK.contains(r))
            .ok_or_else(|| Error::invalid_field("reason", "工作情况：请选择一项"))?;
        let started = Ymd::parse_iso(started_on.trim())
            .ok_or_else(|| Error::invalid_field("started_on", "开始工作日期：请填写真实的日期，例如 2026-12-01"))?;
        if started > today {
            return Err(Error::invalid_field(
                "started_on",
                "开始工作日期：不能晚于今天；开始工作后再来报告",
            ));
        }
        let row = self.open_row(&session.person_id).await?;
        let details = EndingDetails {
            started_on: Some(started.iso()),
            ..EndingDetails::default()
        };
        if !self.end(&row, reason, started, ("person", now), &[], &details).await? {
            return Err(Error::Conflict("登记状态刚刚发生了变化，请刷新页面后再试。".into()));
        }
        self.current(&session.person_id, today).await?.ok_or(Error::NotFound)
    }
}
