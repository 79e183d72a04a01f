//! 失业登记统计: a month's figures for an area, counted straight from the records, for staff
//! scoped to their area. A past month is frozen once at its end (one app server does it) so
//! later edits do not change what was reported; `verify` recounts a frozen month and lists
//! every difference.

mod count;
mod facts;
mod freeze;
mod rows;
#[cfg(test)]
mod tests;

pub use count::PROVINCE;
pub use facts::facts_of;
pub use freeze::Difference;
pub use rows::{Format, FIGURES_HEADER, ROWS_HEADER};

use std::collections::BTreeMap;

use count::{depth, Counter, Scope};

use crate::api::institutions::division_prefix;
use crate::api::statistics::{Figures, Statistics as Answer, StatisticsQuery, TrendPoint};
use crate::backend::auth::staff::StaffSession;
use crate::backend::auth::Auth;
use crate::backend::calendar::Calendar;
use crate::backend::store::{Period, Store};
use crate::backend::{rfc3339, Error};
use crate::domain::date::Ymd;
use crate::domain::statistics::month::Month;
use crate::domain::statistics::pace::year_days;
use crate::domain::statistics::pace::BEHIND_RULE;
use crate::domain::statistics::people::{born_by, LOCALITY_RULE};

#[derive(Clone)]
pub struct Statistics {
    store: Store,
    calendar: Calendar,
    /// For the audit log of row exports.
    auth: Auth,
}

/// A month and an area as asked: the month not after the current one, the area a division
/// the account may see (anything else is not found, as if it did not exist).
pub struct Asked {
    pub month: Month,
    pub division: String,
}

impl Statistics {
    pub fn new(store: Store, calendar: Calendar, auth: Auth) -> Statistics {
        Statistics { store, calendar, auth }
    }

    /// Checks what a staff member asked for against the account's area.
    pub async fn asked(&self, staff: &StaffSession, q: &StatisticsQuery, today: Ymd) -> Result<Asked, Error> {
        let month = match q.month.trim() {
            "" => Month::of(today),
            m => Month::parse(m)
                .ok_or_else(|| Error::invalid_field("month", "统计月份：请按“年-月”填写，例如 2026-11"))?,
        };
        if month > Month::of(today) {
            return Err(Error::invalid_field(
                "month",
                "统计月份：不能晚于本月，请选择本月或以前的月份",
            ));
        }
        let division = match q.division.trim() {
            "" => own_area(staff),
            d if (d.len() == 6 || d.len() == 9) && d.bytes().all(|b| b.is_ascii_digit()) => d.to_owned(),
            _ => {
                return Err(Error::invalid_field(
                    "division",
                    "统计地区：请填写6位县市区、市州代码或9位乡镇街道代码，例如 430104",
                ))
            }
        };
        let own = own_area(staff);
        if !division_prefix(&division).starts_with(division_prefix(&own)) || self.name_of(&division).await?.is_none() {
            return Err(Error::NotFound);
        }
        Ok(Asked { month, division })
    }

    /// The figures of the month and area, the areas one level down, and the 12-month trend.
    pub async fn report(&self, asked: &Asked, today: Ymd) -> Result<Answer, Error> {
        let (figures, mut areas, frozen_at) = self.month_with_areas(asked.month, &asked.division, today).await?;
        // Every area one level down (乡镇街道 at most), those with nothing to count too.
        let below = if depth(&asked.division) < 3 {
            self.store.child_divisions(&asked.division).await?
        } else {
            Vec::new()
        };
        for d in below {
            if !areas.iter().any(|a| a.division == d.code) {
                areas.push(Figures {
                    division: d.code.clone(),
                    division_name: d.name.clone(),
                    ..count::empty(asked.month, &d.code)
                });
            }
        }
        areas.sort_by(|a, b| a.division.cmp(&b.division));
        let mut trend = Vec::new();
        for month in asked.month.last_twelve() {
            let (f, frozen) = match self.frozen(month, &asked.division).await? {
                Some((f, _)) => (f, true),
                None if month == asked.month => (figures.clone(), frozen_at.is_some()),
                None => (
                    self.live(month, &asked.division, depth(&asked.division)).await?.0,
                    false,
                ),
            };
            trend.push(TrendPoint {
                month: month.iso(),
                registered: f.registered.total,
                inflow: f.inflow.registered,
                outflow: f.outflow.total,
                frozen,
            });
        }
        Ok(Answer {
            figures,
            frozen_at: frozen_at.map(rfc3339),
            areas,
            trend,
            locality_rule: LOCALITY_RULE.into(),
            behind_rule: BEHIND_RULE.into(),
        })
    }

    /// The area's figures and those one level down: frozen for a frozen month, else counted.
    async fn month_with_areas(
        &self,
        month: Month,
        area: &str,
        today: Ymd,
    ) -> Result<(Figures, Vec<Figures>, Option<i64>), Error> {
        if month < Month::of(today) {
            if let Some((figures, at)) = self.frozen(month, area).await? {
                let areas = self
                    .store
                    .frozen_under(&month.iso(), division_prefix(area))
                    .await?
                    .iter()
                    .filter(|(code, _)| depth(code) == depth(area) + 1)
                    .map(|(_, json)| parse(json))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok((figures, areas, Some(at)));
            }
        }
        let (figures, areas) = self.live(month, area, depth(area) + 1).await?;
        Ok((figures, areas, None))
    }

    /// A frozen month's figures of an area; an area with nothing to count then has no row
    /// of its own and its figures are all zero.
    async fn frozen(&self, month: Month, area: &str) -> Result<Option<(Figures, i64)>, Error> {
        let Some(done_at) = self.store.freeze_done_at(&month.iso()).await? else {
            return Ok(None);
        };
        match self.store.frozen_figures(&month.iso(), area).await? {
            Some((json, at)) => Ok(Some((parse(&json)?, at))),
            None => Ok(Some((
                Figures {
                    division_name: self.name_of(area).await?.unwrap_or_default(),
                    ..count::empty(month, area)
                },
                done_at,
            ))),
        }
    }

    /// Counted now: the area and the areas below it down to `max_depth`.
    async fn live(&self, month: Month, area: &str, max_depth: usize) -> Result<(Figures, Vec<Figures>), Error> {
        let mut all = self
            .count(
                month,
                Scope {
                    top: area.to_owned(),
                    max_depth,
                },
            )
            .await?;
        let top = all.remove(area).unwrap_or_else(|| count::empty(month, area));
        Ok((top, all.into_values().collect()))
    }

    /// Every figure of the month for `scope`'s areas, with their names.
    pub(crate) async fn count(&self, month: Month, scope: Scope) -> Result<BTreeMap<String, Figures>, Error> {
        let (first, last) = (month.first_day().iso(), month.last_day().iso());
        let years = year_days(month);
        let month_iso = month.iso();
        let top = scope.top.clone();
        let p = Period {
            prefix: division_prefix(&top),
            first: &first,
            last: &last,
            month: &month_iso,
            years: &years,
            born_by: born_by(month),
        };
        let calendar = self.calendar.work_calendar().await?;
        // The reads are independent: run at once on their own connections, a province's month
        // takes about as long as its slowest read instead of the sum of all eight.
        let s = &self.store;
        let (stock, entries, refusals, transfers, endings, confirmations, decisions, years) = tokio::try_join!(
            s.stock(&p),
            s.entries(&p),
            s.refusals(&p),
            s.transfers_in(&p),
            s.endings_in(&p),
            s.confirmations_in(&p),
            s.decisions_in(&p),
            s.service_years(&p),
        )?;
        let mut c = Counter::new(month, scope);
        c.stock(&stock);
        c.entries(&entries);
        c.refusals(&refusals);
        c.transfers(&transfers);
        c.endings(&endings);
        c.confirmations(&confirmations);
        c.decisions(&decisions, &calendar);
        c.service_years(&years);
        let mut figures = c.finish();
        for (code, f) in figures.iter_mut() {
            f.division_name = self.name_of(code).await?.unwrap_or_default();
        }
        Ok(figures)
    }

    /// The areas the picker offers: the account's own area and those one level down, and
    /// when another area is shown, that area and those one level down from it.
    pub async fn area_choices(&self, staff: &StaffSession, shown: &str) -> Result<Vec<(String, String)>, Error> {
        let mut out: Vec<(String, String)> = Vec::new();
        for top in [own_area(staff), shown.to_owned()] {
            let mut choices = vec![(top.clone(), self.name_of(&top).await?.unwrap_or_else(|| top.clone()))];
            for d in self.store.child_divisions(&top).await? {
                choices.push((d.code, format!("　{}", d.name)));
            }
            for c in choices {
                if !out.iter().any(|(code, _)| *code == c.0) {
                    out.push(c);
                }
            }
        }
        Ok(out)
    }

    async fn name_of(&self, code: &str) -> Result<Option<String>, Error> {
        if code == PROVINCE {
            return Ok(Some("湖南省".into()));
        }
        Ok(self.store.division(code).await?.map(|d| d.name))
    }
}

/// The area an account reads by default: its own, or for a 社区/村 account its 乡镇街道 (the
/// figures go no finer than that).
fn own_area(staff: &StaffSession) -> String {
    let mut own = staff.division();
    own.truncate(9);
    own
}

fn parse(json: &str) -> Result<Figures, Error> {
    serde_json::from_str(json).map_err(|e| Error::Internal(format!("frozen figures: {e}")))
}
