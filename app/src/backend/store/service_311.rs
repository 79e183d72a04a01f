//! 311: the services recorded for registered workers, the workers' answers and 回访.

use sqlx::Row;

use super::outbox::{write_notices, NewNotice};
use super::statistics::keep_311_firsts;
use super::Store;

pub struct NewServiceRecord<'a> {
    pub id: String,
    pub registration_id: &'a str,
    pub kind: &'a str,
    pub given_on: &'a str,
    pub channel: &'a str,
    pub institution_code: &'a str,
    pub staff_id: &'a str,
    pub content: &'a str,
    /// Counts toward "311" (`domain::service_311::counts_toward_311`).
    pub counts_311: bool,
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
    /// `phone` or `visit` when staff took the answer down; `None` when given online.
    pub answered_via: Option<String>,
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
        let mut tx = self.writer.begin().await?;
        let mut counted: Vec<&str> = records
            .iter()
            .filter(|r| r.counts_311)
            .map(|r| r.registration_id)
            .collect();
        counted.sort_unstable();
        counted.dedup();
        // Each registration's row is locked before its records are written, so that a
        // concurrent writer's firsts, read after this commits, see these records too.
        for id in &counted {
            sqlx::query("UPDATE registrations SET referral_1_on = referral_1_on WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        for r in records {
            sqlx::query(
                "INSERT INTO service_records (id, registration_id, kind, given_on, channel, institution_code, staff_id, \
                 content, created_at, counts_311) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
            .bind(i64::from(r.counts_311))
            .execute(&mut *tx)
            .await?;
        }
        for id in &counted {
            keep_311_firsts(&mut tx, id).await?;
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
        .execute(&self.writer)
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

    /// The person's answer to one of their records; `Ok(false)` when no such record (or its
    /// answer already stands).
    pub async fn answer_service(
        &self,
        id: &str,
        registration_id: &str,
        answer: &str,
        decline: Option<(&str, bool, &str)>,
        by: Option<(&str, &str)>,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        // A decline or 已录用 stands (see `service_311::is_final`), even against a racing answer.
        let done = sqlx::query(
            "UPDATE service_records SET answer = $1, good_reason = $2, decline_reason = $3, decline_note = $4, \
             answered_at = $5, answered_via = $6, answered_by = $7 WHERE id = $8 AND registration_id = $9 \
             AND (answer IS NULL OR answer NOT IN ('declined', 'hired'))",
        )
        .bind(answer)
        .bind(decline.map(|(_, good, _)| i64::from(good)))
        .bind(decline.map(|(code, _, _)| code))
        .bind(decline.map(|(_, _, note)| note))
        .bind(now)
        .bind(by.map(|(via, _)| via))
        .bind(by.map(|(_, staff)| staff))
        .bind(id)
        .bind(registration_id)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A registration's service records, newest first.
    /// `(registration_id, kind, given_on, content)` of every service given to people registered
    /// in divisions under `prefix` (the 311 overview, in one query).
    pub async fn services_in(&self, prefix: &str) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT s.registration_id, s.kind, s.given_on, s.content FROM service_records s \
             JOIN registrations r ON r.id = s.registration_id \
             WHERE r.status = 'registered' AND r.division_code LIKE $1",
        )
        .bind(format!("{prefix}%"))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("registration_id")?,
                    r.try_get("kind")?,
                    r.try_get("given_on")?,
                    r.try_get("content")?,
                ))
            })
            .collect()
    }

    pub async fn service_records(&self, registration_id: &str) -> Result<Vec<ServiceRecordRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, kind, given_on, channel, institution_code, content, answer, good_reason, decline_reason, \
             decline_note, answered_at, answered_via FROM service_records \
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
                    answered_via: r.try_get("answered_via")?,
                })
            })
            .collect()
    }
}
