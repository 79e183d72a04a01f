//! The one door to the database. SQLite (embedded default) and PostgreSQL share every query
//! and every migration through sqlx's `Any` driver.
//!
//! Rules for queries here: `$1` placeholders (both databases accept them); booleans are stored
//! as integers 0/1 (the `Any` driver decodes SQLite booleans only as integers).

mod backup;
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
pub mod rekey;
mod service_311;
mod sign_in;
mod staff;
mod staff_queue;
mod statistics;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

pub use backup::{check_backup, refuse_if_in_use};
#[cfg(any(test, feature = "test-support"))]
pub use bulk::Cell;
pub use confirmations::{ConfirmationRow, StaffCheckRow};
pub use counters::StoredCredential;
pub use divisions::Division;
pub use endings::{NewEnding, PendingEndingRow};
pub use export::ExportRow;
pub use lists::{ListEntryRow, NewListEntry};
pub use notices::NoticeRow;
pub use outbox::{Delivery, NewNotice};
pub use registrations::{DraftRow, EventRow, Move, NewRegistration, RegistrationRow};
pub use service_311::{FollowUpRow, NewServiceRecord, ServiceRecordRow};
pub use sign_in::{IdentityRow, LoginCode, NewLoginCode, SessionKind, SessionRow};
pub use staff::{AuditEntry, NewStaff, StaffRow};
pub use staff_queue::{QueueFilter, Transfer};
pub use statistics::{KeyCount, NewFacts, Period, StockRow, YearGroup};

use std::path::Path;
use std::sync::atomic::AtomicI64;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::AnyConnection;
use sqlx::{AnyPool, Executor};

/// The migrations, built into the binary. One folder serves both databases: its SQL is the
/// dialect they share. `portal restore` also reads it, to refuse a copy from a newer release.
static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

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
    /// Where every write goes. On SQLite, one connection: the database lets one writer in at a
    /// time, and a connection that finds another writing sleeps in SQLite's busy handler
    /// (1, 2, 5, 10 … ms); measured under 32 concurrent draft saves, two such sleeps per save
    /// and a p99 of 140 ms. Waiting here, in the queue for the one connection, costs nothing.
    /// On PostgreSQL, the pool itself.
    writer: AnyPool,
    kind: DbKind,
    /// Turns for 统计's reads, which group a province's rows and run several at once: they
    /// may hold at most a third of the pool, so that a live count never makes a citizen's
    /// request wait for a connection.
    counting_turns: Arc<Semaphore>,
    /// See `Store::data_versions_seen`.
    versions_seen: Arc<AtomicI64>,
}

/// See [`Store::pool_use`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open, in use or idle.
    pub open: u32,
    /// Open connections no query is using.
    pub idle: usize,
    /// The most the pool opens (PORTAL_DB_MAX_CONNECTIONS).
    pub max: u32,
}

/// How long a request waits for a free connection before the store reports itself unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// The connections' settings on either database.
fn pool_options(kind: DbKind, max_connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
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
}

impl Store {
    /// Opens a pool (creating a SQLite file and its folder if missing) and applies migrations.
    pub async fn open(url: &str, max_connections: u32) -> Result<Store, sqlx::Error> {
        let url = match DbKind::of_url(url) {
            Some(DbKind::Sqlite) => prepare_sqlite_url(url)?,
            _ => url.to_owned(),
        };
        let store = Store::connect(&url, max_connections).await?;
        store.migrate().await?;
        store.read_data_versions().await?;
        Ok(store)
    }

    /// A pool on the database as `url` names it, without migrations; a SQLite file is created
    /// only if the URL asks for it (`mode=rwc`, as `open` makes it). Alone, for the operator
    /// commands that must leave the database as it is (`check-config`, `backup`).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, sqlx::Error> {
        let kind = DbKind::of_url(url)
            .ok_or_else(|| sqlx::Error::Configuration("DATABASE_URL 只支持 sqlite: 或 postgres:".into()))?;
        sqlx::any::install_default_drivers();
        let pool = pool_options(kind, max_connections).connect(url).await?;
        let counting_turns = Arc::new(Semaphore::new((max_connections as usize / 3).max(1)));
        let writer = match kind {
            DbKind::Postgres => pool.clone(),
            DbKind::Sqlite => {
                pool_options(kind, 1)
                    // As long as SQLite's own busy_timeout: a freeze of 统计 holds it for seconds.
                    .acquire_timeout(Duration::from_secs(5))
                    .connect(url)
                    .await?
            }
        };
        Ok(Store {
            pool,
            writer,
            kind,
            counting_turns,
            versions_seen: Arc::default(),
        })
    }

    async fn migrate(&self) -> Result<(), sqlx::Error> {
        MIGRATOR.run(&self.pool).await?;
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
            sqlx::query("ANALYZE").execute(&self.writer).await?;
        }
        Ok(())
    }

    /// Whether the database answers a trivial query now (for `/readyz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    /// How the connection pool is used now (for the metrics). On SQLite the one writing
    /// connection is a pool of its own, not counted here.
    pub fn pool_use(&self) -> PoolUse {
        PoolUse {
            open: self.pool.size(),
            idle: self.pool.num_idle(),
            max: self.pool.options().get_max_connections(),
        }
    }

    /// Waits for queries in flight and closes every connection.
    pub async fn close(&self) {
        self.writer.close().await;
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

/// The file a `sqlite:` URL names (as sqlx reads it: `sqlite://data/x.db` is relative,
/// `sqlite:///srv/x.db` absolute), without its `?options`; `None` for an in-memory database
/// and for PostgreSQL.
pub fn sqlite_path(url: &str) -> Option<&Path> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    (!path.is_empty() && path != ":memory:").then_some(Path::new(path))
}

/// Creates the folder of a SQLite file and asks sqlx to create the file (`mode=rwc`).
fn prepare_sqlite_url(url: &str) -> Result<String, sqlx::Error> {
    let Some(path) = sqlite_path(url) else {
        return Ok(url.to_owned());
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    }
    let query = url.split_once('?').map_or("", |(_, query)| query);
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
    fn finds_the_file_of_a_sqlite_url() {
        assert_eq!(sqlite_path("sqlite://data/x.db?mode=ro"), Some(Path::new("data/x.db")));
        assert_eq!(
            sqlite_path("sqlite:///srv/portal.db"),
            Some(Path::new("/srv/portal.db"))
        );
        assert_eq!(sqlite_path("sqlite:x.db"), Some(Path::new("x.db")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
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
