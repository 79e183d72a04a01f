//! A credential WeChat hands out for a while, one for every app server: the access token, the
//! JS-SDK ticket. Each access token WeChat hands out voids the one before, so servers asking
//! for their own would void each other's; and WeChat limits how often either may be asked for.
//! Here one server renews the credential under a lease in the database while the others wait
//! for it and read it there; each keeps a copy in memory until shortly before it must be
//! renewed. Sealed at rest: the access token lets its holder act as the official account.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::backend::crypto::{random_token, Field, Vault};
use crate::backend::store::Store;

/// Renew this long before WeChat's own expiry.
const RENEW_EARLY_SECS: u64 = 300;
/// How long a server may take to renew before another may try.
const LEASE_SECS: i64 = 30;
/// How long a server waits for another's renewal (polling every 100 ms).
const WAIT_ROUNDS: u32 = 50;

pub struct SharedCredential {
    store: Store,
    vault: Arc<Vault>,
    /// Its row in `wechat_tokens`: the app id for the access token, `{app_id}#jsapi` for the
    /// ticket.
    key: String,
    /// What errors call it ("WeChat token").
    name: &'static str,
    /// This server, as the holder of a lease.
    holder: String,
    /// The credential, as sealed in the database, and when to renew it.
    copy: Mutex<Option<Kept>>,
}

#[derive(Clone)]
struct Kept {
    value: String,
    sealed: String,
    renew_at: i64,
}

impl SharedCredential {
    pub fn new(store: Store, vault: Arc<Vault>, key: String, name: &'static str) -> SharedCredential {
        SharedCredential {
            store,
            vault,
            key,
            name,
            holder: random_token(),
            copy: Mutex::new(None),
        }
    }

    /// Another credential in the same database, sealed with the same keys.
    pub fn sibling(&self, key: String, name: &'static str) -> SharedCredential {
        SharedCredential::new(self.store.clone(), self.vault.clone(), key, name)
    }

    /// A credential valid at `now`: this server's copy, the one in the database, or a new one
    /// from `fetch` (the value and WeChat's `expires_in`), called by whichever server holds
    /// the lease.
    pub async fn get<F, Fut>(&self, now: i64, fetch: F) -> Result<String, String>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(String, u64), String>>,
    {
        if let Some(copy) = self.copy().filter(|c| now < c.renew_at) {
            return Ok(copy.value);
        }
        let storage = |e: sqlx::Error| format!("{} storage: {e}", self.name);
        for _ in 0..WAIT_ROUNDS {
            if let Some(value) = self.stored(now).await? {
                return Ok(value);
            }
            let leased = self
                .store
                .take_credential_lease(&self.key, &self.holder, now, now + LEASE_SECS)
                .await
                .map_err(storage)?;
            if leased {
                // Another server may have stored a credential and let go of the lease between
                // the read above and taking it: then that one is the one.
                if let Some(value) = self.stored(now).await? {
                    self.store
                        .release_credential_lease(&self.key, &self.holder)
                        .await
                        .map_err(storage)?;
                    return Ok(value);
                }
                return match fetch().await {
                    Ok((value, expires_in)) => {
                        let sealed = self.vault.seal(Field::WeChatCredential, &value);
                        let renew_at = now.saturating_add_unsigned(expires_in.saturating_sub(RENEW_EARLY_SECS));
                        self.store
                            .put_wechat_credential(&self.key, &self.holder, &sealed, renew_at)
                            .await
                            .map_err(storage)?;
                        Ok(self.keep(value, sealed, renew_at))
                    }
                    Err(e) => {
                        self.store
                            .release_credential_lease(&self.key, &self.holder)
                            .await
                            .map_err(storage)?;
                        Err(e)
                    }
                };
            }
            // Another server is renewing it: its credential will be in the database shortly.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("{}: another server is still renewing it", self.name))
    }

    /// The credential in the database, when it is valid at `now` (kept in memory too).
    async fn stored(&self, now: i64) -> Result<Option<String>, String> {
        let stored = self
            .store
            .wechat_credential(&self.key)
            .await
            .map_err(|e| format!("{} storage: {e}", self.name))?;
        let Some((sealed, renew_at)) = stored.and_then(|s| Some((s.value_enc?, s.renew_at))) else {
            return Ok(None);
        };
        if now >= renew_at {
            return Ok(None);
        }
        let value = self
            .vault
            .open(Field::WeChatCredential, &sealed)
            .map_err(|e| format!("{}: {e}", self.name))?;
        Ok(Some(self.keep(value, sealed, renew_at)))
    }

    /// WeChat refused `value` (renewed elsewhere, or void early): the next use renews it.
    pub async fn refused(&self, value: &str) {
        let Some(copy) = self.copy().filter(|c| c.value == value) else {
            return;
        };
        *self.copy.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if let Err(e) = self.store.void_wechat_credential(&self.key, &copy.sealed).await {
            tracing::warn!(error = %e, credential = self.name, "refused WeChat credential not voided");
        }
    }

    fn copy(&self) -> Option<Kept> {
        self.copy.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn keep(&self, value: String, sealed: String, renew_at: i64) -> String {
        *self.copy.lock().unwrap_or_else(|e| e.into_inner()) = Some(Kept {
            value: value.clone(),
            sealed,
            renew_at,
        });
        value
    }
}
