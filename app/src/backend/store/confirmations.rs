//! 就业失业动态确认: one confirmation per registration and month (the person's own, or a
//! staff check), the history line of each, and the monthly reminders, each claimed once by
//! whichever app server gets there first.

use sqlx::Row;

use super::outbox::{write_notices, NewNotice};
use super::registrations::{add_event, from_row, COLUMNS};
use super::{RegistrationRow, Store};

/// A month's confirmation as kept, newest month first.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmationRow {
    /// YYYY-MM
    pub month: String,
    pub answer: String,
    /// 本人报告, 电话, 走访 or 信息比对.
    pub method: String,
    pub at: i64,
}

/// A staff check: the month's confirmation when it `confirms` (unless the month has one
/// already), and a line of history either way.
pub struct StaffCheckRow<'a> {
    pub registration_id: &'a str,
    pub month: &'a str,
    pub answer: &'a str,
    pub method: &'a str,
    pub confirms: bool,
    pub now: i64,
    pub actor: &'a str,
    pub event_id: &'a str,
}

impl Store {
    /// The person's own answer for the month; it replaces a staff check of the same month.
    pub async fn confirm_month(
        &self,
        registration_id: &str,
        month: &str,
        answer: &str,
        method: &str,
        now: i64,
        event_id: &str,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
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

    /// `Ok(true)` when the check became the month's confirmation; a month already confirmed
    /// (by the person, or an earlier check) keeps what it has.
    pub async fn staff_check(&self, c: &StaffCheckRow<'_>) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let kept = c.confirms
            && sqlx::query(
                "INSERT INTO monthly_confirmations (registration_id, month, answer, method, at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (registration_id, month) DO NOTHING",
            )
            .bind(c.registration_id)
            .bind(c.month)
            .bind(c.answer)
            .bind(c.method)
            .bind(c.now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
        let kind = if c.confirms { "staff_check" } else { "contact_attempt" };
        let note = format!("{}:{}", c.method, c.answer);
        add_event(&mut tx, c.event_id, c.registration_id, c.now, kind, c.actor, &note).await?;
        tx.commit().await?;
        Ok(kept)
    }

    pub async fn confirmations(&self, registration_id: &str) -> Result<Vec<ConfirmationRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT month, answer, method, at FROM monthly_confirmations WHERE registration_id = $1 ORDER BY month DESC",
        )
        .bind(registration_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ConfirmationRow {
                    month: r.try_get("month")?,
                    answer: r.try_get("answer")?,
                    method: r.try_get("method")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }

    /// Registrations in force with neither a confirmation nor a reminder for `month`.
    pub async fn unreminded(&self, month: &str, limit: i64) -> Result<Vec<RegistrationRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM registrations r WHERE r.status = 'registered' \
             AND NOT EXISTS (SELECT 1 FROM monthly_confirmations c WHERE c.registration_id = r.id AND c.month = $1) \
             AND NOT EXISTS (SELECT 1 FROM confirmation_reminders m WHERE m.registration_id = r.id AND m.month = $1) \
             ORDER BY r.id LIMIT $2"
        ))
        .bind(month)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Claims the month's reminder of one registration, keeping its notice with the claim;
    /// `Ok(false)` when another server claimed it first.
    pub async fn claim_reminder(
        &self,
        registration_id: &str,
        month: &str,
        now: i64,
        notice: &NewNotice,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO confirmation_reminders (registration_id, month, at) VALUES ($1, $2, $3) \
             ON CONFLICT (registration_id, month) DO NOTHING",
        )
        .bind(registration_id)
        .bind(month)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !claimed {
            tx.rollback().await?;
            return Ok(false);
        }
        write_notices(&mut tx, std::slice::from_ref(notice)).await?;
        tx.commit().await?;
        Ok(true)
    }
}
