//! Copies of a SQLite database, for `portal backup` and `portal restore`: a consistent copy
//! taken while the portal runs, the checks a copy passes before it replaces the database, and
//! the check that no process has the database open. (PostgreSQL has pg_dump and pg_restore.)

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteLockingMode};
use sqlx::{ConnectOptions, Connection};

use super::{DbKind, Store, MIGRATOR};

impl Store {
    /// Writes a copy of the whole database to `path`, which must not exist, while the portal
    /// keeps running. `VACUUM INTO` reads in one transaction, so the copy is one moment of the
    /// database (WAL lets the servers go on writing meanwhile), and writes a compact,
    /// self-contained file: no -wal beside it to forget.
    pub async fn backup_into(&self, path: &Path) -> Result<(), String> {
        if self.kind != DbKind::Sqlite {
            return Err("只有 SQLite 数据库可以这样备份；PostgreSQL 请用 pg_dump。".into());
        }
        if path.exists() {
            return Err(format!(
                "{} 已存在：备份不会覆盖已有的文件，请换一个新文件名。",
                path.display()
            ));
        }
        let target = path
            .to_str()
            .ok_or_else(|| format!("{}：文件名只能含 UTF-8 字符，请换一个文件名。", path.display()))?;
        // VACUUM INTO takes an expression: the name is bound, never spliced into the SQL.
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await
            .map_err(|e| format!("备份失败：{e}"))?;
        Ok(())
    }
}

/// Checks that `path` is a sound database of this portal that this binary can run: SQLite's
/// `integrity_check` finds nothing, and every migration it records succeeded and is one this
/// binary knows (a copy from a newer release would be run by code that does not know its
/// tables). Opened `immutable`: nothing is written beside it, and only the file itself is read,
/// which is exactly what a restore copies. Returns the newest migration version in it.
pub async fn check_backup(path: &Path) -> Result<i64, String> {
    let name = path.display();
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(|e| format!("{name}：打不开（{e}），请确认它是 portal backup 写的备份文件。"))?;
    let result = check_backup_on(&mut conn, &name.to_string()).await;
    // Closing a read-only connection cannot lose anything; its error would hide the result.
    let _ = conn.close().await;
    result
}

async fn check_backup_on(conn: &mut SqliteConnection, name: &str) -> Result<i64, String> {
    let not_sqlite = |e: sqlx::Error| format!("{name}：不是完好的 SQLite 数据库（{e}），请换一个备份文件。");
    let findings: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(not_sqlite)?;
    if findings != ["ok"] {
        return Err(format!(
            "{name}：SQLite 完整性检查发现问题（{}），这个备份不能用，请换一个备份文件。",
            findings.join("；")
        ));
    }
    let tables: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_one(&mut *conn)
            .await
            .map_err(not_sqlite)?;
    if tables == 0 {
        return Err(format!(
            "{name}：不是本门户的数据库（没有 _sqlx_migrations 表），请换一个 portal backup 写的备份文件。"
        ));
    }
    let applied: Vec<(i64, i64)> = sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&mut *conn)
        .await
        .map_err(not_sqlite)?;
    let known: BTreeSet<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if let Some((version, _)) = applied.iter().find(|(_, success)| *success == 0) {
        return Err(format!(
            "{name}：数据库迁移 {version} 在备份时没有完成，这个备份不能用，请换一个备份文件。"
        ));
    }
    if let Some((version, _)) = applied.iter().find(|(version, _)| !known.contains(version)) {
        return Err(format!(
            "{name}：含有本程序不认识的数据库迁移 {version}，它来自更新版本的门户：请用那个版本的 portal 恢复。"
        ));
    }
    Ok(applied.last().map_or(0, |(version, _)| *version))
}

/// How long the check waits for the database before it counts as in use.
const IN_USE_WAIT: Duration = Duration::from_secs(1);

/// Refuses when another process has the SQLite database at `db` open (a portal server still
/// running). `BEGIN IMMEDIATE` would not tell: in WAL mode it only waits for a writer, and an
/// idle server writes nothing. But every WAL connection keeps a shared lock on the database
/// file while it is open, and a connection in EXCLUSIVE locking mode must take an exclusive
/// lock on that file before it reads at all: it gets one only when no other connection exists.
/// The lock ends with this check, so a server started after it is not caught: the help of
/// `portal restore` says to stop every server first.
pub async fn refuse_if_in_use(db: &Path) -> Result<(), String> {
    let in_use = |e: sqlx::Error| {
        format!(
            "数据库 {} 正在使用（{e}）：请先停止门户的所有服务器进程（例如 systemctl stop portal），再恢复。",
            db.display()
        )
    };
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(IN_USE_WAIT)
        .connect()
        .await
        .map_err(in_use)?;
    let result = async {
        sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await?;
        sqlx::query("ROLLBACK").execute(&mut conn).await
    }
    .await;
    // Closing lets go of the lock (and, as the last connection, folds the -wal in).
    let closed = conn.close().await;
    result.map_err(in_use)?;
    closed.map_err(|e| format!("数据库 {}：{e}", db.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::store::testing;

    #[tokio::test]
    async fn a_backup_is_a_checked_copy_and_never_overwrites_a_file() {
        let (store, dir) = testing::sqlite_store().await;
        let copy = dir.path().join("copy.db");
        store.backup_into(&copy).await.unwrap();
        let newest = MIGRATOR.iter().map(|m| m.version).max().unwrap();
        assert_eq!(check_backup(&copy).await.unwrap(), newest);

        let before = std::fs::read(&copy).unwrap();
        let e = store.backup_into(&copy).await.unwrap_err();
        assert!(e.contains("已存在"), "{e}");
        assert_eq!(std::fs::read(&copy).unwrap(), before, "the file is left as it was");
    }

    #[tokio::test]
    async fn a_file_that_is_no_backup_of_the_portal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.db");
        std::fs::write(&text, "这不是数据库".repeat(200)).unwrap();
        let e = check_backup(&text).await.unwrap_err();
        assert!(e.contains("不是完好的 SQLite 数据库"), "{e}");

        let other = dir.path().join("other.db");
        let mut conn = SqliteConnectOptions::new()
            .filename(&other)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        let e = check_backup(&other).await.unwrap_err();
        assert!(e.contains("_sqlx_migrations"), "{e}");
    }

    #[tokio::test]
    async fn a_backup_from_a_newer_release_is_refused() {
        let (store, dir) = testing::sqlite_store().await;
        let copy = dir.path().join("copy.db");
        store.backup_into(&copy).await.unwrap();
        let mut conn = SqliteConnectOptions::new().filename(&copy).connect().await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99990101000000, 'from the future', 1, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        let e = check_backup(&copy).await.unwrap_err();
        assert!(e.contains("99990101000000") && e.contains("更新版本"), "{e}");
    }

    #[tokio::test]
    async fn a_database_open_elsewhere_is_in_use() {
        let (store, dir) = testing::sqlite_store().await;
        let db = dir.path().join("test.db");
        store.ping().await.unwrap();
        let e = refuse_if_in_use(&db).await.unwrap_err();
        assert!(e.contains("正在使用"), "{e}");
        store.close().await;
        refuse_if_in_use(&db).await.unwrap();
    }
}
