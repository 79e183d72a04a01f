//! Persons, one-time codes and sessions. Values arrive already encrypted or hashed (see
//! `backend::crypto`); this module only stores and finds them.

use sqlx::Row;

use super::Store;

#[derive(Debug, Clone, PartialEq)]
pub struct LoginCode {
    pub id: String,
    /// `citizen`, or `staff:<id>`.
    pub purpose: String,
    pub phone_hash: String,
    pub phone_enc: String,
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts: i64,
    pub used_at: Option<i64>,
}

/// Citizens' and staff members' sessions live in tables of the same shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Person,
    Staff,
}

impl SessionKind {
    fn table(self) -> &'static str {
        match self {
            SessionKind::Person => "sessions",
            SessionKind::Staff => "staff_sessions",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub person_id: String,
    pub phone_enc: String,
    /// The staff member who opened the session at a service hall.
    pub assisted_by: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A person's stated document as stored: values sealed (see `backend::crypto`).
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityRow {
    pub kind: String,
    /// `kind:number`, sealed.
    pub id_enc: String,
    /// The date of birth the person stated (`YYYY-MM-DD`), sealed; `None` when the number
    /// carries it.
    pub birth_enc: Option<String>,
}

/// A new code to store.
pub struct NewLoginCode<'a> {
    pub id: &'a str,
    pub purpose: &'a str,
    pub phone_hash: &'a str,
    pub phone_enc: &'a str,
    pub client_hash: &'a str,
    pub code_hash: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Store {
    pub async fn insert_login_code(&self, c: &NewLoginCode<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO login_codes (id, phone_hash, phone_enc, client_hash, code_hash, created_at, expires_at, purpose) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(c.id)
        .bind(c.phone_hash)
        .bind(c.phone_enc)
        .bind(c.client_hash)
        .bind(c.code_hash)
        .bind(c.created_at)
        .bind(c.expires_at)
        .bind(c.purpose)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Codes sent since `since` to this phone: how many, and when the newest and oldest were.
    pub async fn codes_sent_to_phone(
        &self,
        phone_hash: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>, Option<i64>), sqlx::Error> {
        let r = sqlx::query(
            "SELECT COUNT(*) AS n, MAX(created_at) AS newest, MIN(created_at) AS oldest \
             FROM login_codes WHERE phone_hash = $1 AND created_at > $2",
        )
        .bind(phone_hash)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((r.try_get("n")?, r.try_get("newest")?, r.try_get("oldest")?))
    }

    /// Codes requested since `since` from this client address, and the oldest of them.
    pub async fn codes_sent_from_client(
        &self,
        client_hash: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>), sqlx::Error> {
        let r = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM login_codes WHERE client_hash = $1 AND created_at > $2",
        )
        .bind(client_hash)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((r.try_get("n")?, r.try_get("oldest")?))
    }

    pub async fn login_code(&self, id: &str) -> Result<Option<LoginCode>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, purpose, phone_hash, phone_enc, code_hash, expires_at, attempts, used_at FROM login_codes WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(LoginCode {
                id: r.try_get("id")?,
                purpose: r.try_get("purpose")?,
                phone_hash: r.try_get("phone_hash")?,
                phone_enc: r.try_get("phone_enc")?,
                code_hash: r.try_get("code_hash")?,
                expires_at: r.try_get("expires_at")?,
                attempts: r.try_get::<i64, _>("attempts")?,
                used_at: r.try_get("used_at")?,
            })
        })
        .transpose()
    }

    pub async fn delete_login_code(&self, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM login_codes WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Counts a wrong entry; returns the attempts made so far.
    pub async fn count_wrong_code(&self, id: &str) -> Result<i64, sqlx::Error> {
        sqlx::query("UPDATE login_codes SET attempts = attempts + 1 WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(self.login_code(id).await?.map_or(i64::MAX, |c| c.attempts))
    }

    /// Marks the code used if it still may be (unused, unexpired, under the attempt limit);
    /// `false` when another request used it first.
    pub async fn use_login_code(&self, id: &str, now: i64, max_attempts: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE login_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3",
        )
        .bind(id)
        .bind(now)
        .bind(max_attempts)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The person with this phone, created on first sign-in; returns the person's id.
    pub async fn person_for_phone(
        &self,
        new_id: &str,
        phone_hash: &str,
        phone_enc: &str,
        now: i64,
    ) -> Result<String, sqlx::Error> {
        sqlx::query(
            "INSERT INTO persons (id, phone_hash, phone_enc, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (phone_hash) DO NOTHING",
        )
        .bind(new_id)
        .bind(phone_hash)
        .bind(phone_enc)
        .bind(now)
        .execute(&self.writer)
        .await?;
        sqlx::query_scalar("SELECT id FROM persons WHERE phone_hash = $1")
            .bind(phone_hash)
            .fetch_one(&self.pool)
            .await
    }

    /// `assisted_by`: the staff member who opened it at a service hall for the person present.
    pub async fn insert_session(
        &self,
        token_digest: &str,
        person_id: &str,
        assisted_by: Option<&str>,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sessions (token_digest, person_id, assisted_by, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_digest)
        .bind(person_id)
        .bind(assisted_by)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn session(&self, token_digest: &str) -> Result<Option<SessionRow>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT s.person_id, p.phone_enc, s.assisted_by, s.created_at, s.last_seen_at FROM sessions s \
             JOIN persons p ON p.id = s.person_id WHERE s.token_digest = $1",
        )
        .bind(token_digest)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(SessionRow {
                person_id: r.try_get("person_id")?,
                phone_enc: r.try_get("phone_enc")?,
                assisted_by: r.try_get("assisted_by")?,
                created_at: r.try_get("created_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
            })
        })
        .transpose()
    }

    pub async fn touch_session(&self, kind: SessionKind, token_digest: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "UPDATE {} SET last_seen_at = $2 WHERE token_digest = $1",
            kind.table()
        ))
        .bind(token_digest)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn delete_session(&self, kind: SessionKind, token_digest: &str) -> Result<(), sqlx::Error> {
        sqlx::query(&format!("DELETE FROM {} WHERE token_digest = $1", kind.table()))
            .bind(token_digest)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The person an external account is bound to.
    pub async fn person_for_provider(&self, provider: &str, subject_hash: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT person_id FROM person_providers WHERE provider = $1 AND subject_hash = $2")
            .bind(provider)
            .bind(subject_hash)
            .fetch_optional(&self.pool)
            .await
    }

    /// The sealed account id a person has at a provider (the newest binding), for notices.
    pub async fn provider_subject(&self, provider: &str, person_id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT subject_enc FROM person_providers WHERE provider = $1 AND person_id = $2 \
             AND subject_enc IS NOT NULL ORDER BY bound_at DESC LIMIT 1",
        )
        .bind(provider)
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Binds an external account to a person; `Ok(false)` when it is bound already.
    pub async fn bind_provider(
        &self,
        provider: &str,
        subject_hash: &str,
        subject_enc: &str,
        person_id: &str,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        super::unless_taken(
            sqlx::query(
                "INSERT INTO person_providers (provider, subject_hash, subject_enc, person_id, bound_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(provider)
            .bind(subject_hash)
            .bind(subject_enc)
            .bind(person_id)
            .bind(now)
            .execute(&self.writer)
            .await,
        )
    }

    /// Moves a person to a new phone; `Ok(false)` when that phone belongs to someone else.
    pub async fn change_phone(&self, person_id: &str, phone_hash: &str, phone_enc: &str) -> Result<bool, sqlx::Error> {
        super::unless_taken(
            sqlx::query("UPDATE persons SET phone_hash = $2, phone_enc = $3 WHERE id = $1")
                .bind(person_id)
                .bind(phone_hash)
                .bind(phone_enc)
                .execute(&self.writer)
                .await,
        )
    }

    /// Records the person's document; `Ok(false)` when the person already stated one or the
    /// document belongs to someone else (the constraints decide, not a prior read).
    /// `birth_enc`: the sealed date of birth the person stated, for a document whose number
    /// carries none.
    pub async fn insert_identity(
        &self,
        person_id: &str,
        kind: &str,
        id_hash: &str,
        id_enc: &str,
        birth_enc: Option<&str>,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        super::unless_taken(
            sqlx::query(
                "INSERT INTO person_identities (person_id, kind, id_hash, id_enc, birth_enc, stated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(person_id)
            .bind(kind)
            .bind(id_hash)
            .bind(id_enc)
            .bind(birth_enc)
            .bind(now)
            .execute(&self.writer)
            .await,
        )
    }

    /// The date of birth added later to a stated pass that has none; `false` when it has one.
    pub async fn add_stated_birth(&self, person_id: &str, birth_enc: &str) -> Result<bool, sqlx::Error> {
        let done =
            sqlx::query("UPDATE person_identities SET birth_enc = $2 WHERE person_id = $1 AND birth_enc IS NULL")
                .bind(person_id)
                .bind(birth_enc)
                .execute(&self.writer)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The person's stated document: kind, the encrypted number and the encrypted stated date
    /// of birth, if any.
    pub async fn identity(&self, person_id: &str) -> Result<Option<IdentityRow>, sqlx::Error> {
        let row = sqlx::query("SELECT kind, id_enc, birth_enc FROM person_identities WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(IdentityRow {
                kind: r.try_get("kind")?,
                id_enc: r.try_get("id_enc")?,
                birth_enc: r.try_get("birth_enc")?,
            })
        })
        .transpose()
    }
}
