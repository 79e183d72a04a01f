//! 统计 at province scale. Fills a database (DATABASE_URL; a SQLite file under target/ by
//! default) once with the synthetic load of `bench::synthetic` (1,000,000 registrations over
//! three years, 5,000,000 service records, monthly confirmations; BENCH_REGISTRATIONS and
//! BENCH_SERVICES to change), freezes the past months as the app servers do, then times the
//! figures a staff member reads: the province and a county, this month (counted live) and last
//! month (frozen). Each is the median of 3 runs. `statistics fill` stops after filling and
//! freezing. `statistics export csv|xlsx` instead writes
//! the province's anonymised rows of last month, as a download would, and reports the peak
//! memory of the process (VmHWM), which did nothing else. `bench/statistics.sh` runs both on
//! SQLite and PostgreSQL.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::api::statistics::StatisticsQuery;
use app::backend::auth::staff::StaffSession;
use app::backend::auth::{Auth, AuthConfig};
use app::backend::calendar::Calendar;
use app::backend::clock::{Clock, SystemClock};
use app::backend::crypto::development_vault;
use app::backend::institutions::{demo, Directory};
use app::backend::notify::LogSms;
use app::backend::store::Store;
use app::backend::Backend;
use bench::synthetic::{fill, Load};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn staff(scope: &str) -> StaffSession {
    StaffSession {
        staff_id: "syn-staff".into(),
        username: "syn.staff".into(),
        institution_code: "DEMO-430104".into(),
        scope: scope.into(),
        is_admin: false,
    }
}

// A benchmark measures durations: the wall clock is what it reports.
#[allow(clippy::disallowed_methods)]
#[tokio::main]
async fn main() {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://target/bench-statistics/stats.db".into());
    let now = SystemClock.now();
    let today = now.today();
    // The server's default pool, so that 统计 has the turns it has there.
    let store = Store::open(&url, 10).await.expect("database");
    store.load_reference_divisions().await.expect("divisions");
    Calendar::load_shipped(&store, &now.rfc3339()).await.expect("calendar");
    demo::load_if_empty(&store, &now.rfc3339())
        .await
        .expect("demo institutions");
    let vault = Arc::new(development_vault());
    if store.count_rows("registrations").await.expect("count") == 0 {
        let load = Load {
            registrations: env_number("BENCH_REGISTRATIONS", 1_000_000),
            services: env_number("BENCH_SERVICES", 5_000_000),
            months: 36,
            today,
        };
        let started = Instant::now();
        let written = fill(&store, &vault, load, |w| {
            if w.registrations % 100_000 == 0 {
                eprintln!("  … {} registrations", w.registrations);
            }
        })
        .await;
        println!(
            "load: {} registrations, {} service records, {} confirmations written in {:.0} s",
            written.registrations,
            written.services,
            written.confirmations,
            started.elapsed().as_secs_f64()
        );
    }
    // As each app server does at start.
    store.refresh_planner_statistics().await.expect("planner statistics");
    let rows = |table: &'static str| {
        let store = store.clone();
        async move { store.count_rows(table).await.expect("count") }
    };
    println!(
        "database: {} ({} registrations, {} service records, {} confirmations)",
        url.split('?').next().unwrap_or(&url),
        rows("registrations").await,
        rows("service_records").await,
        rows("monthly_confirmations").await
    );
    let backend = Backend::new(
        store.clone(),
        Directory::load(store.clone()).await.expect("index"),
        Auth::new(store.clone(), vault, Arc::new(LogSms), AuthConfig::default()),
        "http://127.0.0.1".into(),
        Arc::new(SystemClock),
    );
    let stats = &backend.statistics;
    if let Some(format) = std::env::args()
        .nth(2)
        .filter(|_| std::env::args().nth(1).as_deref() == Some("export"))
    {
        export(stats, &format, today, now.unix()).await;
        store.close().await;
        return;
    }
    let started = Instant::now();
    let frozen = stats.freeze_due(today, now.unix()).await.expect("freeze");
    if !frozen.is_empty() {
        println!(
            "froze {} past months for every area in {:.1} s ({:.2} s a month)",
            frozen.len(),
            started.elapsed().as_secs_f64(),
            started.elapsed().as_secs_f64() / frozen.len() as f64
        );
    }
    if std::env::args().nth(1).as_deref() == Some("fill") {
        store.close().await;
        return;
    }
    let this = app::domain::statistics::month::Month::of(today);
    for (who, scope, division) in [("province", "43", "430000"), ("county", "430104", "430104")] {
        for (which, month) in [("this month, live", this), ("last month, frozen", this.back(1))] {
            let q = StatisticsQuery {
                month: month.iso(),
                division: division.into(),
                format: String::new(),
            };
            let mut times: Vec<Duration> = Vec::new();
            let mut total = 0;
            for _ in 0..3 {
                let started = Instant::now();
                let asked = stats.asked(&staff(scope), &q, today).await.expect("asked");
                let answer = stats.report(&asked, today).await.expect("report");
                times.push(started.elapsed());
                total = answer.figures.registered.total;
            }
            times.sort();
            println!(
                "{who:8} {which:20} {:>8.1} ms  (median of 3; {total} registered at the month's end)",
                times[1].as_secs_f64() * 1000.0
            );
        }
    }
    store.close().await;
}

/// The peak resident memory of this process so far, in MB (Linux).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The province's rows of last month as a download, counted and thrown away.
#[allow(clippy::disallowed_methods)]
async fn export(stats: &app::backend::statistics::Statistics, format: &str, today: app::domain::date::Ymd, now: i64) {
    let format = app::backend::statistics::Format::parse(format)
        .expect("format")
        .expect("csv or xlsx");
    let before = peak_mb();
    let q = StatisticsQuery {
        month: app::domain::statistics::month::Month::of(today).back(1).iso(),
        division: "430000".into(),
        format: String::new(),
    };
    let asked = stats.asked(&staff("43"), &q, today).await.expect("asked");
    let started = Instant::now();
    let mut chunks = stats
        .rows_download(&staff("43"), &asked, format, "bench", now)
        .await
        .expect("export");
    let mut bytes = 0usize;
    while let Some(chunk) = chunks.recv().await {
        bytes += chunk.expect("chunk").len();
    }
    println!(
        "export {format:?}: {:.1} MB in {:.1} s; peak memory {:.0} MB (before the export: {before:.0} MB)",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        peak_mb()
    );
}
