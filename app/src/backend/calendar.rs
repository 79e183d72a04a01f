//! The working-day calendar every deadline is counted on: 2025 and 2026 ship with the portal
//! (app/data/calendar/), later years are imported by a provincial administrator when the State
//! Council's notice is out. Each app server keeps the calendar in memory and rereads it when the
//! `calendar` data version moved, so an import on one server is counted on all of them at once.

use std::sync::{Arc, RwLock};

use crate::api::calendar::{CalendarYear, Deadline, Holiday};
use crate::backend::auth::staff::StaffSession;
use crate::backend::auth::Auth;
use crate::backend::store::Store;
use crate::backend::Error;
use crate::domain::calendar::{check_year, HolidayText, WorkCalendar, YearDays};
use crate::domain::date::Ymd;

/// The years shipped, from the State Council's notices (国务院办公厅关于部分节假日安排的通知).
const SHIPPED: [&str; 2] = [
    include_str!("../../data/calendar/2025.json"),
    include_str!("../../data/calendar/2026.json"),
];

/// From this month on, staff are reminded of the coming year's calendar.
const COMING_YEAR_FROM_MONTH: u32 = 10;

/// The stored years as read at one data version.
struct Snapshot {
    version: i64,
    years: Vec<CalendarYear>,
    calendar: Arc<WorkCalendar>,
}

/// The calendar service; cheap to clone (the cache is shared).
#[derive(Clone)]
pub struct Calendar {
    store: Store,
    auth: Auth,
    current: Arc<RwLock<Option<Arc<Snapshot>>>>,
}

/// A year's days, or its problems as field errors (the domain's check).
fn check(year: &CalendarYear) -> Result<YearDays, Error> {
    let holidays: Vec<HolidayText<'_>> = year
        .holidays
        .iter()
        .map(|h| HolidayText {
            name: &h.name,
            from: &h.from,
            to: &h.to,
        })
        .collect();
    let working_days: Vec<&str> = year.working_days.iter().map(String::as_str).collect();
    check_year(year.year, &year.source, &holidays, &working_days).map_err(Error::from)
}

/// The year as stored: every text trimmed.
fn trimmed(year: &CalendarYear) -> CalendarYear {
    CalendarYear {
        year: year.year,
        source: year.source.trim().to_owned(),
        holidays: year
            .holidays
            .iter()
            .map(|h| Holiday {
                name: h.name.trim().to_owned(),
                from: h.from.trim().to_owned(),
                to: h.to.trim().to_owned(),
            })
            .collect(),
        working_days: year.working_days.iter().map(|d| d.trim().to_owned()).collect(),
    }
}

fn to_json(year: &CalendarYear) -> Result<String, Error> {
    serde_json::to_string(year).map_err(|e| Error::Internal(e.to_string()))
}

/// A stored year and its days.
fn read_stored(body: &str) -> Result<(YearDays, CalendarYear), Error> {
    let year: CalendarYear = serde_json::from_str(body).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((check(&year)?, year))
}

impl Calendar {
    pub fn new(store: Store, auth: Auth) -> Calendar {
        Calendar {
            store,
            auth,
            current: Arc::new(RwLock::new(None)),
        }
    }

    /// The shipped years that the database lacks, inserted (never over an imported year);
    /// answers how many. Run at every start, for every database.
    pub async fn load_shipped(store: &Store, now: &str) -> Result<usize, Error> {
        let mut loaded = 0;
        for text in SHIPPED {
            let year: CalendarYear =
                serde_json::from_str(text).map_err(|e| Error::Internal(format!("shipped calendar: {e}")))?;
            check(&year)?;
            if store
                .insert_calendar_year_if_absent(year.year, &to_json(&trimmed(&year))?, now, "shipped")
                .await?
            {
                loaded += 1;
            }
        }
        Ok(loaded)
    }

    /// Checks a year and stores it in place of the one stored, by `by` (a staff id, or `cli`
    /// for `portal calendar import`). Running servers count on it at their next deadline.
    pub async fn import(store: &Store, year: &CalendarYear, now: &str, by: &str) -> Result<(), Error> {
        check(year)?;
        store
            .replace_calendar_year(year.year, &to_json(&trimmed(year))?, now, by)
            .await?;
        Ok(())
    }

    /// The stored years at the current data version: one primary-key read per use, the rows
    /// reread only when the version moved.
    async fn snapshot(&self) -> Result<Arc<Snapshot>, Error> {
        let version = self.store.data_version("calendar").await?;
        let cached = self.current.read().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(snapshot) = cached.filter(|s| s.version == version) {
            return Ok(snapshot);
        }
        let mut years = Vec::new();
        let mut days = Vec::new();
        for body in self.store.calendar_years().await? {
            // Every stored year was checked when written; one that no longer reads (a stricter
            // check since) counts Monday to Friday rather than stop every deadline.
            match read_stored(&body) {
                Ok((d, y)) => {
                    days.push(d);
                    years.push(y);
                }
                Err(e) => tracing::error!(error = %e, "a stored calendar year does not read; ignored"),
            }
        }
        let snapshot = Arc::new(Snapshot {
            version,
            years,
            calendar: Arc::new(WorkCalendar::new(days)),
        });
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(snapshot.clone());
        Ok(snapshot)
    }

    /// Which days are worked, as stored now.
    pub async fn work_calendar(&self) -> Result<Arc<WorkCalendar>, Error> {
        Ok(self.snapshot().await?.calendar.clone())
    }

    /// One year as stored; `NotFound` when its notice has not been imported.
    pub async fn year(&self, year: i32) -> Result<CalendarYear, Error> {
        let snapshot = self.snapshot().await?;
        snapshot
            .years
            .iter()
            .find(|y| y.year == year)
            .cloned()
            .ok_or(Error::NotFound)
    }

    /// The `working_days`-th working day after `from`.
    pub async fn deadline(&self, from: Ymd, working_days: u32) -> Result<Deadline, Error> {
        let calendar = self.work_calendar().await?;
        let due = calendar.plus_working_days(from, working_days);
        Ok(Deadline {
            from: from.iso(),
            working_days,
            due: due.iso(),
            calendar_known: calendar.knows_span(Ymd::from_days(from.days() + 1), due),
        })
    }

    /// Replaces a year (provincial administrators only; audited with the notice's title).
    pub async fn replace(
        &self,
        staff: &StaffSession,
        year: CalendarYear,
        client: &str,
        now: i64,
    ) -> Result<CalendarYear, Error> {
        if !(staff.is_admin && staff.scope == "43") {
            return Err(Error::Forbidden(
                "只有省级管理员可以导入法定节假日安排，请联系省级管理员。".into(),
            ));
        }
        Calendar::import(&self.store, &year, &crate::backend::rfc3339(now), &staff.staff_id).await?;
        self.auth
            .audit(
                staff,
                "replace_calendar",
                &year.year.to_string(),
                client,
                year.source.trim(),
                now,
            )
            .await?;
        self.year(year.year).await
    }

    /// The year whose calendar staff should import now, when it has none (deadlines in it count
    /// Monday to Friday until it does): this year, or the coming one from October on, when the
    /// State Council's notice for it is due (it usually comes out in November).
    pub async fn missing_year(&self, today: Ymd) -> Result<Option<i32>, Error> {
        let calendar = self.work_calendar().await?;
        let coming = (today.month >= COMING_YEAR_FROM_MONTH).then_some(today.year + 1);
        Ok([Some(today.year), coming]
            .into_iter()
            .flatten()
            .find(|y| !calendar.knows(*y)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::auth::staff::StaffRole;
    use crate::backend::registration::tests::{backend, T0};
    use crate::backend::store::testing::each_database;
    use crate::backend::Backend;
    use crate::domain::phone::Phone;

    const NOW: &str = "2026-11-27T02:00:00Z";

    fn ymd(y: i32, m: u32, d: u32) -> Ymd {
        Ymd::new(y, m, d).unwrap()
    }

    async fn province_staff(s: &Backend, name: &str, admin: bool) -> StaffSession {
        let phone = Phone::parse("13900000002").unwrap();
        let role = StaffRole { province: true, admin };
        s.auth
            .add_staff(name, "a long staff password 1", &phone, "DEMO-430100", role, T0)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn shipped_years_load_once() {
        each_database(|store| async move {
            assert_eq!(Calendar::load_shipped(&store, NOW).await.unwrap(), 2);
            assert_eq!(Calendar::load_shipped(&store, NOW).await.unwrap(), 0);
            let (s, _) = backend(store).await;
            let y2025 = s.calendar.year(2025).await.unwrap();
            assert!(y2025
                .holidays
                .iter()
                .any(|h| h.name == "国庆节、中秋节" && h.to == "2025-10-08"));
            assert!(matches!(s.calendar.year(2027).await, Err(Error::NotFound)));
            let d = s.calendar.deadline(ymd(2026, 9, 30), 5).await.unwrap();
            assert_eq!((d.due.as_str(), d.calendar_known), ("2026-10-13", true));
            let d = s.calendar.deadline(ymd(2026, 12, 28), 5).await.unwrap();
            assert!(!d.calendar_known, "2027 counted Monday to Friday");
            assert_eq!(s.calendar.missing_year(ymd(2026, 11, 27)).await.unwrap(), Some(2027));
            assert_eq!(s.calendar.missing_year(ymd(2026, 9, 30)).await.unwrap(), None);
            assert_eq!(s.calendar.missing_year(ymd(2027, 1, 4)).await.unwrap(), Some(2027));
        })
        .await;
    }

    #[tokio::test]
    async fn a_provincial_administrator_replaces_a_year_and_every_server_counts_on_it() {
        each_database(|store| async move {
            Calendar::load_shipped(&store, NOW).await.unwrap();
            let (s, _) = backend(store.clone()).await;
            let clerk = province_staff(&s, "hn.clerk", false).await;
            let admin = province_staff(&s, "hn.admin", true).await;
            let mut y2026 = s.calendar.year(2026).await.unwrap();
            // As if the notice had given 10-08 off too.
            y2026.holidays.push(Holiday {
                name: "国庆节".into(),
                from: "2026-10-08".into(),
                to: "2026-10-08".into(),
            });
            let refused = s.calendar.replace(&clerk, y2026.clone(), "10.0.0.1", T0).await;
            assert!(matches!(refused, Err(Error::Forbidden(_))), "{refused:?}");

            // Another app server over the same database, its cache filled before the change.
            let other = Calendar::new(store.clone(), s.auth.clone());
            let before = other.deadline(ymd(2026, 9, 30), 5).await.unwrap();
            assert_eq!(before.due, "2026-10-13");
            let version = store.data_version("calendar").await.unwrap();
            s.calendar.replace(&admin, y2026, "10.0.0.1", T0).await.unwrap();
            assert_eq!(store.data_version("calendar").await.unwrap(), version + 1);
            let after = other.deadline(ymd(2026, 9, 30), 5).await.unwrap();
            assert_eq!(after.due, "2026-10-14", "10-08 no longer counts");
            let audit = store.recent_audit(5).await.unwrap();
            assert!(audit.iter().any(|(who, action, subject, _)| who == "hn.admin"
                && action == "replace_calendar"
                && subject == "2026"));

            let mut bad = s.calendar.year(2026).await.unwrap();
            bad.working_days.push("2026-10-12".into());
            match s.calendar.replace(&admin, bad, "10.0.0.1", T0).await {
                Err(Error::Invalid(fields)) => assert_eq!(fields[0].field, "working_days[6]"),
                other => panic!("{other:?}"),
            }
        })
        .await;
    }
}
