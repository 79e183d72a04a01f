//! 失业登记, the use cases: save a page of the draft, submit once, show where an application
//! stands, report work, confirm the month; and, for staff, list, read and decide. The REST
//! handlers, the form posts and the pages all call these.

mod applications;
mod drafts;
mod staff;

pub use drafts::Saved;

use crate::api::FieldError;
use crate::backend::auth::Auth;
use crate::backend::calendar::Calendar;
use crate::backend::crypto::Field;
use crate::backend::institutions::Directory;
use crate::backend::store::Store;
use crate::backend::Error;
use crate::domain::registration::check::Problem;
use crate::domain::registration::status::Status;
use crate::domain::registration::Answers;

#[derive(Clone)]
pub struct Registrations {
    store: Store,
    auth: Auth,
    directory: Directory,
    /// The review deadline a person is shown is counted on it.
    calendar: Calendar,
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

impl Registrations {
    pub fn new(store: Store, auth: Auth, directory: Directory, calendar: Calendar) -> Registrations {
        Registrations {
            store,
            auth,
            directory,
            calendar,
        }
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
pub(crate) mod tests;
