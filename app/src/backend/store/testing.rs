//! Test databases: a SQLite file in a temporary folder always, and a fresh PostgreSQL
//! database when a server is reachable (PORTAL_TEST_POSTGRES_URL, default the local one),
//! dropped afterwards. Available to other crates' tests through the `test-support` feature.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor, PgConnection};

use super::{DbKind, Store};

const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/test.db", dir.path().display());
    (Store::open(&url, 4).await.unwrap(), dir)
}

/// A PostgreSQL database of its own for one test.
pub struct TestPostgres {
    admin: PgConnection,
    name: String,
    /// Scheme, user, host and port, without the database name.
    pub server_url: String,
}

impl TestPostgres {
    /// A new empty database, or `None` when no PostgreSQL answers. With
    /// PORTAL_REQUIRE_POSTGRES=1 (as CI sets) an unreachable server fails the test instead.
    pub async fn create() -> Option<TestPostgres> {
        let admin_url = std::env::var("PORTAL_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_PG.into());
        let required = std::env::var("PORTAL_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
        let mut admin = match PgConnection::connect(&admin_url).await {
            Ok(conn) => conn,
            Err(e) if !required => {
                eprintln!("PostgreSQL not reachable at {admin_url} ({e}); SQLite only");
                return None;
            }
            Err(e) => panic!("PostgreSQL required but not reachable at {admin_url}: {e}"),
        };
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "portal_test_{}_{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        );
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
        let server_url = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b)
            .to_owned();
        Some(TestPostgres {
            admin,
            name,
            server_url,
        })
    }

    pub fn url(&self) -> String {
        format!("{}/{}", self.server_url, self.name)
    }

    pub async fn drop_database(mut self) {
        let sql = format!("DROP DATABASE {} WITH (FORCE)", self.name);
        self.admin.execute(sql.as_str()).await.unwrap();
    }
}

/// Runs `check` against SQLite, then against PostgreSQL when one answers.
pub async fn each_database<F, Fut>(check: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let (store, _dir) = sqlite_store().await;
    assert_eq!(store.kind(), DbKind::Sqlite);
    check(store.clone()).await;
    store.close().await;

    if let Some(pg) = TestPostgres::create().await {
        let store = Store::open(&pg.url(), 4).await.unwrap();
        assert_eq!(store.kind(), DbKind::Postgres);
        check(store.clone()).await;
        store.close().await;
        pg.drop_database().await;
    }
}
