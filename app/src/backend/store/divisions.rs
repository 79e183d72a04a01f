//! Administrative divisions: the 14 市州 and 122 县市区 of Hunan ship with the portal
//! (app/data/hunan-divisions.csv, GB/T 2260 codes, seat coordinates in GCJ-02) and are loaded
//! on every start; townships and communities come from imports.

use sqlx::Row;

use super::Store;
pub use crate::api::institutions::Division;

const REFERENCE_CSV: &str = include_str!("../../../data/hunan-divisions.csv");

/// The rows of the shipped CSV: code,name,level,parent,lon,lat,coord_note.
fn reference_rows() -> impl Iterator<Item = (Division, &'static str)> {
    REFERENCE_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.splitn(7, ',').collect();
            // The file is ours and checked by a test; a malformed line is a build defect.
            assert_eq!(cols.len(), 7, "bad line in hunan-divisions.csv: {line}");
            let division = Division {
                code: cols[0].to_owned(),
                name: cols[1].to_owned(),
                level: cols[2].to_owned(),
                parent_code: cols[3].to_owned(),
                lon: cols[4].parse().ok(),
                lat: cols[5].parse().ok(),
            };
            (division, cols[6])
        })
}

const DIVISION_COLUMNS: &str = "code, name, level, parent_code, lon, lat";

fn division_from_row(r: &sqlx::any::AnyRow) -> Result<Division, sqlx::Error> {
    Ok(Division {
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        level: r.try_get("level")?,
        parent_code: r.try_get("parent_code")?,
        lon: r.try_get("lon")?,
        lat: r.try_get("lat")?,
    })
}

impl Store {
    /// Inserts or refreshes the shipped divisions in one transaction (idempotent).
    pub async fn load_reference_divisions(&self) -> Result<usize, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let mut count = 0;
        for (d, source) in reference_rows() {
            sqlx::query(
                "INSERT INTO divisions (code, name, level, parent_code, lon, lat, source) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, \
                 parent_code = excluded.parent_code, lon = excluded.lon, lat = excluded.lat, \
                 source = excluded.source",
            )
            .bind(&d.code)
            .bind(&d.name)
            .bind(&d.level)
            .bind(&d.parent_code)
            .bind(d.lon)
            .bind(d.lat)
            .bind(source)
            .execute(&mut *tx)
            .await?;
            count += 1;
        }
        tx.commit().await?;
        Ok(count)
    }

    pub async fn division(&self, code: &str) -> Result<Option<Division>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {DIVISION_COLUMNS} FROM divisions WHERE code = $1"))
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(division_from_row).transpose()
    }

    /// The divisions directly below `parent` (430000 gives the 市州), ordered by code.
    pub async fn child_divisions(&self, parent: &str) -> Result<Vec<Division>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {DIVISION_COLUMNS} FROM divisions WHERE parent_code = $1 ORDER BY code"
        ))
        .bind(parent)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(division_from_row).collect()
    }

    /// Every division, which every app server keeps in memory (`institutions::Catalogue`).
    pub async fn all_divisions(&self) -> Result<Vec<Division>, sqlx::Error> {
        let rows = sqlx::query(&format!("SELECT {DIVISION_COLUMNS} FROM divisions"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(division_from_row).collect()
    }

    /// Which of these codes are known divisions.
    pub async fn known_division_codes(&self, codes: &[String]) -> Result<Vec<String>, sqlx::Error> {
        let mut known = Vec::new();
        // Chunks keep the statement within every database's parameter limit.
        for chunk in codes.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT code FROM divisions WHERE code IN ({})", marks.join(", "));
            let mut query = sqlx::query_scalar::<_, String>(&sql);
            for code in chunk {
                query = query.bind(code);
            }
            known.extend(query.fetch_all(&self.pool).await?);
        }
        Ok(known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::store::testing::each_database;

    #[test]
    fn the_shipped_file_has_14_prefectures_and_122_counties() {
        let rows: Vec<_> = reference_rows().map(|(d, _)| d).collect();
        assert_eq!(rows.iter().filter(|d| d.level == "prefecture").count(), 14);
        assert_eq!(rows.iter().filter(|d| d.level == "county").count(), 122);
        for d in &rows {
            assert!(d.code.len() == 6 && d.code.starts_with("43"), "{d:?}");
            assert!(d.lon.is_some() && d.lat.is_some(), "{d:?}");
        }
    }

    #[tokio::test]
    async fn loads_idempotently_and_reads_back() {
        each_database(|store| async move {
            assert_eq!(store.load_reference_divisions().await.unwrap(), 136);
            assert_eq!(store.load_reference_divisions().await.unwrap(), 136);
            let yuelu = store.division("430104").await.unwrap().unwrap();
            assert_eq!(yuelu.name, "岳麓区");
            assert_eq!(yuelu.parent_code, "430100");
            assert!((yuelu.lat.unwrap() - 28.23).abs() < 0.1);
            assert_eq!(store.division("999999").await.unwrap(), None);
            let prefectures = store.child_divisions("430000").await.unwrap();
            assert_eq!(prefectures.len(), 14);
            assert_eq!(prefectures[0].name, "长沙市");
            assert_eq!(store.child_divisions("433100").await.unwrap().len(), 8);
            let known = store
                .known_division_codes(&["430104".into(), "439999".into()])
                .await
                .unwrap();
            assert_eq!(known, ["430104"]);
        })
        .await;
    }
}
