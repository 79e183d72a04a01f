//! Drafts, applications and their history. Answers arrive encrypted (see `backend::crypto`);
//! this module only stores and finds them.

use sqlx::Row;

use super::outbox::{write_notices, NewNotice};
use super::Store;

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
    pub now: i64,
    pub today: &'a str,
}

/// A change of state, applied only if the application is still in `from`.
pub struct Move<'a> {
    pub id: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub registered_on: Option<&'a str>,
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub at: i64,
    pub kind: String,
    pub actor: String,
    pub note: String,
}

const COLUMNS: &str = "id, reference, person_id, status, answers_enc, institution_code, division_code, place_kind, \
     declaration_version, declared_at, submitted_at, submitted_on, registered_on, refusal_reason, end_reason, ended_on";

fn from_row(r: &sqlx::any::AnyRow) -> Result<RegistrationRow, sqlx::Error> {
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
    })
}

impl Store {
    pub async fn save_draft(&self, person_id: &str, answers_enc: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO registration_drafts (person_id, answers_enc, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id) DO UPDATE SET answers_enc = excluded.answers_enc, updated_at = excluded.updated_at",
        )
        .bind(person_id)
        .bind(answers_enc)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn draft(&self, person_id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT answers_enc FROM registration_drafts WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Writes the application, its first event, and removes the draft, all or nothing.
    /// `Ok(false)` when a UNIQUE rule refused it (the same idempotency key, or another open
    /// application of this person).
    pub async fn insert_registration(&self, r: &NewRegistration<'_>, event_id: &str) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let inserted = super::unless_taken(
            sqlx::query(
                "INSERT INTO registrations (id, reference, person_id, idempotency_key, status, answers_enc, \
                 institution_code, division_code, place_kind, declaration_version, declaration_text, declared_at, \
                 submitted_at, submitted_on, updated_at) \
                 VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $10, $11, $11, $12, $11)",
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
            .execute(&mut *tx)
            .await,
        )?;
        if !inserted {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO registration_events (id, registration_id, at, kind, actor, note) \
             VALUES ($1, $2, $3, 'submitted', 'person', '')",
        )
        .bind(event_id)
        .bind(r.id)
        .bind(r.now)
        .execute(&mut *tx)
        .await?;
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
        sqlx::query(&format!("SELECT {COLUMNS} FROM registrations WHERE reference = $1"))
            .bind(reference)
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
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE registrations SET status = $1, registered_on = COALESCE($2, registered_on), \
             refusal_reason = COALESCE($3, refusal_reason), end_reason = COALESCE($4, end_reason), \
             ended_on = COALESCE($5, ended_on), decided_at = $6, updated_at = $6, \
             closed_at = CASE WHEN $7 = 1 THEN $6 ELSE closed_at END \
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
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !done {
            tx.rollback().await?;
            return Ok(false);
        }
        add_event(&mut tx, m.event_id, m.id, m.now, m.to, m.actor, m.note).await?;
        write_notices(&mut tx, m.notices).await?;
        tx.commit().await?;
        Ok(true)
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

    /// The month's 就业失业动态确认; a second answer in the same month replaces the first.
    pub async fn confirm_month(
        &self,
        registration_id: &str,
        month: &str,
        answer: &str,
        method: &str,
        now: i64,
        event_id: &str,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO monthly_confirmations (registration_id, month, answer, method, at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (registration_id, month) DO UPDATE SET answer = excluded.answer, method = excluded.method, at = excluded.at",
        )
        .bind(registration_id)
        .bind(month)
        .bind(answer)
        .bind(method)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        add_event(
            &mut tx,
            event_id,
            registration_id,
            now,
            "confirmation",
            "person",
            answer,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The months confirmed, newest first: (month, answer).
    pub async fn confirmations(&self, registration_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT month, answer FROM monthly_confirmations WHERE registration_id = $1 ORDER BY month DESC",
        )
        .bind(registration_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("month")?, r.try_get("answer")?)))
            .collect()
    }
}

async fn add_event(
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

pub struct NewServiceRecord<'a> {
    pub id: String,
    pub registration_id: &'a str,
    pub kind: &'a str,
    pub given_on: &'a str,
    pub channel: &'a str,
    pub institution_code: &'a str,
    pub staff_id: &'a str,
    pub content: &'a str,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRecordRow {
    pub id: String,
    pub kind: String,
    pub given_on: String,
    pub channel: String,
    pub institution_code: String,
    pub content: String,
    pub answer: Option<String>,
    pub good_reason: Option<bool>,
    pub decline_reason: Option<String>,
    pub decline_note: Option<String>,
    pub answered_at: Option<i64>,
}

/// One 回访 of a service record.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpRow {
    pub record_id: String,
    pub on: String,
    pub reached: bool,
    pub result: String,
}

impl Store {
    /// Several records (the same job referral to several people) are written together, with
    /// the notices telling each person, or not at all.
    pub async fn insert_service_records(
        &self,
        records: &[NewServiceRecord<'_>],
        notices: &[NewNotice],
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        for r in records {
            sqlx::query(
                "INSERT INTO service_records (id, registration_id, kind, given_on, channel, institution_code, staff_id, \
                 content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&r.id)
            .bind(r.registration_id)
            .bind(r.kind)
            .bind(r.given_on)
            .bind(r.channel)
            .bind(r.institution_code)
            .bind(r.staff_id)
            .bind(r.content)
            .bind(r.created_at)
            .execute(&mut *tx)
            .await?;
        }
        write_notices(&mut tx, notices).await?;
        tx.commit().await
    }

    /// The 受理编号 of the registration a record belongs to.
    pub async fn service_record_reference(&self, id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT r.reference FROM service_records s JOIN registrations r ON r.id = s.registration_id WHERE s.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    /// 回访: one more follow-up of a record by a staff member (earlier ones are kept).
    pub async fn add_follow_up(&self, id: &str, f: &FollowUpRow, staff_id: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO service_follow_ups (id, record_id, on_day, reached, result, staff_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(&f.record_id)
        .bind(&f.on)
        .bind(i64::from(f.reached))
        .bind(&f.result)
        .bind(staff_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every 回访 of a registration's records, oldest first.
    pub async fn follow_ups(&self, registration_id: &str) -> Result<Vec<FollowUpRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT f.record_id, f.on_day, f.reached, f.result FROM service_follow_ups f \
             JOIN service_records s ON s.id = f.record_id WHERE s.registration_id = $1 ORDER BY f.id",
        )
        .bind(registration_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FollowUpRow {
                    record_id: r.try_get("record_id")?,
                    on: r.try_get("on_day")?,
                    reached: r.try_get::<i64, _>("reached")? == 1,
                    result: r.try_get("result")?,
                })
            })
            .collect()
    }

    /// The times (Unix) of the monthly confirmations of a registration.
    pub async fn confirmation_times(&self, registration_id: &str) -> Result<Vec<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT at FROM monthly_confirmations WHERE registration_id = $1")
            .bind(registration_id)
            .fetch_all(&self.pool)
            .await
    }

    /// The person's answer to one of their records; `Ok(false)` when no such record (or its
    /// answer already stands).
    pub async fn answer_service(
        &self,
        id: &str,
        registration_id: &str,
        answer: &str,
        decline: Option<(&str, bool, &str)>,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        // A decline or 已录用 stands (see `service_311::is_final`), even against a racing answer.
        let done = sqlx::query(
            "UPDATE service_records SET answer = $1, good_reason = $2, decline_reason = $3, decline_note = $4, \
             answered_at = $5 WHERE id = $6 AND registration_id = $7 \
             AND (answer IS NULL OR answer NOT IN ('declined', 'hired'))",
        )
        .bind(answer)
        .bind(decline.map(|(_, good, _)| i64::from(good)))
        .bind(decline.map(|(code, _, _)| code))
        .bind(decline.map(|(_, _, note)| note))
        .bind(now)
        .bind(id)
        .bind(registration_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A registration's service records, newest first.
    pub async fn service_records(&self, registration_id: &str) -> Result<Vec<ServiceRecordRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, kind, given_on, channel, institution_code, content, answer, good_reason, decline_reason, \
             decline_note, answered_at FROM service_records \
             WHERE registration_id = $1 ORDER BY given_on DESC, id DESC",
        )
        .bind(registration_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ServiceRecordRow {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    given_on: r.try_get("given_on")?,
                    channel: r.try_get("channel")?,
                    institution_code: r.try_get("institution_code")?,
                    content: r.try_get("content")?,
                    answer: r.try_get("answer")?,
                    good_reason: r.try_get::<Option<i64>, _>("good_reason")?.map(|g| g == 1),
                    decline_reason: r.try_get("decline_reason")?,
                    decline_note: r.try_get("decline_note")?,
                    answered_at: r.try_get("answered_at")?,
                })
            })
            .collect()
    }
}
