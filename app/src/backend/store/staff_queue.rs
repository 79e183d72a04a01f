//! 待办 and 转办: the open applications of an area (optionally one office's), how many are in
//! each state, and moving one to another office.

use sqlx::Row;

use super::outbox::NewNotice;
use super::registrations::{from_row, keep_if_applied, Event, COLUMNS};
use super::{RegistrationRow, Store};

/// Which open applications: under a division-code prefix, in one state or both open ones
/// (`status` empty), at one office or any (`institution` empty).
#[derive(Debug, Clone, Copy)]
pub struct QueueFilter<'a> {
    pub prefix: &'a str,
    pub status: &'a str,
    pub institution: &'a str,
}

/// An application moved to another office, with the event and the notice that tell of it.
pub struct Transfer<'a> {
    pub id: &'a str,
    /// The office it is at now: nothing moves if someone moved it meanwhile.
    pub from_institution: &'a str,
    pub from_division: &'a str,
    /// The day of the transfer, China time.
    pub on_date: &'a str,
    pub to_institution: &'a str,
    pub to_division: &'a str,
    pub now: i64,
    pub actor: &'a str,
    pub note: &'a str,
    pub event_id: &'a str,
    pub notices: &'a [NewNotice],
}

const OPEN: &str = "status IN ('submitted', 'accepted')";

impl Store {
    /// The oldest first: the review deadline follows the submission date.
    pub async fn queue(&self, f: QueueFilter<'_>, limit: i64) -> Result<Vec<RegistrationRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM registrations WHERE {OPEN} AND division_code LIKE $1 \
             AND ($2 = '' OR status = $2) AND ($3 = '' OR institution_code = $3) \
             ORDER BY submitted_at, id LIMIT $4"
        ))
        .bind(format!("{}%", f.prefix))
        .bind(f.status)
        .bind(f.institution)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// How many open applications are in each state (the status filter is not applied).
    pub async fn queue_counts(&self, f: QueueFilter<'_>) -> Result<Vec<(String, i64)>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT status, COUNT(*) AS n FROM registrations WHERE {OPEN} AND division_code LIKE $1 \
             AND ($2 = '' OR institution_code = $2) GROUP BY status"
        ))
        .bind(format!("{}%", f.prefix))
        .bind(f.institution)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .collect()
    }

    /// `Ok(false)` when it is no longer open at `from_institution`.
    pub async fn transfer_registration(&self, t: &Transfer<'_>) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(&format!(
            "UPDATE registrations SET institution_code = $1, division_code = $2, updated_at = $3 \
             WHERE id = $4 AND institution_code = $5 AND {OPEN}"
        ))
        .bind(t.to_institution)
        .bind(t.to_division)
        .bind(t.now)
        .bind(t.id)
        .bind(t.from_institution)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            sqlx::query(
                "INSERT INTO registration_transfers (registration_id, at, on_date, from_division, to_division) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(t.id)
            .bind(t.now)
            .bind(t.on_date)
            .bind(t.from_division)
            .bind(t.to_division)
            .execute(&mut *tx)
            .await?;
        }
        let event = Event {
            id: t.event_id,
            registration_id: t.id,
            at: t.now,
            kind: "transferred",
            actor: t.actor,
            note: t.note,
        };
        keep_if_applied(tx, done, &event, t.notices).await
    }
}
