//! Test databases: a SQLite file in a temporary folder always, and a fresh PostgreSQL
//! database per test when a server is reachable (PORTAL_TEST_POSTGRES_URL, default the local
//! one), dropped afterwards.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor};

use super::{DbKind, Store};

const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/test.db", dir.path().display());
    (Store::open(&url, 4).await.unwrap(), dir)
}

/// Runs `check` against SQLite, then against PostgreSQL when one answers.
/// With PORTAL_REQUIRE_POSTGRES=1 (as `make test` sets) a missing PostgreSQL fails the test.
pub async fn each_database<F, Fut>(check: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let (store, _dir) = sqlite_store().await;
    assert_eq!(store.kind(), DbKind::Sqlite);
    check(store.clone()).await;
    store.close().await;

    let admin_url = std::env::var("PORTAL_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_PG.into());
    let required = std::env::var("PORTAL_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(e) if !required => {
            eprintln!("PostgreSQL not reachable at {admin_url} ({e}); SQLite only");
            return;
        }
        Err(e) => panic!("PostgreSQL required but not reachable at {admin_url}: {e}"),
    };
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "portal_test_{}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    );
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(b, _)| b);
    let store = Store::open(&format!("{base}/{name}"), 4).await.unwrap();
    assert_eq!(store.kind(), DbKind::Postgres);
    check(store.clone()).await;
    store.close().await;
    admin
        .execute(format!("DROP DATABASE {name}").as_str())
        .await
        .unwrap();
}
