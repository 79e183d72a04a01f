//! The in-portal inbox: every notice a person was sent.

use sqlx::Row;

use super::Store;

#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRow {
    pub id: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl Store {
    /// A person's notices, newest first (the newest 100).
    pub async fn notices(&self, person_id: &str) -> Result<Vec<NoticeRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, title, body, link, created_at, read_at FROM notices WHERE person_id = $1 \
             ORDER BY id DESC LIMIT 100",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NoticeRow {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                    link: r.try_get("link")?,
                    created_at: r.try_get("created_at")?,
                    read_at: r.try_get("read_at")?,
                })
            })
            .collect()
    }

    pub async fn unread_notices(&self, person_id: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE person_id = $1 AND read_at IS NULL")
            .bind(person_id)
            .fetch_one(&self.pool)
            .await
    }

    /// Marks every notice of the person read (they opened the inbox).
    pub async fn mark_notices_read(&self, person_id: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE notices SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL")
            .bind(now)
            .bind(person_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The sealed sign-in phone of a person.
    pub async fn person_phone(&self, person_id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT phone_enc FROM persons WHERE id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await
    }
}
