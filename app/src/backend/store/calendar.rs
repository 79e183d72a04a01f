//! The working-day calendar: one CalendarYear JSON document per year. Every change bumps the
//! `calendar` data version in its own transaction, so each app server knows to reread it.

use super::Store;

const BUMP: &str = "UPDATE data_versions SET version = version + 1 WHERE name = 'calendar'";

impl Store {
    /// Every stored year's document, oldest year first.
    pub async fn calendar_years(&self) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT body FROM calendar_years ORDER BY year")
            .fetch_all(&self.pool)
            .await
    }

    /// Writes a year, replacing what was stored for it.
    pub async fn replace_calendar_year(&self, year: i32, body: &str, now: &str, by: &str) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO calendar_years (year, body, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (year) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(i64::from(year))
        .bind(body)
        .bind(now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        sqlx::query(BUMP).execute(&mut *tx).await?;
        tx.commit().await?;
        self.read_data_versions().await.map(|_| ())
    }

    /// Writes a year only when none is stored (a shipped year never overwrites an import);
    /// answers whether it was written.
    pub async fn insert_calendar_year_if_absent(
        &self,
        year: i32,
        body: &str,
        now: &str,
        by: &str,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "INSERT INTO calendar_years (year, body, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (year) DO NOTHING",
        )
        .bind(i64::from(year))
        .bind(body)
        .bind(now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        let inserted = done.rows_affected() == 1;
        if inserted {
            sqlx::query(BUMP).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        self.read_data_versions().await?;
        Ok(inserted)
    }
}
