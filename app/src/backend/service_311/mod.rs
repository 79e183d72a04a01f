//! The 311 service: employment services given to registered workers. Staff record them for
//! people in their area and follow them up; the worker sees each one and what is still owed,
//! and answers; and the staff confirmation that alone may end a registration for reason 8
//! or 9. Each person is told of what is recorded for them.

mod answers;
mod ending;
mod overview;
mod records;

use std::collections::HashMap;

use crate::api::service_311::{FollowUp, MyServicesView, ServiceRecordView};
use crate::backend::auth::Auth;
use crate::backend::notify::{Notice, Notifier};
use crate::backend::registration::Registrations;
use crate::backend::store::{FollowUpRow, NewNotice, RegistrationRow, ServiceRecordRow, Store};
use crate::backend::{china_date, Error};
use crate::domain::date::Ymd;
use crate::domain::registration::confirmation::reaches_the_person;
use crate::domain::registration::status::Status;
use crate::domain::registration::Answers;
use crate::domain::service_311::{
    answer_label, answers_for, counts_toward_311, is_final, progress, Refusals, Response, ServiceKind, Window,
    CHANNELS, DECLINE_REASONS, STAFF_ANSWER_CHANNELS,
};

/// The longest a piece of content, a note or a follow-up may be.
const MAX_TEXT: usize = 200;

/// Channels on which giving a service means the person was reached.
const CONTACT_CHANNELS: [&str; 3] = ["phone", "on_site", "home_visit"];

fn too_long(field: &str, label: &str) -> Error {
    Error::invalid_field(field, format!("{label}：最多{MAX_TEXT}个字，请删减"))
}

/// What the records say about refusals: oldest first, as they were given.
fn refusals(stored: &[ServiceRecordRow]) -> Refusals {
    let responses: Vec<Response> = stored
        .iter()
        .rev()
        .filter_map(|r| match r.answer.as_deref() {
            Some("declined") => Some(Response::Declined {
                good_reason: r.good_reason.unwrap_or(false),
            }),
            Some(_) => Some(Response::Accepted),
            None => None,
        })
        .collect();
    Refusals::of(&responses)
}

#[derive(Clone)]
pub struct Services311 {
    store: Store,
    auth: Auth,
    notifier: Notifier,
    /// Finds the registrations staff may act on, reads the person's name, ends a registration.
    registrations: Registrations,
}

impl Services311 {
    pub fn new(store: Store, auth: Auth, notifier: Notifier, registrations: Registrations) -> Services311 {
        Services311 {
            store,
            auth,
            notifier,
            registrations,
        }
    }

    /// The 受理编号 of the registration a service record belongs to, if the record exists.
    pub async fn record_reference(&self, id: &str) -> Result<Option<String>, Error> {
        Ok(self.store.service_record_reference(id).await?)
    }

    /// The notice telling the person, to be written with the change it tells of.
    async fn notice_for(&self, row: &RegistrationRow, notice: &Notice, now: i64) -> NewNotice {
        self.registrations.notice_for(row, notice, now).await
    }

    /// The services of one registration, as the worker sees them, with the stored records and
    /// follow-ups they were made from.
    async fn records_view(
        &self,
        row: &RegistrationRow,
    ) -> Result<(MyServicesView, Vec<ServiceRecordRow>, Vec<FollowUpRow>), Error> {
        let registered_on = row
            .registered_on
            .as_deref()
            .and_then(Ymd::parse_iso)
            .ok_or_else(|| Error::Conflict("登记完成后，这里会显示为您提供的就业服务。".into()))?;
        let window = Window::new(registered_on, row.ended_on.as_deref().and_then(Ymd::parse_iso));
        let open = row.status == Status::Registered.as_str();
        let stored = self.store.service_records(&row.id).await?;
        let follow_ups = self.store.follow_ups(&row.id).await?;
        let refusals = refusals(&stored);
        let mut codes: Vec<String> = stored.iter().map(|r| r.institution_code.clone()).collect();
        codes.sort();
        codes.dedup();
        let institutions: HashMap<String, _> = self
            .store
            .institutions_by_code(&codes)
            .await?
            .into_iter()
            .map(|i| (i.code.clone(), i))
            .collect();
        let mut dated = Vec::new();
        let mut records = Vec::new();
        for r in &stored {
            let (Some(kind), Some(on)) = (ServiceKind::parse(&r.kind), Ymd::parse_iso(&r.given_on)) else {
                continue;
            };
            let content: Answers = serde_json::from_str(&r.content).unwrap_or_default();
            let counts = counts_toward_311(kind, &content);
            if counts {
                dated.push((kind, on));
            }
            let institution = institutions.get(&r.institution_code);
            let reason = r
                .decline_reason
                .as_deref()
                .and_then(|code| DECLINE_REASONS.iter().find(|(c, ..)| *c == code));
            records.push(ServiceRecordView {
                id: r.id.clone(),
                kind,
                kind_label: kind.label().into(),
                given_on: r.given_on.clone(),
                channel: CHANNELS
                    .iter()
                    .find(|(c, _)| *c == r.channel)
                    .map_or(r.channel.clone(), |(_, l)| (*l).to_owned()),
                institution_name: institution.map_or_else(|| r.institution_code.clone(), |i| i.name.clone()),
                institution_phones: institution.map(|i| i.phones.clone()).unwrap_or_default(),
                institution_demo: institution.is_some_and(|i| i.demo),
                content,
                answer_label: r
                    .answer
                    .as_deref()
                    .and_then(|a| answer_label(kind, a))
                    .map(str::to_owned),
                answer: r.answer.clone(),
                decline_reason: reason.map(|(_, label, _)| (*label).to_owned()),
                good_reason: r.good_reason,
                decline_note: r.decline_note.clone().filter(|n| !n.is_empty()),
                answered_via: r.answered_via.as_deref().map(|via| {
                    STAFF_ANSWER_CHANNELS
                        .iter()
                        .find(|(c, _)| *c == via)
                        .map_or(via, |(_, l)| *l)
                        .to_owned()
                }),
                can_answer: open && !answers_for(kind).is_empty() && !r.answer.as_deref().is_some_and(is_final),
                counts: counts && window.contains(on),
                follow_ups: follow_ups
                    .iter()
                    .filter(|f| f.record_id == r.id)
                    .map(|f| FollowUp {
                        on: f.on.clone(),
                        reached: f.reached,
                        result: f.result.clone(),
                    })
                    .collect(),
            });
        }
        let view = MyServicesView {
            reference: row.reference.clone(),
            progress: progress(&dated, window).to_vec(),
            year_ends_on: window.until.iso(),
            open,
            records,
            refusals_in_a_row: refusals.in_a_row,
            warning: (open && refusals.warn()).then(|| {
                "您已连续两次无正当理由拒绝就业服务。如再拒绝一次，经服务机构核实后，您的失业登记可能会被注销（原因：无正当理由连续3次拒绝接受公共就业服务）。如有困难，请先联系服务机构说明。".to_owned()
            }),
        };
        Ok((view, stored, follow_ups))
    }

    /// The last day the person was reached: a monthly confirmation, an answer, a service given
    /// by phone or in person, a follow-up that reached them; at least the registration date.
    async fn last_contact(
        &self,
        row: &RegistrationRow,
        stored: &[ServiceRecordRow],
        follow_ups: &[FollowUpRow],
    ) -> Result<Option<Ymd>, Error> {
        // 信息比对 confirms the month from other data; it does not reach the person.
        let confirmed = self
            .store
            .confirmations(&row.id)
            .await?
            .into_iter()
            .filter(|c| reaches_the_person(&c.method))
            .map(|c| china_date(c.at));
        let answered = stored.iter().filter_map(|r| r.answered_at).map(china_date);
        let in_person = stored
            .iter()
            .filter(|r| CONTACT_CHANNELS.contains(&r.channel.as_str()))
            .filter_map(|r| Ymd::parse_iso(&r.given_on));
        let followed = follow_ups
            .iter()
            .filter(|f| f.reached)
            .filter_map(|f| Ymd::parse_iso(&f.on));
        Ok(confirmed.chain(answered).chain(in_person).chain(followed).max())
    }
}

#[cfg(test)]
mod ending_tests;
#[cfg(test)]
pub(crate) mod tests;
