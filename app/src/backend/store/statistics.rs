//! What the figures are counted from, grouped by the registration's division so that one pass
//! gives an area and every area inside it; the facts kept at submission; frozen months.

use sqlx::Row;

use super::Store;
use crate::domain::statistics::pace::YearDay;

/// Registrations in force on a day, by division and the groups the figures split them into.
#[derive(Debug, Clone, PartialEq)]
pub struct StockRow {
    pub division_code: String,
    pub locality: String,
    pub basis: String,
    pub sex: String,
    /// The age band's code on the month's last day (`16-24` … `55+`), empty when unknown.
    pub band: String,
    pub hard_to_employ: bool,
    pub n: u64,
}

/// A count by division and one key (a channel, a reason, a method).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCount {
    pub division_code: String,
    pub key: String,
    pub n: u64,
}

/// Registrations of a division whose "311" year matters to the month, alike in how the month
/// counts them (see `pace::YearDay`) and in how many of each owed kind they had been given by
/// then (capped at what 3/1/1 asks).
#[derive(Debug, Clone, PartialEq)]
pub struct YearGroup {
    pub division_code: String,
    pub months: u32,
    pub ended_in_month: bool,
    pub in_year: bool,
    /// 岗位推荐, 职业指导, 培训信息, in the order of `service_311::OWED_KINDS`.
    pub given: [u32; 3],
    pub n: u64,
}

/// The facts of a registration the figures need, kept when it is submitted.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFacts {
    pub sex: String,
    pub birth_month: Option<String>,
    pub residence_county: String,
    pub residence_township: Option<String>,
    pub locality: String,
    pub locality_basis: String,
    pub hard_to_employ: bool,
}

/// The days and division of the month being counted.
pub struct Period<'a> {
    /// The division-code prefix of the area (43, 4301, 430104, …).
    pub prefix: &'a str,
    pub first: &'a str,
    pub last: &'a str,
    /// YYYY-MM.
    pub month: &'a str,
    /// The registration days whose "311" year matters to the month.
    pub years: &'a [YearDay],
    /// The latest birth month of the bands from 55, 45, 35 and 25 years on the last day.
    pub born_by: [String; 4],
}

/// An area as a range of division codes (`43` is from `43` up to `44`), which an index on the
/// code serves where `LIKE '43%'` would not.
pub(super) fn code_range(prefix: &str) -> (String, String) {
    let mut hi = prefix.as_bytes().to_vec();
    if let Some(last) = hi.last_mut() {
        *last += 1;
    }
    (prefix.to_owned(), String::from_utf8(hi).unwrap_or_default())
}

impl Period<'_> {
    fn bounds(&self) -> (String, String) {
        code_range(self.prefix)
    }

    /// `column` within the area: `$1` the range's start and `$hi` its end. For the whole
    /// province the test holds for every row, so it is made of the parameters alone: a range
    /// on the code would lead SQLite's planner to read the whole table through the division
    /// index instead of the day's index.
    fn within(&self, column: &str, hi: usize) -> String {
        if self.prefix.len() <= 2 {
            format!("${hi} > $1")
        } else {
            format!("{column} >= $1 AND {column} < ${hi}")
        }
    }
}

fn n(r: &sqlx::any::AnyRow) -> Result<u64, sqlx::Error> {
    Ok(u64::try_from(r.try_get::<i64, _>("n")?).unwrap_or(0))
}

fn key_counts(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<KeyCount>, sqlx::Error> {
    rows.iter()
        .map(|r| {
            Ok(KeyCount {
                division_code: r.try_get("division_code")?,
                key: r.try_get::<Option<String>, _>("k")?.unwrap_or_default(),
                n: n(r)?,
            })
        })
        .collect()
}

/// In force on `$2` (registered by then, see the queries) is two ranges of the index on
/// `ended_on`, each counted on its own: an `OR` of them would read the table.
const NOT_ENDED: &str = "r.ended_on IS NULL";
const ENDED_AFTER: &str = "r.ended_on > $2";

/// The first `n` + 1st day a `kind` counted for "311" was given since the registration date.
fn nth_given(kind: &str, n: u32) -> String {
    format!(
        "(SELECT s.given_on FROM service_records s WHERE s.registration_id = registrations.id \
         AND s.counts_311 = 1 AND s.kind = '{kind}' AND s.given_on >= registrations.registered_on \
         ORDER BY s.given_on LIMIT 1 OFFSET {n})"
    )
}

/// Sets the days of a registration's first counted services (migration 0021 explains them).
fn keep_firsts(which: &str) -> String {
    format!(
        "UPDATE registrations SET referral_1_on = {}, referral_2_on = {}, referral_3_on = {}, \
         guidance_on = {}, training_on = {} WHERE registered_on IS NOT NULL AND {which}",
        nth_given("job_referral", 0),
        nth_given("job_referral", 1),
        nth_given("job_referral", 2),
        nth_given("guidance", 0),
        nth_given("training", 0),
    )
}

impl Store {
    pub(super) async fn keep_facts(
        tx: &mut sqlx::AnyConnection,
        registration_id: &str,
        f: &NewFacts,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE registrations SET sex = $2, birth_month = $3, residence_county = $4, \
             residence_township = $5, locality = $6, locality_basis = $7, hard_to_employ = $8 \
             WHERE id = $1 AND sex IS NULL",
        )
        .bind(registration_id)
        .bind(&f.sex)
        .bind(&f.birth_month)
        .bind(&f.residence_county)
        .bind(&f.residence_township)
        .bind(&f.locality)
        .bind(&f.locality_basis)
        .bind(i64::from(f.hard_to_employ))
        .execute(&mut *tx)
        .await?;
        Ok(())
    }

    /// Registrations submitted before their facts were kept (older data), oldest first.
    pub async fn registrations_without_facts(
        &self,
        limit: i64,
    ) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT r.id, r.person_id, r.answers_enc, r.institution_code FROM registrations r \
             WHERE r.sex IS NULL \
             ORDER BY r.submitted_at LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("person_id")?,
                    r.try_get("answers_enc")?,
                    r.try_get("institution_code")?,
                ))
            })
            .collect()
    }

    pub async fn add_facts(&self, registration_id: &str, f: &NewFacts) -> Result<(), sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        Store::keep_facts(&mut conn, registration_id, f).await
    }

    /// Refusals decided before the day of the decision was kept: `(id, decided_at)`.
    pub async fn refusals_without_day(&self) -> Result<Vec<(String, i64)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, decided_at FROM registrations WHERE status = 'refused' AND decided_on IS NULL AND decided_at IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("decided_at")?)))
            .collect()
    }

    pub async fn set_decided_on(&self, id: &str, day: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE registrations SET decided_on = $1 WHERE id = $2 AND decided_on IS NULL")
            .bind(day)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The 城乡分类代码 of a division, if the institution list gave one.
    pub async fn urban_rural_code(&self, division_code: &str) -> Result<Option<String>, sqlx::Error> {
        Ok(sqlx::query("SELECT urban_rural FROM divisions WHERE code = $1")
            .bind(division_code)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get::<Option<String>, _>("urban_rural"))
            .transpose()?
            .flatten())
    }

    /// Runs one of 统计's reads in its turn (see `Store::counting_turns`).
    async fn counting<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error> {
        let _turn = self
            .counting_turns
            .acquire()
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        query.fetch_all(&self.pool).await
    }

    pub async fn stock(&self, p: &Period<'_>) -> Result<Vec<StockRow>, sqlx::Error> {
        let (mut open, ended_after) = tokio::try_join!(self.stock_part(p, NOT_ENDED), self.stock_part(p, ENDED_AFTER))?;
        open.extend(ended_after);
        Ok(open)
    }

    /// The stock of one part of those in force (`NOT_ENDED` or `ENDED_AFTER`).
    async fn stock_part(&self, p: &Period<'_>, ended: &str) -> Result<Vec<StockRow>, sqlx::Error> {
        let (lo, hi) = p.bounds();
        // The age band in the query, so that a row stands for a group, not a person.
        let rows = self
            .counting(
                sqlx::query(&format!(
                    "SELECT substr(r.division_code, 1, 9) AS division_code, r.locality, r.locality_basis, r.sex, \
             r.hard_to_employ, CASE WHEN r.birth_month IS NULL THEN '' WHEN r.birth_month <= $3 THEN '55+' \
             WHEN r.birth_month <= $4 THEN '45-54' WHEN r.birth_month <= $5 THEN '35-44' \
             WHEN r.birth_month <= $6 THEN '25-34' ELSE '16-24' END AS band, COUNT(*) AS n \
             FROM registrations r WHERE {ended} AND {} AND r.registered_on <= $2 AND r.sex IS NOT NULL \
             GROUP BY 1, 2, 3, 4, 5, 6",
                    p.within("r.division_code", 7)
                ))
                .bind(&lo)
                .bind(p.last)
                .bind(&p.born_by[0])
                .bind(&p.born_by[1])
                .bind(&p.born_by[2])
                .bind(&p.born_by[3])
                .bind(&hi),
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StockRow {
                    division_code: r.try_get("division_code")?,
                    locality: r.try_get("locality")?,
                    basis: r.try_get("locality_basis")?,
                    sex: r.try_get("sex")?,
                    band: r.try_get("band")?,
                    hard_to_employ: r.try_get::<i64, _>("hard_to_employ")? == 1,
                    n: n(r)?,
                })
            })
            .collect()
    }

    /// Registrations of the area matching `filter` (which may use the month's `$2` and `$3`),
    /// counted by division and `key`.
    async fn counted(&self, p: &Period<'_>, key: &str, filter: &str) -> Result<Vec<KeyCount>, sqlx::Error> {
        let (lo, hi) = p.bounds();
        let rows = self
            .counting(
                sqlx::query(&format!(
                    "SELECT division_code, {key} AS k, COUNT(*) AS n FROM registrations \
             WHERE {} AND {filter} GROUP BY division_code, {key}",
                    p.within("division_code", 4)
                ))
                .bind(lo)
                .bind(p.first)
                .bind(p.last)
                .bind(hi),
            )
            .await?;
        key_counts(rows)
    }

    /// Registered in the month, by channel (online, hall).
    pub async fn entries(&self, p: &Period<'_>) -> Result<Vec<KeyCount>, sqlx::Error> {
        self.counted(p, "channel", "registered_on BETWEEN $2 AND $3").await
    }

    /// Refused in the month.
    pub async fn refusals(&self, p: &Period<'_>) -> Result<Vec<KeyCount>, sqlx::Error> {
        self.counted(p, "status", "status = 'refused' AND decided_on BETWEEN $2 AND $3")
            .await
    }

    /// Ended in the month, by reason.
    pub async fn endings_in(&self, p: &Period<'_>) -> Result<Vec<KeyCount>, sqlx::Error> {
        self.counted(
            p,
            "end_reason",
            "registered_on IS NOT NULL AND ended_on BETWEEN $2 AND $3",
        )
        .await
    }

    /// Transfers in the month that touch the area: `(from_division, to_division)`.
    pub async fn transfers_in(&self, p: &Period<'_>) -> Result<Vec<(String, String)>, sqlx::Error> {
        let (lo, hi) = p.bounds();
        let rows = self
            .counting(
                sqlx::query(&format!(
                    "SELECT from_division, to_division FROM registration_transfers \
             WHERE on_date BETWEEN $2 AND $3 AND ({} OR {})",
                    p.within("from_division", 4),
                    p.within("to_division", 4)
                ))
                .bind(lo)
                .bind(p.first)
                .bind(p.last)
                .bind(hi),
            )
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("from_division")?, r.try_get("to_division")?)))
            .collect()
    }

    /// The month's confirmations of people in force at its end, by method.
    pub async fn confirmations_in(&self, p: &Period<'_>) -> Result<Vec<KeyCount>, sqlx::Error> {
        let (mut open, ended_after) = tokio::try_join!(
            self.confirmations_part(p, NOT_ENDED),
            self.confirmations_part(p, ENDED_AFTER)
        )?;
        open.extend(ended_after);
        Ok(open)
    }

    /// The confirmations of one part of those in force (`NOT_ENDED` or `ENDED_AFTER`).
    async fn confirmations_part(&self, p: &Period<'_>, ended: &str) -> Result<Vec<KeyCount>, sqlx::Error> {
        let (lo, hi) = p.bounds();
        let rows = self
            .counting(
                sqlx::query(&format!(
                    "SELECT substr(r.division_code, 1, 9) AS division_code, c.method AS k, COUNT(*) AS n \
             FROM registrations r JOIN monthly_confirmations c ON c.registration_id = r.id AND c.month = $3 \
             WHERE {ended} AND {} AND r.registered_on <= $2 GROUP BY 1, 2",
                    p.within("r.division_code", 4)
                ))
                .bind(&lo)
                .bind(p.last)
                .bind(p.month)
                .bind(&hi),
            )
            .await?;
        key_counts(rows)
    }

    /// Decided (登记 or 不予登记) in the month: `(division, submitted_on, decided_on)`.
    pub async fn decisions_in(&self, p: &Period<'_>) -> Result<Vec<(String, String, String)>, sqlx::Error> {
        let (lo, hi) = p.bounds();
        let rows = self
            .counting(
                sqlx::query(&format!(
                    "SELECT division_code, submitted_on, decided_on FROM registrations \
             WHERE {} AND decided_on BETWEEN $2 AND $3",
                    p.within("division_code", 4)
                ))
                .bind(lo)
                .bind(p.first)
                .bind(p.last)
                .bind(hi),
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("division_code")?,
                    r.try_get("submitted_on")?,
                    r.try_get("decided_on")?,
                ))
            })
            .collect()
    }

    /// The "311" years that matter to the month, grouped (see `YearGroup`): each registration
    /// day with the day its count stops, joined to the registrations of that day.
    pub async fn service_years(&self, p: &Period<'_>) -> Result<Vec<YearGroup>, sqlx::Error> {
        if p.years.is_empty() {
            return Ok(Vec::new());
        }
        let (lo, hi) = p.bounds();
        let values: Vec<String> = (0..p.years.len())
            .map(|i| {
                let b = 3 + 5 * i;
                format!("(${b}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4)
            })
            .collect();
        let before = |column: &str| format!("CASE WHEN r.{column} < y.bound THEN 1 ELSE 0 END");
        let sql = format!(
            "WITH years (registered_on, bound, months, ended_in_month, in_year) AS (VALUES {}) \
             SELECT substr(r.division_code, 1, 9) AS division_code, y.months, y.ended_in_month, y.in_year, \
             {} + {} + {} AS referrals, {} AS guidance, {} AS training, COUNT(*) AS n \
             FROM years y JOIN registrations r ON r.registered_on = y.registered_on \
             WHERE {} AND (r.ended_on IS NULL OR r.ended_on >= y.bound) GROUP BY 1, 2, 3, 4, 5, 6, 7",
            values.join(", "),
            before("referral_1_on"),
            before("referral_2_on"),
            before("referral_3_on"),
            before("guidance_on"),
            before("training_on"),
            p.within("r.division_code", 2),
        );
        let mut query = sqlx::query(&sql).bind(lo).bind(hi);
        for y in p.years {
            query = query
                .bind(y.registered_on.iso())
                .bind(y.bound.iso())
                .bind(i64::from(y.months))
                .bind(i64::from(y.ended_in_month))
                .bind(i64::from(y.in_year));
        }
        let count = |r: &sqlx::any::AnyRow, column: &str| -> Result<u32, sqlx::Error> {
            Ok(u32::try_from(r.try_get::<i64, _>(column)?).unwrap_or(0))
        };
        self.counting(query)
            .await?
            .iter()
            .map(|r| {
                Ok(YearGroup {
                    division_code: r.try_get("division_code")?,
                    months: count(r, "months")?,
                    ended_in_month: count(r, "ended_in_month")? == 1,
                    in_year: count(r, "in_year")? == 1,
                    given: [count(r, "referrals")?, count(r, "guidance")?, count(r, "training")?],
                    n: n(r)?,
                })
            })
            .collect()
    }

    /// The same for every registration, after records were written in bulk (the benchmark's
    /// synthetic load).
    pub async fn keep_all_311_firsts(&self) -> Result<(), sqlx::Error> {
        sqlx::query(&keep_firsts("1 = 1")).execute(&self.writer).await?;
        Ok(())
    }

    /// Claims the freezing of a month for this server: a new claim, or one left unfinished
    /// since before `stale_before`. `false` when done or another server holds it.
    pub async fn claim_freeze(&self, month: &str, now: i64, stale_before: i64) -> Result<bool, sqlx::Error> {
        let new = sqlx::query(
            "INSERT INTO statistics_freezes (month, claimed_at) VALUES ($1, $2) ON CONFLICT (month) DO NOTHING",
        )
        .bind(month)
        .bind(now)
        .execute(&self.writer)
        .await?
        .rows_affected()
            == 1;
        if new {
            return Ok(true);
        }
        let taken_over = sqlx::query(
            "UPDATE statistics_freezes SET claimed_at = $2 WHERE month = $1 AND done_at IS NULL AND claimed_at < $3",
        )
        .bind(month)
        .bind(now)
        .bind(stale_before)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(taken_over == 1)
    }

    /// When a month's figures were frozen, if they were.
    pub async fn freeze_done_at(&self, month: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query("SELECT done_at FROM statistics_freezes WHERE month = $1")
            .bind(month)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get::<Option<i64>, _>("done_at"))
            .transpose()
            .map(Option::flatten)
    }

    /// Writes a month's figures for every area and marks it done, all or nothing; figures
    /// already there stay as they are.
    pub async fn freeze(&self, month: &str, figures: &[(String, String)], now: i64) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        for (division, json) in figures {
            sqlx::query(
                "INSERT INTO statistics_months (month, division_code, figures, frozen_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (month, division_code) DO NOTHING",
            )
            .bind(month)
            .bind(division)
            .bind(json)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE statistics_freezes SET done_at = $2 WHERE month = $1")
            .bind(month)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// A frozen month's figures for one area: `(json, frozen_at)`.
    pub async fn frozen_figures(&self, month: &str, division: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
        sqlx::query("SELECT figures, frozen_at FROM statistics_months WHERE month = $1 AND division_code = $2")
            .bind(month)
            .bind(division)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| Ok((r.try_get("figures")?, r.try_get("frozen_at")?)))
            .transpose()
    }

    /// A frozen month's figures of every area under a division-code prefix: `(code, json)`.
    pub async fn frozen_under(&self, month: &str, prefix: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT division_code, figures FROM statistics_months WHERE month = $1 AND division_code LIKE $2 \
             ORDER BY division_code",
        )
        .bind(month)
        .bind(format!("{prefix}%"))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("division_code")?, r.try_get("figures")?)))
            .collect()
    }

    /// The earliest day anything was submitted (the first month worth freezing).
    pub async fn first_submission(&self) -> Result<Option<String>, sqlx::Error> {
        sqlx::query("SELECT MIN(submitted_on) AS first FROM registrations")
            .fetch_one(&self.pool)
            .await?
            .try_get("first")
    }
}

/// Keeps the days of a registration's first counted services after its records or its
/// registration date changed, inside the writer's transaction.
pub(super) async fn keep_311_firsts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    registration_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(&keep_firsts("id = $1"))
        .bind(registration_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
