//! 政策清单 and 服务清单: entries staff maintain, in the order they are shown.

use sqlx::Row;

use super::Store;

#[derive(Debug, Clone, PartialEq)]
pub struct ListEntryRow {
    pub id: String,
    /// The fields as one JSON document.
    pub fields: String,
    pub demo: bool,
    pub updated_at: i64,
}

pub struct NewListEntry<'a> {
    pub id: String,
    pub fields: String,
    pub demo: bool,
    pub by: &'a str,
}

impl Store {
    pub async fn list_entries(&self, list: &str) -> Result<Vec<ListEntryRow>, sqlx::Error> {
        let rows =
            sqlx::query("SELECT id, fields, demo, updated_at FROM list_entries WHERE list = $1 ORDER BY position, id")
                .bind(list)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(ListEntryRow {
                    id: r.try_get("id")?,
                    fields: r.try_get("fields")?,
                    demo: r.try_get::<i64, _>("demo")? == 1,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// Replaces a whole list at once: readers see the old list or the new, never a mix.
    pub async fn replace_list(&self, list: &str, entries: &[NewListEntry<'_>], now: i64) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM list_entries WHERE list = $1")
            .bind(list)
            .execute(&mut *tx)
            .await?;
        for (position, e) in entries.iter().enumerate() {
            sqlx::query(
                "INSERT INTO list_entries (id, list, position, fields, demo, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&e.id)
            .bind(list)
            .bind(position as i64)
            .bind(&e.fields)
            .bind(i64::from(e.demo))
            .bind(now)
            .bind(e.by)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE data_versions SET version = version + 1 WHERE name = 'lists'")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.read_data_versions().await.map(|_| ())
    }
}
