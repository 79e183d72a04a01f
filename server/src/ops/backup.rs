//! `portal backup FILE` and `portal restore FILE` for the SQLite database (the checks and the
//! copy itself are the store's). PostgreSQL has its own tools: for it these commands name them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use app::backend::clock::{Clock, SystemClock};
use app::backend::store::{check_backup, refuse_if_in_use, sqlite_path, DbKind, Store};

use crate::config::Config;

pub async fn backup(config: &Config, file: &Path) -> ExitCode {
    if DbKind::of_url(&config.database_url) != Some(DbKind::Sqlite) {
        return postgres_tools();
    }
    finish(take_backup(&config.database_url, file).await)
}

pub async fn restore(config: &Config, file: &Path) -> ExitCode {
    if DbKind::of_url(&config.database_url) != Some(DbKind::Sqlite) {
        return postgres_tools();
    }
    finish(restore_sqlite(&config.database_url, file).await)
}

/// What to run for PostgreSQL instead. The URL stays in the environment: on a command line
/// every user of the machine could read its password.
fn postgres_tools() -> ExitCode {
    eprintln!("PostgreSQL 的备份与恢复请用它自带的工具（portal backup/restore 只用于 SQLite）：");
    eprintln!("  备份：pg_dump --format=custom --file=portal.dump \"$DATABASE_URL\"");
    eprintln!(
        "  恢复（先停止门户的所有服务器）：pg_restore --clean --if-exists --no-owner --dbname=\"$DATABASE_URL\" portal.dump"
    );
    ExitCode::from(2)
}

fn finish(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Opened without migrations: a backup leaves the database as the running servers know it.
async fn take_backup(database_url: &str, file: &Path) -> Result<String, String> {
    let store = Store::connect(database_url, 1)
        .await
        .map_err(|e| format!("无法打开数据库（DATABASE_URL）：{e}"))?;
    let written = store.backup_into(file).await;
    store.close().await;
    written?;
    // On disk before it is reported done.
    let size = std::fs::File::open(file)
        .and_then(|f| {
            f.sync_all()?;
            f.metadata()
        })
        .map_err(|e| format!("{}：{e}", file.display()))?
        .len();
    Ok(format!(
        "已备份到 {}（{size} 字节：备份开始那一刻的完整数据库）。恢复时先停止门户，再运行 portal restore {}。",
        file.display(),
        file.display()
    ))
}

async fn restore_sqlite(database_url: &str, file: &Path) -> Result<String, String> {
    let db =
        sqlite_path(database_url).ok_or("DATABASE_URL 指向内存数据库，没有可恢复的文件：请设为 sqlite://路径。")?;
    if !file.is_file() {
        return Err(format!("找不到备份文件 {}：请检查路径。", file.display()));
    }
    if same_file(file, db) {
        return Err(format!(
            "{} 就是 DATABASE_URL 的数据库本身：请指定 portal backup 写的备份文件。",
            file.display()
        ));
    }
    let version = check_backup(file).await?;
    if db.exists() {
        refuse_if_in_use(db).await?;
    }
    let moved = move_aside(db, SystemClock.now().unix())?;
    put_in_place(file, db)?;
    let before = if moved.is_empty() {
        "原来没有数据库文件。".to_owned()
    } else {
        let names: Vec<String> = moved.iter().map(|p| p.display().to_string()).collect();
        format!("原来的数据库已移到 {}，确认无误后可删除。", names.join("、"))
    };
    Ok(format!(
        "已用 {} 恢复数据库 {}（数据库迁移版本 {version}）。{before}现在可以启动门户。",
        file.display(),
        db.display()
    ))
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Moves the database and its -wal and -shm aside as `<db>.before-restore-<unix time>`, with
/// the same endings, so that SQLite opens the three together again. A -wal left behind would
/// be read as the restored file's own, so it moves even when the database file is gone.
fn move_aside(db: &Path, unix: i64) -> Result<Vec<PathBuf>, String> {
    let aside = with_suffix(db, &format!(".before-restore-{unix}"));
    let mut moved = Vec::new();
    for ending in ["", "-wal", "-shm"] {
        let from = with_suffix(db, ending);
        if from.exists() {
            let to = with_suffix(&aside, ending);
            std::fs::rename(&from, &to).map_err(|e| format!("无法把 {} 移到 {}：{e}", from.display(), to.display()))?;
            moved.push(to);
        }
    }
    Ok(moved)
}

/// Copies the backup to the database's path through a temporary name in the same folder, so
/// that the path never holds half a copy.
fn put_in_place(file: &Path, db: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("无法把 {} 复制为 {}：{e}", file.display(), db.display());
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let partial = with_suffix(db, ".restoring");
    std::fs::copy(file, &partial).map_err(fail)?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(fail)?;
    std::fs::rename(&partial, db).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_and_its_wal_and_shm_move_aside_together() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("portal.db");
        for ending in ["", "-wal", "-shm"] {
            std::fs::write(with_suffix(&db, ending), ending).unwrap();
        }
        let moved = move_aside(&db, 1_700_000_000).unwrap();
        let aside = dir.path().join("portal.db.before-restore-1700000000");
        assert_eq!(
            moved,
            [aside.clone(), with_suffix(&aside, "-wal"), with_suffix(&aside, "-shm")]
        );
        assert_eq!(std::fs::read_to_string(with_suffix(&aside, "-wal")).unwrap(), "-wal");
        for ending in ["", "-wal", "-shm"] {
            assert!(!with_suffix(&db, ending).exists(), "{ending} moved");
        }
    }

    #[test]
    fn a_copy_is_put_in_place_whole() {
        let dir = tempfile::tempdir().unwrap();
        let backup = dir.path().join("backup.db");
        std::fs::write(&backup, "copy").unwrap();
        let db = dir.path().join("data").join("portal.db");
        put_in_place(&backup, &db).unwrap();
        assert_eq!(std::fs::read_to_string(&db).unwrap(), "copy");
        assert!(!with_suffix(&db, ".restoring").exists());
    }
}
