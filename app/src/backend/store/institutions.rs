//! The institution list: written by imports and the demo generator, read by the pages, the
//! API and the spatial index.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Store;
use crate::api::institutions::{Institution, Position};
use crate::domain::geo::Datum;
use crate::domain::institution::{services_from_mask, services_mask, Level, NewInstitution, Service};

const COLUMNS: &str =
    "code, name, level, division_code, parent_code, address, phones, services, hours, lon, lat, demo, updated_at";

fn institution_from_row(r: &AnyRow) -> Result<Institution, sqlx::Error> {
    let level: String = r.try_get("level")?;
    let phones: String = r.try_get("phones")?;
    let services = services_from_mask(r.try_get::<i64, _>("services")? as u8);
    let lon: Option<f64> = r.try_get("lon")?;
    let lat: Option<f64> = r.try_get("lat")?;
    Ok(Institution {
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        level: Level::parse(&level).ok_or_else(|| sqlx::Error::Decode(format!("level {level}").into()))?,
        division_code: r.try_get("division_code")?,
        parent_code: r.try_get("parent_code")?,
        address: r.try_get("address")?,
        phones: phones.split(';').filter(|p| !p.is_empty()).map(str::to_owned).collect(),
        handles_registration: services.contains(&Service::UnemploymentRegistration),
        services,
        hours: r.try_get("hours")?,
        position: lat.zip(lon).map(|(lat, lon)| Position {
            lat,
            lon,
            datum: Datum::Gcj02,
        }),
        demo: r.try_get::<i64, _>("demo")? != 0,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Store {
    /// Inserts or updates every row (by code) in one transaction, adding the 乡镇街道 and
    /// 社区/村 divisions the rows name. Either all rows are written or none.
    pub async fn upsert_institutions(&self, rows: &[NewInstitution], now: &str) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        for row in rows {
            if let Some(name) = &row.division_name {
                let parent = &row.division_code[..row.division_code.len() - 3];
                let level = if row.level == Level::Community {
                    "community"
                } else {
                    "township"
                };
                sqlx::query(
                    "INSERT INTO divisions (code, name, level, parent_code, lon, lat, source) \
                     VALUES ($1, $2, $3, $4, NULL, NULL, $5) \
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                )
                .bind(&row.division_code)
                .bind(name)
                .bind(level)
                .bind(parent)
                .bind(if row.demo { "示例数据" } else { "机构清单导入" })
                .execute(&mut *tx)
                .await?;
            }
            if let Some(class) = &row.urban_rural {
                sqlx::query("UPDATE divisions SET urban_rural = $1 WHERE code = $2")
                    .bind(class)
                    .bind(&row.division_code)
                    .execute(&mut *tx)
                    .await?;
            }
            let phones: Vec<&str> = row.phones.iter().map(|p| p.as_str()).collect();
            sqlx::query(&format!(
                "INSERT INTO institutions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, \
                 division_code = excluded.division_code, parent_code = excluded.parent_code, \
                 address = excluded.address, phones = excluded.phones, services = excluded.services, \
                 hours = excluded.hours, lon = excluded.lon, lat = excluded.lat, demo = excluded.demo, \
                 updated_at = excluded.updated_at"
            ))
            .bind(row.code.as_str())
            .bind(&row.name)
            .bind(row.level.as_str())
            .bind(&row.division_code)
            .bind(row.parent_code.as_ref().map(|c| c.as_str()))
            .bind(&row.address)
            .bind(phones.join(";"))
            .bind(i64::from(services_mask(&row.services)))
            .bind(&row.hours)
            .bind(row.position.map(|p| p.lon))
            .bind(row.position.map(|p| p.lat))
            .bind(i64::from(row.demo))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE data_versions SET version = version + 1 WHERE name = 'institutions'")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.read_data_versions().await.map(|_| ())
    }

    pub async fn institution(&self, code: &str) -> Result<Option<Institution>, sqlx::Error> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM institutions WHERE code = $1"))
            .bind(code)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(institution_from_row)
            .transpose()
    }

    /// The institutions with these codes, in the order of `codes`.
    pub async fn institutions_by_code(&self, codes: &[String]) -> Result<Vec<Institution>, sqlx::Error> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM institutions WHERE code IN ({})",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for code in codes {
            query = query.bind(code);
        }
        let mut found = query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(institution_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        found.sort_by_key(|i| codes.iter().position(|c| *c == i.code));
        Ok(found)
    }

    /// The whole list, which every app server keeps in memory (`institutions::Catalogue`).
    pub async fn all_institutions(&self) -> Result<Vec<Institution>, sqlx::Error> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM institutions"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(institution_from_row)
            .collect()
    }

    pub async fn institution_count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) AS n FROM institutions")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")
    }

    /// Changes with every change to the list (`data_versions`), so that every app server can
    /// tell when to rebuild its index.
    pub async fn institutions_version(&self) -> Result<i64, sqlx::Error> {
        self.data_version("institutions").await
    }

    /// Whether these codes name institutions already in the list.
    pub async fn existing_institution_codes(&self, codes: &[String]) -> Result<Vec<String>, sqlx::Error> {
        Ok(self
            .institutions_by_code(codes)
            .await?
            .into_iter()
            .map(|i| i.code)
            .collect())
    }
}
