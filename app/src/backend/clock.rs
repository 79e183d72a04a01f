//! The one clock. Every "now" and "today" of the portal comes from here, taken once per
//! request (the server stamps it on the request, see `Now`'s extractor) and handed down as an
//! argument, so that one answer agrees with itself across a midnight or a month's turn, and
//! tests can pin or step the time. Nothing else reads the system time: clippy's
//! `disallowed_methods` (clippy.toml) refuses it everywhere but here.

use std::sync::atomic::{AtomicI64, Ordering};

use crate::domain::date::Ymd;

/// An instant, in Unix seconds (the unit of every stored time used in arithmetic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Now(i64);

/// China's time zone: UTC+8 all year (no daylight saving since 1991).
const CHINA_OFFSET_SECS: i64 = 8 * 3600;

impl Now {
    pub const fn from_unix(unix: i64) -> Now {
        Now(unix)
    }

    /// `hour:minute` on `date`, China time.
    pub fn china(date: Ymd, hour: u32, minute: u32) -> Now {
        Now(date.days() * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 - CHINA_OFFSET_SECS)
    }

    pub const fn unix(self) -> i64 {
        self.0
    }

    /// The date in China at this instant: the day of applying, of ages, of deadlines.
    pub fn today(self) -> Ymd {
        Ymd::from_days((self.0 + CHINA_OFFSET_SECS).div_euclid(86_400))
    }

    /// As the database and the API write times: RFC 3339, UTC, second precision.
    pub fn rfc3339(self) -> String {
        super::rfc3339(self.0)
    }
}

/// Where the time comes from: the system in production, a test clock in tests.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Now;
}

/// The operating system's time.
pub struct SystemClock;

impl Clock for SystemClock {
    // The one read of the system time (see the module's comment).
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> Now {
        Now(time::OffsetDateTime::now_utc().unix_timestamp())
    }
}

/// A clock that stands still until a test sets or advances it.
#[cfg(any(test, feature = "test-support"))]
pub struct TestClock(AtomicI64);

#[cfg(any(test, feature = "test-support"))]
impl TestClock {
    pub fn at(now: Now) -> TestClock {
        TestClock(AtomicI64::new(now.0))
    }

    pub fn set(&self, now: Now) {
        self.0.store(now.0, Ordering::SeqCst);
    }

    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

#[cfg(any(test, feature = "test-support"))]
impl Clock for TestClock {
    fn now(&self) -> Now {
        Now(self.0.load(Ordering::SeqCst))
    }
}

/// The last id handed out by `time_ordered_id` in this process, in nanoseconds.
static LAST_ID_NANOS: AtomicI64 = AtomicI64::new(0);

/// An id that sorts in the order it was made, unique by its random tail: for rows only ever
/// appended (audit entries, events, service records). Within a process ids made in the same
/// second still sort in the order they were made (each is at least one nanosecond after the
/// last), so a clock that stands still in a test keeps the order too.
pub fn time_ordered_id(now_unix: i64) -> String {
    let at = now_unix.saturating_mul(1_000_000_000);
    let previous = LAST_ID_NANOS
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |last| Some(at.max(last + 1)))
        .unwrap_or(at);
    let nanos = at.max(previous + 1);
    format!("{nanos:024}-{}", &super::crypto::random_token()[..8])
}

/// The instant stamped on the request being served or rendered (pages and server functions
/// find it in the request's parts).
pub fn request_now() -> Result<Now, super::Error> {
    let extensions = leptos::prelude::use_context::<axum::http::request::Parts>()
        .map(|p| p.extensions)
        .unwrap_or_default();
    Now::stamped_on(&extensions)
}

impl Now {
    /// The instant the server stamped on a request (see the module's comment).
    pub fn stamped_on(extensions: &axum::http::Extensions) -> Result<Now, super::Error> {
        extensions
            .get::<Now>()
            .copied()
            .ok_or_else(|| super::Error::Internal("the request carries no time stamp".into()))
    }
}

/// Handlers take `now: Now`: the instant the server stamped on the request when it came in.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Now {
    type Rejection = super::Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Now, super::Error> {
        Now::stamped_on(&parts.extensions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> Ymd {
        Ymd::new(year, month, day).unwrap()
    }

    #[test]
    fn the_date_is_chinas_not_utcs() {
        // 2027-12-31 23:30 in China is still the afternoon in UTC.
        let evening = Now::china(ymd(2027, 12, 31), 23, 30);
        assert_eq!(evening.rfc3339(), "2027-12-31T15:30:00Z");
        assert_eq!(evening.today(), ymd(2027, 12, 31));
        // Half an hour later it is the new year in China, while UTC is still on the 31st.
        let midnight = Now::from_unix(evening.unix() + 1800);
        assert_eq!(midnight.today(), ymd(2028, 1, 1));
        assert_eq!(midnight.rfc3339(), "2027-12-31T16:00:00Z");
        assert_eq!(Now::china(ymd(2028, 2, 29), 0, 0).today(), ymd(2028, 2, 29));
    }

    #[test]
    fn a_test_clock_stands_still_until_moved() {
        let clock = TestClock::at(Now::china(ymd(2026, 9, 30), 17, 0));
        assert_eq!(clock.now(), clock.now());
        clock.advance(7 * 3600);
        assert_eq!(clock.now().today(), ymd(2026, 10, 1));
        clock.set(Now::from_unix(0));
        assert_eq!(clock.now().today(), ymd(1970, 1, 1));
    }

    /// `scripts/test-other-dates.sh` runs the suite with the system date faked and names the
    /// China date it faked here: this shows the fake reached the tests (else those runs
    /// would prove nothing). On an ordinary run the system clock is at least past this code.
    #[test]
    fn the_system_clock_reads_the_machines_date() {
        let today = SystemClock.now().today();
        match std::env::var("PORTAL_EXPECT_CHINA_DATE") {
            Ok(expected) => assert_eq!(today.iso(), expected),
            Err(_) => assert!(today >= ymd(2026, 11, 1), "{today}"),
        }
    }

    #[test]
    fn ids_made_at_one_instant_still_sort_in_the_order_made() {
        let now = Now::china(ymd(2026, 11, 27), 10, 0);
        let ids: Vec<String> = (0..50).map(|_| time_ordered_id(now.unix())).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        let later = time_ordered_id(now.unix() + 1);
        assert!(ids.iter().all(|id| *id < later));
    }
}
