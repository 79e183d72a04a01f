//! 注销 particulars, and the endings announced to the person first (reasons 4, 5, 6a) that
//! take effect when their day comes: whichever app server moves the registration first ends
//! it, the others find it moved.

use sqlx::Row;

use super::outbox::NewNotice;
use super::registrations::{keep_if_applied, Event};
use super::Store;

/// The particulars kept with an ending (sealed JSON) and who recorded them.
pub struct NewEnding<'a> {
    pub registration_id: &'a str,
    pub reason: &'a str,
    pub details_enc: &'a str,
    pub recorded_by: &'a str,
    pub now: i64,
}

/// An ending announced to the person and waiting for its day.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEndingRow {
    pub registration_id: String,
    pub reason: String,
    pub details_enc: String,
    pub recorded_by: String,
    /// YYYY-MM-DD
    pub announced_on: String,
    /// YYYY-MM-DD
    pub ends_on: String,
}

/// Written with the registration's ending, in its transaction. An ending announced earlier
/// keeps its dates when it is the one taking effect.
pub(super) async fn keep_ending(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    e: &NewEnding<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO registration_endings (registration_id, reason, details_enc, recorded_by, pending, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5) \
         ON CONFLICT (registration_id) DO UPDATE SET \
         announced_on = CASE WHEN registration_endings.reason = excluded.reason THEN registration_endings.announced_on END, \
         ends_on = CASE WHEN registration_endings.reason = excluded.reason THEN registration_endings.ends_on END, \
         reason = excluded.reason, details_enc = excluded.details_enc, recorded_by = excluded.recorded_by, \
         pending = 0, created_at = excluded.created_at",
    )
    .bind(e.registration_id)
    .bind(e.reason)
    .bind(e.details_enc)
    .bind(e.recorded_by)
    .bind(e.now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn pending_from(r: &sqlx::any::AnyRow) -> Result<PendingEndingRow, sqlx::Error> {
    Ok(PendingEndingRow {
        registration_id: r.try_get("registration_id")?,
        reason: r.try_get("reason")?,
        details_enc: r.try_get("details_enc")?,
        recorded_by: r.try_get("recorded_by")?,
        announced_on: r.try_get("announced_on")?,
        ends_on: r.try_get("ends_on")?,
    })
}

const PENDING_COLUMNS: &str = "registration_id, reason, details_enc, recorded_by, announced_on, ends_on";

impl Store {
    /// Announces an ending: kept only while the registration is 已登记 and has no other
    /// announced ending, with its history line and the notice telling the person; `Ok(false)`
    /// otherwise.
    pub async fn announce_ending(
        &self,
        pending: &PendingEndingRow,
        (event_id, actor, now): (&str, &str, i64),
        notices: &[NewNotice],
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let applied = sqlx::query(
            "INSERT INTO registration_endings \
             (registration_id, reason, details_enc, recorded_by, pending, announced_on, ends_on, created_at) \
             SELECT $1, $2, $3, $4, 1, $5, $6, $7 \
             WHERE EXISTS (SELECT 1 FROM registrations WHERE id = $1 AND status = 'registered') \
             ON CONFLICT (registration_id) DO NOTHING",
        )
        .bind(&pending.registration_id)
        .bind(&pending.reason)
        .bind(&pending.details_enc)
        .bind(&pending.recorded_by)
        .bind(&pending.announced_on)
        .bind(&pending.ends_on)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let event = Event {
            id: event_id,
            registration_id: &pending.registration_id,
            at: now,
            kind: "end_announced",
            actor,
            note: &pending.reason,
        };
        keep_if_applied(tx, applied, &event, notices).await
    }

    /// The registration's announced ending, if one waits.
    pub async fn pending_ending(&self, registration_id: &str) -> Result<Option<PendingEndingRow>, sqlx::Error> {
        let sql =
            format!("SELECT {PENDING_COLUMNS} FROM registration_endings WHERE registration_id = $1 AND pending = 1");
        let row = sqlx::query(&sql)
            .bind(registration_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(pending_from).transpose()
    }

    /// The particulars kept with a registration's ending once it took effect:
    /// `(reason, details_enc, recorded_by)`.
    pub async fn ending(&self, registration_id: &str) -> Result<Option<(String, String, String)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT reason, details_enc, recorded_by FROM registration_endings WHERE registration_id = $1 AND pending = 0",
        )
        .bind(registration_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok((
                r.try_get("reason")?,
                r.try_get("details_enc")?,
                r.try_get("recorded_by")?,
            ))
        })
        .transpose()
    }

    /// Announced endings whose day has come, oldest first.
    pub async fn due_endings(&self, today: &str, limit: i64) -> Result<Vec<PendingEndingRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {PENDING_COLUMNS} FROM registration_endings WHERE pending = 1 AND ends_on <= $1 \
             ORDER BY ends_on, registration_id LIMIT $2"
        );
        let rows = sqlx::query(&sql).bind(today).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(pending_from).collect()
    }

    /// Withdraws an announced ending, with its history line and the notice telling the
    /// person; `Ok(false)` when none waits (ended or withdrawn meanwhile).
    pub async fn withdraw_ending(
        &self,
        registration_id: &str,
        (event_id, actor, note, now): (&str, &str, &str, i64),
        notices: &[NewNotice],
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let applied = sqlx::query("DELETE FROM registration_endings WHERE registration_id = $1 AND pending = 1")
            .bind(registration_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        let event = Event {
            id: event_id,
            registration_id,
            at: now,
            kind: "end_withdrawn",
            actor,
            note,
        };
        keep_if_applied(tx, applied, &event, notices).await
    }

    /// Forgets an announced ending whose registration ended otherwise meanwhile (the person
    /// reported work, say): nothing is left to end.
    pub async fn drop_stale_ending(&self, registration_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "DELETE FROM registration_endings WHERE registration_id = $1 AND pending = 1 \
             AND NOT EXISTS (SELECT 1 FROM registrations WHERE id = $1 AND status = 'registered')",
        )
        .bind(registration_id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}
