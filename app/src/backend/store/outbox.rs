//! The notices still to send by SMS or WeChat: written with the inbox notice in the
//! transaction of the change they tell of, claimed by one deliverer at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL,
//! where every app server delivers; SQLite has one process), retried until sent.

use sqlx::{AnyConnection, Row};

use super::{DbKind, Store};

/// One delivery to make, with what its notice says.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: String,
    pub person_id: String,
    /// `sms` or `wechat`.
    pub channel: String,
    pub greeting_enc: String,
    /// Including this one.
    pub attempts: i64,
    pub title: String,
    pub link: String,
}

/// A notice for the inbox and its deliveries, written with the change it tells of.
pub struct NewNotice {
    pub id: String,
    pub person_id: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub now: i64,
    /// The 张女士-style greeting of the SMS, sealed.
    pub greeting_enc: String,
    /// `(id, channel)`: one per channel to send on.
    pub deliveries: Vec<(String, &'static str)>,
}

/// Writes the notices inside the caller's transaction: a change and its notices are kept
/// together or not at all.
pub(super) async fn write_notices(conn: &mut AnyConnection, notices: &[NewNotice]) -> Result<(), sqlx::Error> {
    for n in notices {
        sqlx::query(
            "INSERT INTO notices (id, person_id, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&n.id)
        .bind(&n.person_id)
        .bind(&n.title)
        .bind(&n.body)
        .bind(&n.link)
        .bind(n.now)
        .execute(&mut *conn)
        .await?;
        for (id, channel) in &n.deliveries {
            sqlx::query(
                "INSERT INTO outbox (id, notice_id, channel, greeting_enc, next_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&n.id)
            .bind(*channel)
            .bind(&n.greeting_enc)
            .bind(n.now)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

impl Store {
    /// Claims the oldest delivery that is due at `now` and unclaimed, until `claimed_until`;
    /// the claim counts as an attempt. Two servers never claim the same one.
    pub async fn claim_delivery(&self, now: i64, claimed_until: i64) -> Result<Option<Delivery>, sqlx::Error> {
        let lock = match self.kind {
            DbKind::Postgres => "FOR UPDATE SKIP LOCKED",
            DbKind::Sqlite => "",
        };
        let claimed = sqlx::query(&format!(
            "UPDATE outbox SET claimed_until = $2, attempts = attempts + 1 WHERE id IN \
             (SELECT id FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_at <= $1 \
              AND claimed_until <= $1 ORDER BY id LIMIT 1 {lock}) \
             RETURNING id, notice_id, channel, greeting_enc, attempts"
        ))
        .bind(now)
        .bind(claimed_until)
        .fetch_optional(&self.writer)
        .await?;
        let Some(row) = claimed else {
            return Ok(None);
        };
        let notice_id: String = row.try_get("notice_id")?;
        let notice = sqlx::query("SELECT person_id, title, link FROM notices WHERE id = $1")
            .bind(&notice_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(Some(Delivery {
            id: row.try_get("id")?,
            person_id: notice.try_get("person_id")?,
            channel: row.try_get("channel")?,
            greeting_enc: row.try_get("greeting_enc")?,
            attempts: row.try_get("attempts")?,
            title: notice.try_get("title")?,
            link: notice.try_get("link")?,
        }))
    }

    pub async fn delivered(&self, id: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE outbox SET sent_at = $2, claimed_until = 0 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// A failed attempt: tried again from `retry_at`, or (with `None`) given up at `now`.
    pub async fn delivery_failed(
        &self,
        id: &str,
        retry_at: Option<i64>,
        now: i64,
        error: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE outbox SET claimed_until = 0, next_at = COALESCE($2, next_at), \
             gave_up_at = CASE WHEN $2 IS NULL THEN $3 ELSE NULL END, last_error = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(retry_at)
        .bind(now)
        .bind(error)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Deliveries neither sent nor given up (for the metrics and the tests).
    pub async fn pending_deliveries(&self) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")
    }
}
