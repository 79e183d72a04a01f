//! Freezing a past month's figures once, across all app servers, and recounting a frozen
//! month to list what changed since (`portal stats verify`).

use std::collections::BTreeMap;

use super::count::{Scope, PROVINCE};
use super::{parse, Statistics};
use crate::api::statistics::Figures;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::statistics::month::Month;

/// A claim left unfinished this long (its server stopped) is taken over.
const CLAIM_SECS: i64 = 3600;

/// Every area: the province down to the 乡镇街道.
fn everywhere() -> Scope {
    Scope {
        top: PROVINCE.into(),
        max_depth: 3,
    }
}

/// A frozen figure that a recount gives differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub division: String,
    pub division_name: String,
    pub section: String,
    pub item: String,
    pub frozen: String,
    pub recounted: String,
}

impl Statistics {
    /// Freezes each past month not frozen yet (from the first submission on) that this server
    /// claims; the months it froze.
    pub async fn freeze_due(&self, today: Ymd, now: i64) -> Result<Vec<Month>, Error> {
        let Some(first) = self.store.first_submission().await?.as_deref().and_then(Ymd::parse_iso) else {
            return Ok(Vec::new());
        };
        let mut done = Vec::new();
        let mut month = Month::of(first);
        while month < Month::of(today) {
            let m = month.iso();
            if self.store.freeze_done_at(&m).await?.is_none()
                && self.store.claim_freeze(&m, now, now - CLAIM_SECS).await?
            {
                self.freeze(month, now).await?;
                done.push(month);
            }
            month = month.next();
        }
        Ok(done)
    }

    async fn freeze(&self, month: Month, now: i64) -> Result<(), Error> {
        let figures = self.count(month, everywhere()).await?;
        let rows = figures
            .iter()
            .map(|(code, f)| {
                Ok((
                    code.clone(),
                    serde_json::to_string(f).map_err(|e| Error::Internal(e.to_string()))?,
                ))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        self.store.freeze(&month.iso(), &rows, now).await?;
        tracing::info!(month = %month.iso(), areas = rows.len(), "statistics frozen");
        Ok(())
    }

    /// Recounts a frozen month from the records as they are now: every figure of every area
    /// that differs from what was frozen.
    pub async fn verify(&self, month: Month) -> Result<Vec<Difference>, Error> {
        if self.store.freeze_done_at(&month.iso()).await?.is_none() {
            return Err(Error::Conflict(format!(
                "{}的统计数据还没有冻结，无法核对。",
                month.label()
            )));
        }
        let frozen: BTreeMap<String, Figures> = self
            .store
            .frozen_under(&month.iso(), "")
            .await?
            .iter()
            .map(|(code, json)| Ok((code.clone(), parse(json)?)))
            .collect::<Result<_, Error>>()?;
        let recounted = self.count(month, everywhere()).await?;
        let mut out = Vec::new();
        let codes: std::collections::BTreeSet<&String> = frozen.keys().chain(recounted.keys()).collect();
        for code in codes {
            let zero = || Figures {
                division: code.clone(),
                ..super::count::empty(month, code)
            };
            let (a, b) = (
                frozen.get(code).cloned().unwrap_or_else(zero),
                recounted.get(code).cloned().unwrap_or_else(zero),
            );
            let name = if a.division_name.is_empty() {
                &b.division_name
            } else {
                &a.division_name
            };
            let (la, lb) = (a.lines(), b.lines());
            for (x, y) in la.iter().zip(&lb) {
                if x.value != y.value || x.item != y.item {
                    out.push(Difference {
                        division: code.clone(),
                        division_name: name.clone(),
                        section: x.section.into(),
                        item: x.item.clone(),
                        frozen: x.value.clone(),
                        recounted: y.value.clone(),
                    });
                }
            }
        }
        Ok(out)
    }
}
