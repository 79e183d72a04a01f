//! Staff accounts, their sessions and the audit log.

use sqlx::Row;

use super::Store;

#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub phone_enc: String,
    pub institution_code: String,
    pub scope: String,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub is_admin: bool,
}

pub struct NewStaff<'a> {
    pub id: &'a str,
    pub username: &'a str,
    pub password_hash: &'a str,
    pub phone_enc: &'a str,
    pub phone_hash: &'a str,
    pub institution_code: &'a str,
    pub scope: &'a str,
    pub is_admin: bool,
    pub created_at: i64,
}

pub struct AuditEntry<'a> {
    pub id: &'a str,
    pub at: i64,
    pub staff_id: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub client: &'a str,
    pub reason: &'a str,
}

const STAFF_COLUMNS: &str =
    "id, username, password_hash, phone_enc, institution_code, scope, failed_logins, locked_until, is_admin";

fn staff_from_row(r: &sqlx::any::AnyRow) -> Result<StaffRow, sqlx::Error> {
    Ok(StaffRow {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        password_hash: r.try_get("password_hash")?,
        phone_enc: r.try_get("phone_enc")?,
        institution_code: r.try_get("institution_code")?,
        scope: r.try_get("scope")?,
        failed_logins: r.try_get::<i64, _>("failed_logins")?,
        locked_until: r.try_get("locked_until")?,
        is_admin: r.try_get::<i64, _>("is_admin")? == 1,
    })
}

impl Store {
    /// `Ok(false)` when the username is taken.
    pub async fn insert_staff(&self, s: &NewStaff<'_>) -> Result<bool, sqlx::Error> {
        super::unless_taken(sqlx::query(
            "INSERT INTO staff (id, username, password_hash, phone_enc, phone_hash, institution_code, scope, is_admin, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(s.id)
        .bind(s.username)
        .bind(s.password_hash)
        .bind(s.phone_enc)
        .bind(s.phone_hash)
        .bind(s.institution_code)
        .bind(s.scope)
        .bind(i64::from(s.is_admin))
        .bind(s.created_at)
        .execute(&self.writer)
        .await)
    }

    pub async fn staff_by_username(&self, username: &str) -> Result<Option<StaffRow>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {STAFF_COLUMNS} FROM staff WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(staff_from_row).transpose()
    }

    pub async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(staff_from_row).transpose()
    }

    /// Counts a failed password; locks the account until `lock_until` once `max` is reached.
    pub async fn staff_login_failed(&self, id: &str, max: i64, lock_until: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE staff SET failed_logins = failed_logins + 1, \
             locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END WHERE id = $1",
        )
        .bind(id)
        .bind(max)
        .bind(lock_until)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn staff_login_succeeded(&self, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn insert_staff_session(&self, token_digest: &str, staff_id: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO staff_sessions (token_digest, staff_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(token_digest)
        .bind(staff_id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The staff member behind a session with its created and last-seen times.
    pub async fn staff_session(&self, token_digest: &str) -> Result<Option<(StaffRow, i64, i64)>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT {}, ss.created_at AS s_created, ss.last_seen_at AS s_seen FROM staff_sessions ss \
             JOIN staff s ON s.id = ss.staff_id WHERE ss.token_digest = $1",
            STAFF_COLUMNS
                .split(", ")
                .map(|c| format!("s.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .bind(token_digest)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((staff_from_row(&r)?, r.try_get("s_created")?, r.try_get("s_seen")?)))
            .transpose()
    }

    pub async fn append_audit(&self, e: &AuditEntry<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO audit_log (id, at, staff_id, action, subject, client, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(e.id)
        .bind(e.at)
        .bind(e.staff_id)
        .bind(e.action)
        .bind(e.subject)
        .bind(e.client)
        .bind(e.reason)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The newest audit entries: (staff username, action, subject, reason).
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT s.username, a.action, a.subject, a.reason FROM audit_log a JOIN staff s ON s.id = a.staff_id \
             ORDER BY a.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("username")?,
                    r.try_get("action")?,
                    r.try_get("subject")?,
                    r.try_get("reason")?,
                ))
            })
            .collect()
    }
}
