//! The one door to the database. SQLite (embedded default) and PostgreSQL share every query
//! and every migration through sqlx's `Any` driver.
//!
//! Rules for queries here: `$1` placeholders (both databases accept them); booleans are stored
//! as integers 0/1 (the `Any` driver decodes SQLite booleans only as integers).

#[cfg(any(test, feature = "test-support"))]
mod bulk;
mod calendar;
mod confirmations;
mod counters;
mod divisions;
mod endings;
mod export;
mod institutions;
mod lists;
mod notices;
mod outbox;
mod registrations;
mod service_311;
mod sign_in;
mod staff;
mod staff_queue;
mod statistics;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

#[cfg(any(test, feature = "test-support"))]
pub use bulk::Cell;
pub use confirmations::{ConfirmationRow, StaffCheckRow};
pub use counters::StoredToken;
pub use divisions::Division;
pub use endings::{NewEnding, PendingEndingRow};
pub use export::ExportRow;
pub use institutions::IndexPoint;
pub use lists::{ListEntryRow, NewListEntry};
pub use notices::NoticeRow;
pub use outbox::{Delivery, NewNotice};
pub use registrations::{DraftRow, EventRow, Move, NewRegistration, RegistrationRow};
pub use service_311::{FollowUpRow, NewServiceRecord, ServiceRecordRow};
pub use sign_in::{IdentityRow, LoginCode, NewLoginCode, SessionKind, SessionRow};
pub use staff::{AuditEntry, NewStaff, StaffRow};
pub use staff_queue::{QueueFilter, Transfer};
pub use statistics::{KeyCount, NewFacts, Period, StockRow, YearGroup};

use std::sync::atomic::AtomicI64;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use sqlx::any::AnyPoolOptions;
use sqlx::AnyConnection;
use sqlx::{AnyPool, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    /// Which database a URL names; `None` for anything else.
    pub fn of_url(url: &str) -> Option<DbKind> {
        let scheme = url.split_once(':')?.0;
        match scheme {
            "sqlite" => Some(DbKind::Sqlite),
            "postgres" | "postgresql" => Some(DbKind::Postgres),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    kind: DbKind,
    /// Turns for 统计's reads, which group a province's rows and run several at once: they
    /// may hold at most a third of the pool, so that a live count never makes a citizen's
    /// request wait for a connection.
    counting_turns: Arc<Semaphore>,
    /// See `Store::data_versions_seen`.
    versions_seen: Arc<AtomicI64>,
}

/// How long a request waits for a free connection before the store reports itself unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

impl Store {
    /// Opens a pool (creating a SQLite file and its folder if missing) and applies migrations.
    pub async fn open(url: &str, max_connections: u32) -> Result<Store, sqlx::Error> {
        let kind = DbKind::of_url(url)
            .ok_or_else(|| sqlx::Error::Configuration("DATABASE_URL 只支持 sqlite: 或 postgres:".into()))?;
        sqlx::any::install_default_drivers();
        let url = match kind {
            DbKind::Sqlite => prepare_sqlite_url(url)?,
            DbKind::Postgres => url.to_owned(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(move |conn: &mut AnyConnection, _| {
                Box::pin(async move {
                    if kind == DbKind::Sqlite {
                        // WAL lets readers run beside the writer; FULL sync keeps every
                        // acknowledged write across a power cut.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                    } else {
                        // 统计 groups a province's rows by area and kind; with the default
                        // 4 MB PostgreSQL misjudges the groups as too many to hash and sorts
                        // them on disk (a province's month took 1.06 s instead of 0.87 s).
                        // At most this much per sort or hash of a query, per connection.
                        conn.execute("SET work_mem = '32MB'").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let counting_turns = Arc::new(Semaphore::new((max_connections as usize / 3).max(1)));
        let store = Store {
            pool,
            kind,
            counting_turns,
            versions_seen: Arc::default(),
        };
        store.migrate().await?;
        store.read_data_versions().await?;
        Ok(store)
    }

    /// One migration folder serves both databases: its SQL is the dialect they share.
    async fn migrate(&self) -> Result<(), sqlx::Error> {
        sqlx::migrate!("../migrations").run(&self.pool).await?;
        Ok(())
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// Refreshes what SQLite's query planner knows of the tables and indexes (`ANALYZE`,
    /// seconds on a province's data). Without it the planner guesses, and on a large table
    /// it can read everything through the wrong index (统计 went from under 2 s to over 7 s).
    /// PostgreSQL's autovacuum keeps its own statistics.
    pub async fn refresh_planner_statistics(&self) -> Result<(), sqlx::Error> {
        if self.kind == DbKind::Sqlite {
            sqlx::query("ANALYZE").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Whether the database answers a trivial query now (for `/readyz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    /// Waits for queries in flight and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `Ok(true)` when written, `Ok(false)` when a UNIQUE constraint refused it: the database
/// decides, not a read before the write.
fn unless_taken<T>(result: Result<T, sqlx::Error>) -> Result<bool, sqlx::Error> {
    match result {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e),
    }
}

/// Creates the folder of a SQLite file and asks sqlx to create the file (`mode=rwc`).
fn prepare_sqlite_url(url: &str) -> Result<String, sqlx::Error> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_owned());
    }
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    }
    Ok(if query.contains("mode=") {
        url.to_owned()
    } else if query.is_empty() {
        format!("{url}?mode=rwc")
    } else {
        format!("{url}&mode=rwc")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::store::testing::{self, each_database};

    #[test]
    fn knows_the_database_from_the_url() {
        assert_eq!(DbKind::of_url("sqlite://data/x.db"), Some(DbKind::Sqlite));
        assert_eq!(DbKind::of_url("postgresql://h/db"), Some(DbKind::Postgres));
        assert_eq!(DbKind::of_url("mysql://h/db"), None);
        assert_eq!(DbKind::of_url("data.db"), None);
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(prepare_sqlite_url("sqlite::memory:").unwrap(), "sqlite::memory:");
        let dir = std::env::temp_dir().join(format!("portal-url-{}", std::process::id()));
        let url = format!("sqlite://{}/a.db", dir.display());
        assert_eq!(prepare_sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.is_dir(), "the folder is created");
        assert_eq!(
            prepare_sqlite_url(&format!("{url}?mode=ro")).unwrap(),
            format!("{url}?mode=ro")
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn opens_migrates_and_pings() {
        each_database(|store| async move {
            store.ping().await.unwrap();
            // Migrating twice is harmless (every start does it).
            store.migrate().await.unwrap();
        })
        .await;
    }

    #[tokio::test]
    async fn sqlite_runs_in_wal_mode_with_foreign_keys() {
        let (store, _dir) = testing::sqlite_store().await;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(fk, 1);
    }
}
