//! The draft: saved a page at a time (even with problems: nothing typed is lost), each page
//! checked by the shared checks and against the server's lists, resumed where it stopped.

use std::collections::HashMap;

use super::Registrations;
use crate::api::institutions::{Institution, InstitutionFilter};
use crate::api::registration::DraftView;
use crate::api::FieldError;
use crate::backend::auth::Session;
use crate::backend::store::DraftRow;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::institution::{Level, Service};
use crate::domain::registration::check::{self, answer, Context, DoneSteps, Problem};
use crate::domain::registration::steps::{self, Kind, Step, OUTSIDE_HUNAN, STEPS};
use crate::domain::registration::{eligibility, Answers};

/// Where a saved page leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// The next page's slug, or `check`.
    Next(String),
    /// The eligibility answers rule registering out: say why and what to do instead.
    NotEligible,
}

/// Where drafts saved before migration 0013 kept their saved pages: among the answers. Such a
/// draft moves them to their column when next saved.
const OLD_DONE_KEY: &str = "_done";

/// A draft as the person left it.
struct Draft {
    answers: Answers,
    done: DoneSteps,
}

/// Every page's problems (the shared checks and the server's lists), checked once per request
/// and read by all that follows: the pages marked saved, the page to resume at, the problems
/// shown.
struct Checked(HashMap<&'static str, Vec<Problem>>);

impl Checked {
    fn of(&self, step: &Step) -> &[Problem] {
        self.0.get(step.slug).map(Vec::as_slice).unwrap_or_default()
    }

    /// The first page not saved, or with a problem now; `None` when all are done.
    fn next(&self, done: &DoneSteps) -> Option<&'static Step> {
        check::first_unfinished(done, |s| !self.of(s).is_empty())
    }
}

/// The handling institution's division for the chosen place (户籍地 or 常住地).
fn place_division(answers: &Answers) -> &str {
    match answer(answers, "place_kind") {
        "household" => answer(answers, "household_division"),
        _ => answer(answers, "residence_division"),
    }
}

/// The draft as the API shows it: the page to resume at, and the problems of the pages saved
/// and of the page the person is sent back to.
fn view(draft: Draft, checked: &Checked) -> DraftView {
    let Draft { answers, done } = draft;
    let next = checked.next(&done);
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
        if sent_back || done.contains(step.slug) {
            problems.extend(checked.of(step).iter().cloned());
        }
    }
    DraftView {
        next_step: next.map_or("check", |s| s.slug).to_owned(),
        answers,
        problems: problems.into_iter().map(FieldError::from).collect(),
    }
}

impl Registrations {
    /// Today and the person's date of birth: from their document's number, or the one they
    /// stated with a pass (none yet: they state their document first).
    pub async fn context(&self, person_id: &str, today: Ymd) -> Result<Context, Error> {
        let identity = self.auth.identity(person_id).await?;
        Ok(Context {
            today,
            birth: identity.and_then(|i| i.birth_date()),
        })
    }

    /// The draft, started with the phone the person signed in with.
    async fn draft(&self, session: &Session) -> Result<Draft, Error> {
        let Some(row) = self.store.draft(&session.person_id).await? else {
            return Ok(Draft {
                answers: Answers::from([("phone".to_owned(), session.phone.as_str().to_owned())]),
                done: DoneSteps::default(),
            });
        };
        let mut answers = self.open(&row.answers_enc)?;
        let done = match answers.remove(OLD_DONE_KEY) {
            Some(old) if row.done_steps.is_empty() => DoneSteps::parse(&old),
            _ => DoneSteps::parse(&row.done_steps),
        };
        Ok(Draft { answers, done })
    }

    async fn save_draft(&self, person_id: &str, draft: &Draft, now: i64) -> Result<(), Error> {
        let row = DraftRow {
            answers_enc: self.seal(&draft.answers)?,
            done_steps: draft.done.stored(),
        };
        Ok(self.store.save_draft(person_id, &row, now).await?)
    }

    pub async fn draft_view(&self, session: &Session, today: Ymd) -> Result<DraftView, Error> {
        let draft = self.draft(session).await?;
        let cx = self.context(&session.person_id, today).await?;
        let checked = self.check_all(&draft.answers, cx).await?;
        Ok(view(draft, &checked))
    }

    async fn check_all(&self, answers: &Answers, cx: Context) -> Result<Checked, Error> {
        let mut found = HashMap::new();
        for step in STEPS {
            found.insert(step.slug, self.check_page(step, answers, cx).await?);
        }
        Ok(Checked(found))
    }

    /// The shared checks, plus what only the server can know (the division and office lists).
    pub(super) async fn check_page(&self, step: &Step, answers: &Answers, cx: Context) -> Result<Vec<Problem>, Error> {
        let mut problems = check::check_step(step, answers, cx);
        for field in step.fields {
            let value = answer(answers, field.name);
            if value.is_empty() || problems.iter().any(|p| p.field == field.anchor()) {
                continue;
            }
            let problem = match field.kind {
                Kind::Division if value != OUTSIDE_HUNAN => {
                    let known = self.directory.division(value).await?;
                    known
                        .is_none()
                        .then(|| format!("{}：请从列表中选择县市区", field.label))
                }
                Kind::Township { county } => {
                    let county = answer(answers, county);
                    let known = if county.len() == 6 {
                        self.directory.child_divisions(county).await?
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
        let mut draft = self.draft(session).await?;
        for field in step.fields {
            for name in field.answer_names() {
                // A radio or checkbox left empty is not posted: it is an empty answer.
                match posted.get(&name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                    Some(v) => draft.answers.insert(name, v.to_owned()),
                    None => draft.answers.remove(&name),
                };
            }
        }
        let cx = self.context(&session.person_id, today).await?;
        let checked = self.check_all(&draft.answers, cx).await?;
        let problems = checked.of(step);
        if problems.is_empty() {
            draft.done.mark(slug);
        }
        self.save_draft(&session.person_id, &draft, now).await?;
        if !problems.is_empty() {
            return Err(problems.to_vec().into());
        }
        if slug == steps::ELIGIBILITY && !eligibility::assess(&draft.answers, cx.birth, today).is_empty() {
            return Ok(Saved::NotEligible);
        }
        Ok(Saved::Next(
            checked.next(&draft.done).map_or("check", |s| s.slug).to_owned(),
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
        let mut draft = self.draft(session).await?;
        let known = |name: &str| {
            STEPS.iter().flat_map(|s| s.fields).any(|f| match f.kind {
                Kind::Date => name
                    .strip_prefix(f.name)
                    .is_some_and(|r| ["_year", "_month", "_day"].contains(&r)),
                _ => f.name == name,
            })
        };
        if let Some(unknown) = update.keys().find(|k| !known(k)) {
            return Err(Error::invalid_field(
                unknown,
                format!("{unknown}：没有这一项，请对照登记表的字段名"),
            ));
        }
        for (k, v) in update {
            if v.trim().is_empty() {
                draft.answers.remove(k);
            } else {
                draft.answers.insert(k.clone(), v.trim().to_owned());
            }
        }
        let cx = self.context(&session.person_id, today).await?;
        let checked = self.check_all(&draft.answers, cx).await?;
        // A page counts as answered once any of its fields is sent (an empty string skips an
        // optional one) and it has no problem.
        for step in STEPS {
            let touched = step
                .fields
                .iter()
                .any(|f| f.answer_names().iter().any(|n| update.contains_key(n)));
            if touched && checked.of(step).is_empty() {
                draft.done.mark(step.slug);
            }
        }
        self.save_draft(&session.person_id, &draft, now).await?;
        Ok(view(draft, &checked))
    }
}
