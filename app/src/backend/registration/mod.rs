//! 失业登记, the use cases: save a page of the draft, submit once, show where an application
//! stands, report work, confirm the month; and, for staff, list, read and decide. The REST
//! handlers, the form posts and the pages all call these.

mod services;
mod staff;

use crate::api::institutions::{Institution, InstitutionFilter};
use crate::api::registration::{DraftView, EventView, OfficeView, RegistrationView, SubmitRequest};
use crate::api::FieldError;
use crate::backend::auth::{Auth, Session};
use crate::backend::clock::time_ordered_id;
use crate::backend::crypto::{random_token, Field};
use crate::backend::institutions::Directory;
use crate::backend::notify::Notifier;
use crate::backend::store::{Move, NewNotice, NewRegistration, RegistrationRow, Store};
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::institution::{Level, Service};
use crate::domain::name::PersonName;
use crate::domain::registration::check::{self, answer, Context, Problem};
use crate::domain::registration::status::{self, EndReason, Status};
use crate::domain::registration::steps::{self, Kind, Step, OUTSIDE_HUNAN, STEPS};
use crate::domain::registration::{codes, declaration, eligibility, Answers};

#[derive(Clone)]
pub struct Registrations {
    store: Store,
    auth: Auth,
    directory: Directory,
    notifier: Notifier,
}

/// Where a saved page leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// The next page's slug, or `check`.
    Next(String),
    /// The eligibility answers rule registering out: say why and what to do instead.
    NotEligible,
}

fn invalid(problems: Vec<Problem>) -> Error {
    Error::Invalid(
        problems
            .into_iter()
            .map(|p| FieldError {
                field: p.field,
                message: p.message,
            })
            .collect(),
    )
}

fn one_problem(field: &str, message: impl Into<String>) -> Error {
    invalid(vec![Problem {
        field: field.into(),
        message: message.into(),
    }])
}

fn new_reference() -> String {
    // 256 is a multiple of 32: every character is equally likely.
    status::reference_from(rand::random())
}

/// The handling institution's division for the chosen place (户籍地 or 常住地).
pub fn place_division(answers: &Answers) -> &str {
    match answer(answers, "place_kind") {
        "household" => answer(answers, "household_division"),
        _ => answer(answers, "residence_division"),
    }
}

impl Registrations {
    pub fn new(store: Store, auth: Auth, directory: Directory, notifier: Notifier) -> Registrations {
        Registrations {
            store,
            auth,
            directory,
            notifier,
        }
    }

    fn seal(&self, answers: &Answers) -> Result<String, Error> {
        let json = serde_json::to_string(answers).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(self.auth.vault().seal(Field::Registration, &json))
    }

    fn open(&self, sealed: &str) -> Result<Answers, Error> {
        let json = self
            .auth
            .vault()
            .open(Field::Registration, sealed)
            .map_err(|e| Error::Internal(e.to_string()))?;
        serde_json::from_str(&json).map_err(|e| Error::Internal(e.to_string()))
    }

    /// Today and the birth date from the person's document (none yet: they state it first).
    pub async fn context(&self, person_id: &str, today: Ymd) -> Result<Context, Error> {
        let identity = self.auth.identity(person_id).await?;
        Ok(Context {
            today,
            birth: identity.and_then(|i| i.number.birth_date()),
        })
    }

    /// The draft, started with the phone the person signed in with.
    pub async fn draft(&self, session: &Session) -> Result<Answers, Error> {
        match self.store.draft(&session.person_id).await? {
            Some(sealed) => self.open(&sealed),
            None => Ok(Answers::from([("phone".to_owned(), session.phone.as_str().to_owned())])),
        }
    }

    pub async fn draft_view(&self, session: &Session, today: Ymd) -> Result<DraftView, Error> {
        let answers = self.draft(session).await?;
        let cx = self.context(&session.person_id, today).await?;
        let next = check::first_unfinished(&answers, cx);
        let done = answer(&answers, check::DONE).to_owned();
        let mut problems = Vec::new();
        for step in STEPS {
            // The page the person is sent back to names its problems too, once anything on it
            // is answered: a rule across pages (a date before the 16th birthday) can hold a
            // page back that was never saved without a problem.
            let sent_back = next.is_some_and(|n| n.slug == step.slug)
                && step
                    .fields
                    .iter()
                    .any(|f| f.answer_names().iter().any(|n| answers.contains_key(n)));
            if sent_back || done.split(',').any(|d| d == step.slug) {
                problems.extend(self.check_page(step, &answers, cx).await?);
            }
        }
        Ok(DraftView {
            next_step: next.map_or("check", |s| s.slug).to_owned(),
            answers,
            problems: problems
                .into_iter()
                .map(|p| FieldError {
                    field: p.field,
                    message: p.message,
                })
                .collect(),
        })
    }

    /// The shared checks, plus what only the server can know (the division and office lists).
    async fn check_page(&self, step: &Step, answers: &Answers, cx: Context) -> Result<Vec<Problem>, Error> {
        let mut problems = check::check_step(step, answers, cx);
        for field in step.fields {
            let value = answer(answers, field.name);
            if value.is_empty() || problems.iter().any(|p| p.field == field.anchor()) {
                continue;
            }
            let problem = match field.kind {
                Kind::Division if value != OUTSIDE_HUNAN => {
                    let known = self.store.known_division_codes(&[value.to_owned()]).await?;
                    known
                        .is_empty()
                        .then(|| format!("{}：请从列表中选择县市区", field.label))
                }
                Kind::Township { county } => {
                    let county = answer(answers, county);
                    let known = if county.len() == 6 {
                        self.store.child_divisions(county).await?
                    } else {
                        Vec::new()
                    };
                    (!known.is_empty() && !known.iter().any(|d| d.code == value))
                        .then(|| format!("{}：请从列表中选择", field.label))
                }
                Kind::Office => {
                    let offices = self.offices(answers).await?;
                    (!offices.iter().any(|o| o.code == value))
                        .then(|| format!("{}：请从列出的机构中选择一个", field.label))
                }
                _ => None,
            };
            if let Some(message) = problem {
                problems.push(Problem {
                    field: field.anchor(),
                    message,
                });
            }
        }
        if step.slug == "place" && place_division(answers) == OUTSIDE_HUNAN {
            problems.push(Problem {
                field: "place_kind".into(),
                message: "登记地：您的户籍在湖南省外，请选择在常住地办理，或到户籍地所在省份办理".into(),
            });
        }
        Ok(problems)
    }

    /// The institutions that handle 失业登记 in the chosen place's county, the most local
    /// first (社区/村, then 乡镇/街道, then the county and the city).
    pub async fn offices(&self, answers: &Answers) -> Result<Vec<Institution>, Error> {
        let division = place_division(answers);
        if division.is_empty() || division == OUTSIDE_HUNAN {
            return Ok(Vec::new());
        }
        let mut found = self
            .directory
            .list(&InstitutionFilter {
                division: Some(division.to_owned()),
                level: None,
                service: Some(Service::UnemploymentRegistration),
                q: None,
                limit: 200,
            })
            .await?;
        // The city's own offices serve its counties too.
        if found.is_empty() {
            found = self
                .directory
                .list(&InstitutionFilter {
                    division: Some(format!("{}00", &division[..4])),
                    level: Some(Level::Prefecture),
                    service: Some(Service::UnemploymentRegistration),
                    q: None,
                    limit: 20,
                })
                .await?;
        }
        // Those in the person's own 乡镇（街道） first, then the most local.
        let township = match answer(answers, "place_kind") {
            "household" => answer(answers, "household_township"),
            _ => answer(answers, "residence_township"),
        };
        found.sort_by_key(|i| {
            let own = township.len() == 9 && i.division_code.starts_with(township);
            (!own, std::cmp::Reverse(i.level.division_code_len()))
        });
        Ok(found)
    }

    /// Saves one page's answers (even with problems: nothing typed is lost), then checks them.
    /// `Err(Invalid)` lists the page's problems; the answers are saved all the same.
    pub async fn save_page(
        &self,
        session: &Session,
        slug: &str,
        posted: &Answers,
        today: Ymd,
        now: i64,
    ) -> Result<Saved, Error> {
        let step = steps::step(slug).ok_or(Error::NotFound)?;
        self.refuse_if_open(&session.person_id).await?;
        let mut answers = self.draft(session).await?;
        for field in step.fields {
            for name in field.answer_names() {
                // A radio or checkbox left empty is not posted: it is an empty answer.
                match posted.get(&name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                    Some(v) => answers.insert(name, v.to_owned()),
                    None => answers.remove(&name),
                };
            }
        }
        let cx = self.context(&session.person_id, today).await?;
        let problems = self.check_page(step, &answers, cx).await?;
        if problems.is_empty() {
            check::mark_done(&mut answers, slug);
        }
        self.store
            .save_draft(&session.person_id, &self.seal(&answers)?, now)
            .await?;
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        if slug == steps::ELIGIBILITY && !eligibility::assess(&answers, cx.birth, today).is_empty() {
            return Ok(Saved::NotEligible);
        }
        Ok(Saved::Next(
            check::first_unfinished(&answers, cx)
                .map_or("check", |s| s.slug)
                .to_owned(),
        ))
    }

    /// Merges answers from the API into the draft (an empty string removes one).
    pub async fn update_draft(
        &self,
        session: &Session,
        update: &Answers,
        today: Ymd,
        now: i64,
    ) -> Result<DraftView, Error> {
        self.refuse_if_open(&session.person_id).await?;
        let mut answers = self.draft(session).await?;
        let known = |name: &str| {
            STEPS.iter().flat_map(|s| s.fields).any(|f| match f.kind {
                Kind::Date => name
                    .strip_prefix(f.name)
                    .is_some_and(|r| ["_year", "_month", "_day"].contains(&r)),
                _ => f.name == name,
            })
        };
        if let Some(unknown) = update.keys().find(|k| !known(k)) {
            return Err(one_problem(
                unknown,
                format!("{unknown}：没有这一项，请对照登记表的字段名"),
            ));
        }
        for (k, v) in update {
            if v.trim().is_empty() {
                answers.remove(k);
            } else {
                answers.insert(k.clone(), v.trim().to_owned());
            }
        }
        let cx = self.context(&session.person_id, today).await?;
        // A page counts as answered once any of its fields is sent (an empty string skips an
        // optional one) and it has no problem.
        for step in STEPS {
            let touched = step
                .fields
                .iter()
                .any(|f| f.answer_names().iter().any(|n| update.contains_key(n)));
            if touched && self.check_page(step, &answers, cx).await?.is_empty() {
                check::mark_done(&mut answers, step.slug);
            }
        }
        self.store
            .save_draft(&session.person_id, &self.seal(&answers)?, now)
            .await?;
        self.draft_view(session, today).await
    }

    /// The person with an open application works on it, not on a new draft.
    async fn refuse_if_open(&self, person_id: &str) -> Result<(), Error> {
        match self.store.latest_registration(person_id).await? {
            Some(r) if Status::parse(&r.status).is_some_and(Status::is_open) => Err(Error::Conflict(format!(
                "您已有一份失业登记（受理编号 {}），不能重复申请；可在“我的登记”查看进度。",
                r.reference
            ))),
            _ => Ok(()),
        }
    }

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
            return Err(one_problem(
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
        self.refuse_if_open(&session.person_id).await?;
        let Some(sealed) = self.store.draft(&session.person_id).await? else {
            // A concurrent submit may have just turned the draft into an application.
            self.refuse_if_open(&session.person_id).await?;
            return Err(Error::Conflict(
                "还没有填写登记表，请先从“办理失业登记”开始填写。".into(),
            ));
        };
        let answers = self.open(&sealed)?;
        let cx = Context {
            today,
            birth: identity.number.birth_date(),
        };
        if !eligibility::assess(&answers, cx.birth, today).is_empty() {
            return Err(one_problem(
                "able_to_work",
                "办理条件：按您的回答，目前不能办理失业登记，请返回第一页查看原因",
            ));
        }
        let mut problems = Vec::new();
        for step in STEPS {
            problems.extend(self.check_page(step, &answers, cx).await?);
        }
        if !problems.is_empty() {
            return Err(invalid(problems));
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
        let name = PersonName::parse(answer(&answers, "name")).map_err(|m| one_problem("name", m))?;
        if PersonName::parse(signature).ok().as_ref() != Some(&name) {
            declaration_problems.push(Problem {
                field: "signature".into(),
                message: "签名：请输入您的姓名，要与前面填写的姓名一致".into(),
            });
        }
        if !declaration_problems.is_empty() {
            return Err(invalid(declaration_problems));
        }
        let office = self.directory.get(answer(&answers, "office")).await?;
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
                now,
                today: &today.iso(),
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
        let events = self
            .store
            .registration_events(&row.id)
            .await?
            .into_iter()
            .map(|e| EventView {
                at: crate::backend::rfc3339(e.at),
                what: event_words(&e.kind, &e.note),
            })
            .collect();
        let confirmed_months: Vec<String> = self
            .store
            .confirmations(&row.id)
            .await?
            .into_iter()
            .map(|(month, _)| month)
            .collect();
        let this_month = today.iso()[..7].to_owned();
        Ok(RegistrationView {
            reference: row.reference,
            status,
            status_label: status.label().into(),
            submitted_on: row.submitted_on,
            registered_on: row.registered_on.clone(),
            office: OfficeView {
                code: office.code,
                name: office.name,
                address: office.address,
                phones: office.phones,
                demo: office.demo,
            },
            next: status::next_step(status, submitted_on, registered_on),
            refusal_reason: row.refusal_reason,
            end_reason,
            end_reason_label: end_reason.map(|r| r.label().to_owned()),
            claims_benefit: answer(&answers, "claim_benefit") == "1",
            events,
            confirmation_due: status == Status::Registered && !confirmed_months.contains(&this_month),
            confirmed_months,
        })
    }

    async fn open_row(&self, person_id: &str) -> Result<RegistrationRow, Error> {
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
            .ok_or_else(|| one_problem("reason", "工作情况：请选择一项"))?;
        let started = Ymd::parse_iso(started_on.trim())
            .ok_or_else(|| one_problem("started_on", "开始工作日期：请填写真实的日期，例如 2026-12-01"))?;
        if started > today {
            return Err(one_problem(
                "started_on",
                "开始工作日期：不能晚于今天；开始工作后再来报告",
            ));
        }
        let row = self.open_row(&session.person_id).await?;
        if !self.end(&row, reason, started, ("person", now), &[]).await? {
            return Err(Error::Conflict("登记状态刚刚发生了变化，请刷新页面后再试。".into()));
        }
        self.current(&session.person_id, today).await?.ok_or(Error::NotFound)
    }

    /// Ends an open registration (注销) for a reason, keeping the notices that tell of it;
    /// `Ok(false)` when it changed meanwhile.
    async fn end(
        &self,
        row: &RegistrationRow,
        reason: EndReason,
        on: Ymd,
        (actor, now): (&str, i64),
        notices: &[NewNotice],
    ) -> Result<bool, Error> {
        Ok(self
            .store
            .move_registration(&Move {
                id: &row.id,
                from: &row.status,
                to: Status::Ended.as_str(),
                registered_on: None,
                refusal_reason: None,
                end_reason: Some(reason.code()),
                ended_on: Some(&on.iso()),
                closes: true,
                now,
                actor,
                note: reason.code(),
                event_id: &time_ordered_id(now),
                notices,
            })
            .await?)
    }

    /// 就业失业动态确认 for this month. "Found work" is reported with `report_work`.
    pub async fn confirm_month(
        &self,
        session: &Session,
        answer: &str,
        today: Ymd,
        now: i64,
    ) -> Result<RegistrationView, Error> {
        if codes::label_of(codes::MONTHLY_ANSWERS, answer).is_none() {
            return Err(one_problem("answer", "本月情况：请选择一项"));
        }
        let row = self.open_row(&session.person_id).await?;
        if row.status != Status::Registered.as_str() {
            return Err(Error::Conflict("登记完成后才需要每月确认。".into()));
        }
        self.store
            .confirm_month(
                &row.id,
                &today.iso()[..7],
                answer,
                "本人报告",
                now,
                &time_ordered_id(now),
            )
            .await?;
        self.current(&session.person_id, today).await?.ok_or(Error::NotFound)
    }
}

/// What an event says to the person.
fn event_words(kind: &str, note: &str) -> String {
    match (Status::parse(kind), kind) {
        (Some(Status::Submitted), _) => "您提交了失业登记申请".into(),
        (Some(Status::Accepted), _) => "服务机构受理了申请".into(),
        (Some(Status::Registered), _) => "失业登记完成".into(),
        (Some(Status::Refused), _) => format!("不予登记：{note}"),
        (Some(Status::Ended), _) => format!("失业登记注销：{}", EndReason::parse(note).map_or(note, |r| r.label())),
        (None, "confirmation") => format!(
            "就业失业动态确认：{}",
            codes::label_of(codes::MONTHLY_ANSWERS, note).unwrap_or(note)
        ),
        _ => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests;
