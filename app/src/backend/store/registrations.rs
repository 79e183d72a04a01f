//! Drafts, applications and their history. Answers arrive encrypted (see `backend::crypto`);
//! this module only stores and finds them.

use sqlx::Row;

use super::endings::{keep_ending, NewEnding};
use super::outbox::{write_notices, NewNotice};
use super::statistics::keep_311_firsts;
use super::Store;

/// A draft as stored: the sealed answers, and the pages saved without a problem (`slug,slug`,
/// see `check::DoneSteps`), which are progress rather than anything the person said.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftRow {
    pub answers_enc: String,
    pub done_steps: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RegistrationRow {
    pub id: String,
    pub reference: String,
    pub person_id: String,
    pub status: String,
    pub answers_enc: String,
    pub institution_code: String,
    pub division_code: String,
    pub place_kind: String,
    pub declaration_version: String,
    pub declared_at: i64,
    pub submitted_at: i64,
    pub submitted_on: String,
    pub registered_on: Option<String>,
    pub refusal_reason: Option<String>,
    pub end_reason: Option<String>,
    pub ended_on: Option<String>,
    /// `online`, or `hall`: made at a service hall with `assisted_by`'s help.
    pub channel: String,
    pub assisted_by: Option<String>,
}

pub struct NewRegistration<'a> {
    pub id: &'a str,
    pub reference: &'a str,
    pub person_id: &'a str,
    pub idempotency_key: &'a str,
    pub answers_enc: &'a str,
    pub institution_code: &'a str,
    pub division_code: &'a str,
    pub place_kind: &'a str,
    pub declaration_version: &'a str,
    pub declaration_text: &'a str,
    /// The staff member who helped at a service hall (the channel is then `hall`).
    pub assisted_by: Option<&'a str>,
    pub now: i64,
    pub today: &'a str,
    /// What the statistics need of it, kept with it.
    pub facts: &'a super::NewFacts,
}

/// A change of state, applied only if the application is still in `from`.
pub struct Move<'a> {
    pub id: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub registered_on: Option<&'a str>,
    /// The day of 登记 or 不予登记.
    pub decided_on: Option<&'a str>,
    pub refusal_reason: Option<&'a str>,
    pub end_reason: Option<&'a str>,
    pub ended_on: Option<&'a str>,
    pub closes: bool,
    pub now: i64,
    pub actor: &'a str,
    pub note: &'a str,
    pub event_id: &'a str,
    /// What the person is told of the move, kept with it.
    pub notices: &'a [NewNotice],
    /// An ending's particulars, kept with it.
    pub ending: Option<&'a NewEnding<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub at: i64,
    pub kind: String,
    pub actor: String,
    pub note: String,
}

pub(super) const COLUMNS: &str =
    "id, reference, person_id, status, answers_enc, institution_code, division_code, place_kind, \
     declaration_version, declared_at, submitted_at, submitted_on, registered_on, refusal_reason, end_reason, ended_on, channel, assisted_by";

pub(super) fn from_row(r: &sqlx::any::AnyRow) -> Result<RegistrationRow, sqlx::Error> {
    Ok(RegistrationRow {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        person_id: r.try_get("person_id")?,
        status: r.try_get("status")?,
        answers_enc: r.try_get("answers_enc")?,
        institution_code: r.try_get("institution_code")?,
        division_code: r.try_get("division_code")?,
        place_kind: r.try_get("place_kind")?,
        declaration_version: r.try_get("declaration_version")?,
        declared_at: r.try_get("declared_at")?,
        submitted_at: r.try_get("submitted_at")?,
        submitted_on: r.try_get("submitted_on")?,
        registered_on: r.try_get("registered_on")?,
        refusal_reason: r.try_get("refusal_reason")?,
        end_reason: r.try_get("end_reason")?,
        ended_on: r.try_get("ended_on")?,
        channel: r.try_get("channel")?,
        assisted_by: r.try_get("assisted_by")?,
    })
}

impl Store {
    pub async fn save_draft(&self, person_id: &str, draft: &DraftRow, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO registration_drafts (person_id, answers_enc, done_steps, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id) DO UPDATE SET answers_enc = excluded.answers_enc, \
             done_steps = excluded.done_steps, updated_at = excluded.updated_at",
        )
        .bind(person_id)
        .bind(&draft.answers_enc)
        .bind(&draft.done_steps)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn draft(&self, person_id: &str) -> Result<Option<DraftRow>, sqlx::Error> {
        sqlx::query("SELECT answers_enc, done_steps FROM registration_drafts WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| {
                Ok(DraftRow {
                    answers_enc: r.try_get("answers_enc")?,
                    done_steps: r.try_get("done_steps")?,
                })
            })
            .transpose()
    }

    /// Writes the application, its first event, and removes the draft, all or nothing.
    /// `Ok(false)` when a UNIQUE rule refused it (the same idempotency key, or another open
    /// application of this person).
    pub async fn insert_registration(&self, r: &NewRegistration<'_>, event_id: &str) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let inserted = super::unless_taken(
            sqlx::query(
                "INSERT INTO registrations (id, reference, person_id, idempotency_key, status, answers_enc, \
                 institution_code, division_code, place_kind, declaration_version, declaration_text, declared_at, \
                 submitted_at, submitted_on, updated_at, channel, assisted_by) \
                 VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $10, $11, $11, $12, $11, $13, $14)",
            )
            .bind(r.id)
            .bind(r.reference)
            .bind(r.person_id)
            .bind(r.idempotency_key)
            .bind(r.answers_enc)
            .bind(r.institution_code)
            .bind(r.division_code)
            .bind(r.place_kind)
            .bind(r.declaration_version)
            .bind(r.declaration_text)
            .bind(r.now)
            .bind(r.today)
            .bind(if r.assisted_by.is_some() { "hall" } else { "online" })
            .bind(r.assisted_by)
            .execute(&mut *tx)
            .await,
        )?;
        if !inserted {
            tx.rollback().await?;
            return Ok(false);
        }
        // At a hall, the staff member who helped is the actor; the note says where.
        let (actor, note) = match r.assisted_by {
            Some(staff) => (format!("staff:{staff}"), "hall"),
            None => ("person".to_owned(), ""),
        };
        sqlx::query(
            "INSERT INTO registration_events (id, registration_id, at, kind, actor, note) \
             VALUES ($1, $2, $3, 'submitted', $4, $5)",
        )
        .bind(event_id)
        .bind(r.id)
        .bind(r.now)
        .bind(actor)
        .bind(note)
        .execute(&mut *tx)
        .await?;
        super::Store::keep_facts(&mut tx, r.id, r.facts).await?;
        sqlx::query("DELETE FROM registration_drafts WHERE person_id = $1")
            .bind(r.person_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn registration_by_key(
        &self,
        person_id: &str,
        key: &str,
    ) -> Result<Option<RegistrationRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM registrations WHERE person_id = $1 AND idempotency_key = $2"
        ))
        .bind(person_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| from_row(&r))
        .transpose()
    }

    /// The person's newest application, open or not.
    pub async fn latest_registration(&self, person_id: &str) -> Result<Option<RegistrationRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM registrations WHERE person_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT 1"
        ))
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| from_row(&r))
        .transpose()
    }

    pub async fn registration_by_reference(&self, reference: &str) -> Result<Option<RegistrationRow>, sqlx::Error> {
        self.registration_where("reference", reference).await
    }

    pub async fn registration_by_id(&self, id: &str) -> Result<Option<RegistrationRow>, sqlx::Error> {
        self.registration_where("id", id).await
    }

    /// `column` is one of this file's names, never input.
    async fn registration_where(&self, column: &str, value: &str) -> Result<Option<RegistrationRow>, sqlx::Error> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM registrations WHERE {column} = $1"))
            .bind(value)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| from_row(&r))
            .transpose()
    }

    /// Applications handled in divisions under `prefix`, newest first.
    pub async fn registrations_in(
        &self,
        prefix: &str,
        status: Option<&str>,
        limit: i64,
    ) -> Result<Vec<RegistrationRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM registrations WHERE division_code LIKE $1 AND ($2 = '' OR status = $2) \
             ORDER BY submitted_at DESC, id DESC LIMIT $3"
        ))
        .bind(format!("{prefix}%"))
        .bind(status.unwrap_or(""))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// `Ok(false)` when the application was no longer in `m.from` (someone else moved it).
    pub async fn move_registration(&self, m: &Move<'_>) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE registrations SET status = $1, registered_on = COALESCE($2, registered_on), \
             refusal_reason = COALESCE($3, refusal_reason), end_reason = COALESCE($4, end_reason), \
             ended_on = COALESCE($5, ended_on), decided_at = $6, updated_at = $6, \
             closed_at = CASE WHEN $7 = 1 THEN $6 ELSE closed_at END, \
             decided_on = COALESCE($10, decided_on) \
             WHERE id = $8 AND status = $9",
        )
        .bind(m.to)
        .bind(m.registered_on)
        .bind(m.refusal_reason)
        .bind(m.end_reason)
        .bind(m.ended_on)
        .bind(m.now)
        .bind(i64::from(m.closes))
        .bind(m.id)
        .bind(m.from)
        .bind(m.decided_on)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if let (true, Some(ending)) = (done, m.ending) {
            keep_ending(&mut tx, ending).await?;
        }
        if done && m.registered_on.is_some() {
            keep_311_firsts(&mut tx, m.id).await?;
        }
        let event = Event {
            id: m.event_id,
            registration_id: m.id,
            at: m.now,
            kind: m.to,
            actor: m.actor,
            note: m.note,
        };
        keep_if_applied(tx, done, &event, m.notices).await
    }

    pub async fn registration_events(&self, registration_id: &str) -> Result<Vec<EventRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT at, kind, actor, note FROM registration_events WHERE registration_id = $1 ORDER BY at, id",
        )
        .bind(registration_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EventRow {
                    at: r.try_get("at")?,
                    kind: r.try_get("kind")?,
                    actor: r.try_get("actor")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }
}

/// One line of an application's history.
pub(super) struct Event<'a> {
    pub id: &'a str,
    pub registration_id: &'a str,
    pub at: i64,
    pub kind: &'a str,
    pub actor: &'a str,
    pub note: &'a str,
}

/// A change to an application is kept only with its history line and the notices telling of
/// it; `Ok(false)`, and nothing kept, when it did not apply (someone changed it meanwhile).
pub(super) async fn keep_if_applied(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    applied: bool,
    e: &Event<'_>,
    notices: &[NewNotice],
) -> Result<bool, sqlx::Error> {
    if !applied {
        tx.rollback().await?;
        return Ok(false);
    }
    add_event(&mut tx, e.id, e.registration_id, e.at, e.kind, e.actor, e.note).await?;
    write_notices(&mut tx, notices).await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn add_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    registration_id: &str,
    at: i64,
    kind: &str,
    actor: &str,
    note: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO registration_events (id, registration_id, at, kind, actor, note) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(registration_id)
    .bind(at)
    .bind(kind)
    .bind(actor)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
