//! Writing many synthetic rows fast, for the benchmarks' province-sized loads (test support
//! only): multi-row INSERTs of literal values inside one transaction per call.

use super::Store;

/// A value of a synthetic row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Null,
}

impl Cell {
    fn literal(&self, out: &mut String) {
        match self {
            Cell::Text(s) => {
                out.push('\'');
                out.push_str(&s.replace('\'', "''"));
                out.push('\'');
            }
            Cell::Int(n) => out.push_str(&n.to_string()),
            Cell::Null => out.push_str("NULL"),
        }
    }
}

/// Rows per INSERT statement.
const CHUNK: usize = 500;

impl Store {
    /// Inserts `rows` (values in the order of `columns`) into `table`, all or none.
    pub async fn bulk_insert(&self, table: &str, columns: &[&str], rows: &[Vec<Cell>]) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        for chunk in rows.chunks(CHUNK) {
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            for (i, row) in chunk.iter().enumerate() {
                sql.push_str(if i == 0 { "(" } else { ", (" });
                for (j, cell) in row.iter().enumerate() {
                    if j > 0 {
                        sql.push_str(", ");
                    }
                    cell.literal(&mut sql);
                }
                sql.push(')');
            }
            sqlx::raw_sql(&sql).execute(&mut *tx).await?;
        }
        tx.commit().await
    }

    /// How many rows a table has (the benchmarks check a load before using it).
    pub async fn count_rows(&self, table: &str) -> Result<i64, sqlx::Error> {
        use sqlx::Row;
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .fetch_one(&self.pool)
            .await?
            .try_get("n")
    }
}
