//! Every registration of an area that mattered to a month, one anonymised row each, read as
//! the download is written (never all in memory): a province's export streams.

use sqlx::Row;
use tokio::sync::mpsc;

use super::Store;

/// One registration without anything that identifies the person.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub division_code: String,
    pub institution_code: String,
    pub channel: String,
    pub status: String,
    pub submitted_on: String,
    pub registered_on: Option<String>,
    pub decided_on: Option<String>,
    pub ended_on: Option<String>,
    pub end_reason: Option<String>,
    pub sex: Option<String>,
    pub birth_month: Option<String>,
    pub locality: Option<String>,
    pub locality_basis: Option<String>,
    pub hard_to_employ: bool,
    /// How the month was confirmed, if it was.
    pub confirmed_by: Option<String>,
}

/// Rows waiting between the database and the download: the back-pressure that keeps memory flat.
const BUFFERED: usize = 256;

fn export_row(r: &sqlx::any::AnyRow) -> Result<ExportRow, sqlx::Error> {
    Ok(ExportRow {
        division_code: r.try_get("division_code")?,
        institution_code: r.try_get("institution_code")?,
        channel: r.try_get("channel")?,
        status: r.try_get("status")?,
        submitted_on: r.try_get("submitted_on")?,
        registered_on: r.try_get("registered_on")?,
        decided_on: r.try_get("decided_on")?,
        ended_on: r.try_get("ended_on")?,
        end_reason: r.try_get("end_reason")?,
        sex: r.try_get("sex")?,
        birth_month: r.try_get("birth_month")?,
        locality: r.try_get("locality")?,
        locality_basis: r.try_get("locality_basis")?,
        hard_to_employ: r.try_get::<Option<i64>, _>("hard_to_employ")? == Some(1),
        confirmed_by: r.try_get("confirmed_by")?,
    })
}

impl Store {
    /// The registrations under `prefix` in force on any day from `first` to `last`, or
    /// submitted or decided then, ordered by division and submission, with the month's
    /// confirmation. A task reads them as the receiver takes them; it stops when the receiver
    /// is dropped (a download cancelled).
    pub fn export_rows(
        &self,
        prefix: &str,
        first: &str,
        last: &str,
        month: &str,
    ) -> mpsc::Receiver<Result<ExportRow, sqlx::Error>> {
        let (tx, rx) = mpsc::channel(BUFFERED);
        let pool = self.pool.clone();
        let (lo, hi) = super::statistics::code_range(prefix);
        let args = (lo, first.to_owned(), last.to_owned(), month.to_owned(), hi);
        tokio::spawn(async move {
            use futures_util::TryStreamExt;
            let mut rows = sqlx::query(
                "SELECT r.division_code, r.institution_code, r.channel, r.status, r.submitted_on, r.registered_on, \
                 r.decided_on, r.ended_on, r.end_reason, r.sex, r.birth_month, r.locality, r.locality_basis, \
                 r.hard_to_employ, c.method AS confirmed_by \
                 FROM registrations r \
                 LEFT JOIN monthly_confirmations c ON c.registration_id = r.id AND c.month = $4 \
                 WHERE r.division_code >= $1 AND r.division_code < $5 AND ((r.registered_on <= $3 AND (r.ended_on IS NULL OR r.ended_on >= $2)) \
                 OR r.submitted_on BETWEEN $2 AND $3 OR r.decided_on BETWEEN $2 AND $3) \
                 ORDER BY r.division_code, r.submitted_on, r.id",
            )
            .bind(&args.0)
            .bind(&args.1)
            .bind(&args.2)
            .bind(&args.3)
            .bind(&args.4)
            .fetch(&pool);
            loop {
                let next = match rows.try_next().await {
                    Ok(Some(r)) => export_row(&r),
                    Ok(None) => break,
                    Err(e) => Err(e),
                };
                let failed = next.is_err();
                if tx.send(next).await.is_err() || failed {
                    break;
                }
            }
        });
        rx
    }
}
