//! What every app server shares: data versions, per-client request counts and the WeChat
//! credentials.

use std::sync::atomic::Ordering;

use sqlx::Row;

use super::Store;

impl Store {
    /// The version of a kind of data (`institutions`): changes with every change to it.
    /// The sum of the shared data's versions (institutions, calendar, lists) as this server
    /// last read it: it moves whenever any of them does. Read at start, after this server
    /// changes any of them, and every `INDEX_REFRESH` (server) for the changes of other servers.
    pub fn data_versions_seen(&self) -> i64 {
        self.versions_seen.load(Ordering::Relaxed)
    }

    /// Reads the versions again (see `data_versions_seen`).
    pub async fn read_data_versions(&self) -> Result<i64, sqlx::Error> {
        let sum: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM data_versions")
            .fetch_one(&self.pool)
            .await?;
        self.versions_seen.fetch_max(sum, Ordering::Relaxed);
        Ok(sum)
    }

    pub async fn data_version(&self, name: &str) -> Result<i64, sqlx::Error> {
        let row = sqlx::query("SELECT version FROM data_versions WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        row.try_get("version")
    }

    /// Counts one more request of `bucket` in the window starting at `window_start`, and
    /// answers how many there are now (one statement: concurrent servers never lose a count).
    pub async fn count_request(&self, bucket: &str, window_start: i64) -> Result<i64, sqlx::Error> {
        let row = sqlx::query(
            "INSERT INTO rate_counts (bucket, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_counts.count + 1 \
             RETURNING count",
        )
        .bind(bucket)
        .bind(window_start)
        .fetch_one(&self.writer)
        .await?;
        row.try_get("count")
    }

    /// Forgets the counts of windows that started before `before`.
    pub async fn forget_counts(&self, before: i64) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM rate_counts WHERE window_start < $1")
            .bind(before)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}

/// A WeChat credential every app server shares (see `backend::wechat::credential`), as stored.
pub struct StoredCredential {
    pub value_enc: Option<String>,
    pub renew_at: i64,
}

// The credentials live in `wechat_tokens`, one row each: `app_id` holds the row's key, the
// account's app id for its access token and `{app_id}#jsapi` for its JS-SDK ticket.
impl Store {
    pub async fn wechat_credential(&self, key: &str) -> Result<Option<StoredCredential>, sqlx::Error> {
        let row = sqlx::query("SELECT token_enc, renew_at FROM wechat_tokens WHERE app_id = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(StoredCredential {
                value_enc: r.try_get("token_enc")?,
                renew_at: r.try_get("renew_at")?,
            })
        })
        .transpose()
    }

    /// Takes the lease to renew the credential until `until`, if nobody holds it at `now`; one
    /// statement, so of several servers asking at once exactly one gets it.
    pub async fn take_credential_lease(
        &self,
        key: &str,
        holder: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query("INSERT INTO wechat_tokens (app_id) VALUES ($1) ON CONFLICT (app_id) DO NOTHING")
            .bind(key)
            .execute(&self.writer)
            .await?;
        let done = sqlx::query(
            "UPDATE wechat_tokens SET lease_holder = $2, lease_until = $3 \
             WHERE app_id = $1 AND lease_until <= $4",
        )
        .bind(key)
        .bind(holder)
        .bind(until)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stores a renewed credential and ends the holder's lease.
    pub async fn put_wechat_credential(
        &self,
        key: &str,
        holder: &str,
        value_enc: &str,
        renew_at: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE wechat_tokens SET token_enc = $3, renew_at = $4, lease_holder = NULL, lease_until = 0 \
             WHERE app_id = $1 AND lease_holder = $2",
        )
        .bind(key)
        .bind(holder)
        .bind(value_enc)
        .bind(renew_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Ends the holder's lease without a new credential (WeChat did not give one).
    pub async fn release_credential_lease(&self, key: &str, holder: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE wechat_tokens SET lease_holder = NULL, lease_until = 0 WHERE app_id = $1 AND lease_holder = $2",
        )
        .bind(key)
        .bind(holder)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Marks the stored credential void when it is still `value_enc` (WeChat refused it), so
    /// that the next use renews it.
    pub async fn void_wechat_credential(&self, key: &str, value_enc: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE wechat_tokens SET renew_at = 0 WHERE app_id = $1 AND token_enc = $2")
            .bind(key)
            .bind(value_enc)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
