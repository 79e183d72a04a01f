//! 失业登记, the use cases: save a page of the draft, submit once, show where an application
//! stands, report work, confirm the month; and, for staff, list, read and decide. The REST
//! handlers, the form posts and the pages all call these.

mod applications;
mod confirmations;
mod drafts;
mod endings;
mod staff;

pub use drafts::Saved;
pub(crate) use endings::{staff_note, EndingDetails};
pub use staff::QueueQuery;

use crate::backend::auth::Auth;
use crate::backend::calendar::Calendar;
use crate::backend::crypto::Field;
use crate::backend::institutions::Directory;
use crate::backend::notify::{greeting, Notice, Notifier};
use crate::backend::store::{NewNotice, RegistrationRow, Store};
use crate::backend::Error;
use crate::domain::name::PersonName;
use crate::domain::registration::check::answer;
use crate::domain::registration::status::Status;
use crate::domain::registration::Answers;

#[derive(Clone)]
pub struct Registrations {
    store: Store,
    auth: Auth,
    directory: Directory,
    /// The review deadline a person is shown is counted on it.
    calendar: Calendar,
    /// Tells the person of each decision and transfer.
    notifier: Notifier,
    /// The days between telling the person and ending for reason 4, 5 or 6a.
    ending_notice_days: u32,
}

impl Registrations {
    pub fn new(
        store: Store,
        auth: Auth,
        directory: Directory,
        calendar: Calendar,
        notifier: Notifier,
        ending_notice_days: u32,
    ) -> Registrations {
        Registrations {
            store,
            auth,
            directory,
            calendar,
            notifier,
            ending_notice_days,
        }
    }

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

    /// The notice telling the person, to be written with the change it tells of (a decision,
    /// a transfer here; a service record or an ending in the 311 service).
    pub(crate) async fn notice_for(&self, row: &RegistrationRow, notice: &Notice, now: i64) -> NewNotice {
        let greeting = self.greeting(row).await;
        self.notifier.prepare(&row.person_id, &greeting, notice, now)
    }

    fn seal(&self, answers: &Answers) -> Result<String, Error> {
        let json = serde_json::to_string(answers).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(self.auth.vault().seal(Field::Registration, &json))
    }

    /// The answers of a draft or an application (the 311 service reads the name from them).
    pub(crate) fn open(&self, sealed: &str) -> Result<Answers, Error> {
        let json = self
            .auth
            .vault()
            .open(Field::Registration, sealed)
            .map_err(|e| Error::Internal(e.to_string()))?;
        serde_json::from_str(&json).map_err(|e| Error::Internal(e.to_string()))
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
}

#[cfg(test)]
mod confirmation_tests;
#[cfg(test)]
mod hall_tests;
#[cfg(test)]
mod queue_tests;
#[cfg(test)]
pub(crate) mod tests;
