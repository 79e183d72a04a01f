//! WeChat's access_token (`GET {api}/cgi-bin/token`), one for every app server. Each token
//! WeChat hands out voids the one before, so servers asking for their own would void each
//! other's and template messages (and later the JS-SDK ticket) would fail. Here one server
//! renews the token under a lease in the database while the others wait for it and read it
//! there; each keeps a copy in memory until shortly before it must be renewed.

use std::sync::Mutex;
use std::time::Duration;

use super::crypto::{random_token, Field, Vault};
use super::store::Store;

/// Renew this long before WeChat's own expiry.
const RENEW_EARLY_SECS: u64 = 300;
/// How long a server may take to renew before another may try.
const LEASE_SECS: i64 = 30;
/// How long a server waits for another's renewal (polling every 100 ms).
const WAIT_ROUNDS: u32 = 50;

pub struct AccessTokens {
    client: reqwest::Client,
    app_id: String,
    secret: String,
    /// https://api.weixin.qq.com (configurable, for tests and proxies)
    api_base: String,
    store: Store,
    vault: std::sync::Arc<Vault>,
    /// This server, as the holder of a lease.
    holder: String,
    /// The token, as sealed in the database, and when to renew it.
    copy: Mutex<Option<Kept>>,
}

#[derive(Clone)]
struct Kept {
    token: String,
    sealed: String,
    renew_at: i64,
}

#[derive(serde::Deserialize)]
struct Answer {
    access_token: Option<String>,
    expires_in: Option<u64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl AccessTokens {
    pub fn new(
        store: Store,
        vault: std::sync::Arc<Vault>,
        app_id: &str,
        secret: &str,
        api_base: &str,
    ) -> Result<AccessTokens, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("WeChat client: {e}"))?;
        Ok(AccessTokens {
            client,
            app_id: app_id.to_owned(),
            secret: secret.to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
            store,
            vault,
            holder: random_token(),
            copy: Mutex::new(None),
        })
    }

    /// A token valid at `now`: this server's copy, the one in the database, or a new one
    /// fetched by whichever server holds the lease.
    pub async fn get(&self, now: i64) -> Result<String, String> {
        if let Some(copy) = self.copy().filter(|c| now < c.renew_at) {
            return Ok(copy.token);
        }
        let storage = |e: sqlx::Error| format!("WeChat token storage: {e}");
        for _ in 0..WAIT_ROUNDS {
            if let Some(token) = self.stored(now).await? {
                return Ok(token);
            }
            let leased = self
                .store
                .take_token_lease(&self.app_id, &self.holder, now, now + LEASE_SECS)
                .await
                .map_err(storage)?;
            if leased {
                // Another server may have stored a token and let go of the lease between the
                // read above and taking it: then that token is the one.
                if let Some(token) = self.stored(now).await? {
                    self.store
                        .release_token_lease(&self.app_id, &self.holder)
                        .await
                        .map_err(storage)?;
                    return Ok(token);
                }
                return match self.fetch().await {
                    Ok((token, expires_in)) => {
                        let sealed = self.vault.seal(Field::AccessToken, &token);
                        let renew_at = now.saturating_add_unsigned(expires_in.saturating_sub(RENEW_EARLY_SECS));
                        self.store
                            .put_wechat_token(&self.app_id, &self.holder, &sealed, renew_at)
                            .await
                            .map_err(storage)?;
                        Ok(self.keep(token, sealed, renew_at))
                    }
                    Err(e) => {
                        self.store
                            .release_token_lease(&self.app_id, &self.holder)
                            .await
                            .map_err(storage)?;
                        Err(e)
                    }
                };
            }
            // Another server is renewing it: its token will be in the database shortly.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err("WeChat token: another server is still renewing it".into())
    }

    /// The token in the database, when it is valid at `now` (kept in memory too).
    async fn stored(&self, now: i64) -> Result<Option<String>, String> {
        let stored = self
            .store
            .wechat_token(&self.app_id)
            .await
            .map_err(|e| format!("WeChat token storage: {e}"))?;
        let Some((sealed, renew_at)) = stored.and_then(|s| Some((s.token_enc?, s.renew_at))) else {
            return Ok(None);
        };
        if now >= renew_at {
            return Ok(None);
        }
        let token = self
            .vault
            .open(Field::AccessToken, &sealed)
            .map_err(|e| format!("WeChat token: {e}"))?;
        Ok(Some(self.keep(token, sealed, renew_at)))
    }

    /// WeChat refused `token` (renewed elsewhere, or void early): the next use renews it.
    pub async fn refused(&self, token: &str) {
        let Some(copy) = self.copy().filter(|c| c.token == token) else {
            return;
        };
        *self.copy.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if let Err(e) = self.store.void_wechat_token(&self.app_id, &copy.sealed).await {
            tracing::warn!(error = %e, "refused WeChat token not voided");
        }
    }

    fn copy(&self) -> Option<Kept> {
        self.copy.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn keep(&self, token: String, sealed: String, renew_at: i64) -> String {
        *self.copy.lock().unwrap_or_else(|e| e.into_inner()) = Some(Kept {
            token: token.clone(),
            sealed,
            renew_at,
        });
        token
    }

    async fn fetch(&self) -> Result<(String, u64), String> {
        let answer: Answer = self
            .client
            .get(format!("{}/cgi-bin/token", self.api_base))
            .query(&[
                ("grant_type", "client_credential"),
                ("appid", self.app_id.as_str()),
                ("secret", self.secret.as_str()),
            ])
            .send()
            .await
            .map_err(|e| format!("WeChat token: {}", e.without_url()))?
            .json()
            .await
            .map_err(|e| format!("WeChat token answer: {e}"))?;
        let token = answer.access_token.ok_or_else(|| {
            format!(
                "WeChat token: {} {}",
                answer.errcode.unwrap_or(0),
                answer.errmsg.unwrap_or_default()
            )
        })?;
        Ok((token, answer.expires_in.unwrap_or(7200)))
    }
}
