//! A coarse limit on state-changing requests per client address (every POST, PUT, PATCH and
//! DELETE), against scripted abuse; the sign-in limits that matter most are counted with the
//! codes themselves (see `auth`).
//!
//! On SQLite the portal is one process by design, so the count is kept in memory. On
//! PostgreSQL several app servers share the database, and a client's requests reach them in
//! turn, so the count is kept there (`rate_counts`, one upsert per write), keyed by an HMAC
//! of the address.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use super::crypto::{Field, Vault};
use super::store::{DbKind, Store};

#[derive(Clone)]
pub struct WriteLimits {
    per_minute: i64,
    counts: Arc<Counts>,
}

enum Counts {
    /// client → (minute, writes in it).
    Memory(Mutex<HashMap<String, (i64, i64)>>),
    Shared {
        store: Store,
        vault: Arc<Vault>,
        /// The minute old windows were last forgotten in (once a minute per server).
        swept: AtomicI64,
    },
}

impl WriteLimits {
    /// In memory on SQLite, in the database on PostgreSQL.
    pub fn new(store: Store, vault: Arc<Vault>, per_minute: u32) -> WriteLimits {
        match store.kind() {
            DbKind::Sqlite => WriteLimits::in_memory(per_minute),
            DbKind::Postgres => WriteLimits::shared(store, vault, per_minute),
        }
    }

    pub fn in_memory(per_minute: u32) -> WriteLimits {
        WriteLimits {
            per_minute: per_minute.into(),
            counts: Arc::new(Counts::Memory(Mutex::default())),
        }
    }

    pub fn shared(store: Store, vault: Arc<Vault>, per_minute: u32) -> WriteLimits {
        WriteLimits {
            per_minute: per_minute.into(),
            counts: Arc::new(Counts::Shared {
                store,
                vault,
                swept: AtomicI64::new(0),
            }),
        }
    }

    /// Counts a write by `client` at `now` (Unix seconds); `Err(seconds to wait)` over the
    /// limit. When the database cannot count, the write is let through (and logged): the
    /// limit guards against abuse, it must not take the portal down with the database.
    pub async fn check(&self, client: &str, now: i64) -> Result<(), i64> {
        let minute = now.div_euclid(60);
        let count = match &*self.counts {
            Counts::Memory(windows) => {
                let mut windows = windows.lock().unwrap_or_else(|e| e.into_inner());
                if windows.len() > 100_000 {
                    windows.retain(|_, (m, _)| *m == minute);
                }
                let entry = windows.entry(client.to_owned()).or_insert((minute, 0));
                if entry.0 != minute {
                    *entry = (minute, 0);
                }
                entry.1 += 1;
                entry.1
            }
            Counts::Shared { store, vault, swept } => {
                if swept.swap(minute, Ordering::Relaxed) != minute {
                    if let Err(e) = store.forget_counts((minute - 1) * 60).await {
                        tracing::warn!(error = %e, "old write counts not forgotten");
                    }
                }
                let bucket = vault.lookup_hash(Field::ClientAddress, client);
                match store.count_request(&format!("writes:{bucket}"), minute * 60).await {
                    Ok(n) => n,
                    Err(e) => {
                        tracing::warn!(error = %e, "write not counted");
                        return Ok(());
                    }
                }
            }
        };
        if count > self.per_minute {
            Err(60 - now.rem_euclid(60))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::store::testing::each_database;
    use crate::backend::testing::test_vault;

    async fn counts_per_client_per_minute(limits: WriteLimits) {
        let t = 1_800_000_020;
        for _ in 0..3 {
            assert!(limits.check("a", t).await.is_ok());
        }
        assert_eq!(limits.check("a", t + 1).await, Err(39));
        assert!(limits.check("b", t + 1).await.is_ok(), "another client");
        assert!(limits.check("a", t + 40).await.is_ok(), "the next minute");
    }

    #[tokio::test]
    async fn in_memory() {
        counts_per_client_per_minute(WriteLimits::in_memory(3)).await;
    }

    /// Two app servers (two `WriteLimits` on one database) share each client's count.
    #[tokio::test]
    async fn shared_by_every_server_on_one_database() {
        each_database(|store| async move {
            let vault = Arc::new(test_vault());
            counts_per_client_per_minute(WriteLimits::shared(store.clone(), vault.clone(), 3)).await;
            let (one, two) = (
                WriteLimits::shared(store.clone(), vault.clone(), 3),
                WriteLimits::shared(store, vault, 3),
            );
            let t = 1_800_000_200;
            assert!(one.check("c", t).await.is_ok());
            assert!(two.check("c", t).await.is_ok());
            assert!(one.check("c", t).await.is_ok());
            assert_eq!(
                two.check("c", t + 1).await,
                Err(39),
                "the fourth write, on the other server"
            );
        })
        .await;
    }
}
