//! A province-sized synthetic load for the statistics benchmarks: registrations over the last
//! three years across all 122 counties (their county offices and demo communities), with their
//! facts, decisions, endings, "311" service records and monthly confirmations. Everything is
//! 示例: the people are `syn-…` rows without a phone, the answers one sealed 示例 document.
//! Deterministic: the same numbers each run.

use app::backend::crypto::{Field, Vault};
use app::backend::store::{Cell, Store};
use app::domain::date::Ymd;
use app::domain::statistics::month::Month;

use crate::Lcg;

/// How big a load, and up to which day.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub registrations: usize,
    pub services: usize,
    /// Months of history, ending with `today`'s.
    pub months: u32,
    pub today: Ymd,
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub registrations: usize,
    pub services: usize,
    pub confirmations: usize,
}

const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// End reasons and their shares of the endings (1 employed most often).
const REASONS: [(&str, f64); 8] = [
    ("1", 0.50),
    ("2", 0.10),
    ("3", 0.10),
    ("4", 0.05),
    ("6a", 0.05),
    ("8", 0.05),
    ("9", 0.10),
    ("10", 0.05),
];
const METHODS: [&str; 4] = ["本人报告", "电话", "走访", "信息比对"];
/// Registrations written per transaction, with their services and confirmations.
const BATCH: usize = 5_000;

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn day_or_null(d: Option<Ymd>) -> Cell {
    d.map_or(Cell::Null, |d| Cell::Text(d.iso()))
}

/// A 受理编号 made from the row number (unique for any number below 2^40).
fn reference(i: usize) -> String {
    let c: String = (0..8).map(|k| ALPHABET[(i >> (5 * k)) & 31] as char).collect();
    format!("{}-{}", &c[..4], &c[4..])
}

fn pick<'a>(rng: &mut Lcg, weighted: &'a [(&'a str, f64)]) -> &'a str {
    let mut x = rng.next_f64();
    for (v, w) in weighted {
        if x < *w {
            return v;
        }
        x -= w;
    }
    weighted[weighted.len() - 1].0
}

/// Noon China time of a day, as Unix seconds.
fn noon(d: Ymd) -> i64 {
    d.days() * 86_400 + 4 * 3600
}

/// The counties (6-digit codes) of the shipped division list.
pub async fn counties(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for p in store.child_divisions("430000").await.expect("prefectures") {
        for c in store.child_divisions(&p.code).await.expect("counties") {
            out.push(c.code);
        }
    }
    out
}

/// Writes the load into a database that has the reference divisions and the demo
/// institutions and no registrations yet. `progress` hears each batch.
pub async fn fill(store: &Store, vault: &Vault, load: Load, progress: impl Fn(&Written)) -> Written {
    let counties = counties(store).await;
    assert_eq!(counties.len(), 122, "the shipped divisions");
    store
        .bulk_insert(
            "staff",
            &[
                "id",
                "username",
                "password_hash",
                "phone_enc",
                "phone_hash",
                "institution_code",
                "scope",
                "created_at",
            ],
            &[vec![
                text("syn-staff"),
                text("syn.staff"),
                text("!"),
                text("示例"),
                text("syn-staff"),
                text(format!("DEMO-{}", counties[0])),
                text("43"),
                Cell::Int(0),
            ]],
        )
        .await
        .expect("staff");
    let answers = vault.seal(Field::Registration, r#"{"name":"示例","place_kind":"residence"}"#);
    let first = Month::of(load.today).back(load.months - 1).first_day();
    let span = load.today.days() - first.days() + 1;
    let services_each = load.services as f64 / load.registrations as f64;
    let mut rng = Lcg::new(2026);
    let mut written = Written::default();
    let mut i = 0;
    while i < load.registrations {
        let n = BATCH.min(load.registrations - i);
        let (mut persons, mut regs, mut services, mut confirmations) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for k in i..i + n {
            let county = &counties[(rng.next_f64() * 122.0) as usize % 122];
            // 7 in 10 at the county office, the rest at one of its demo communities.
            let (office, division) = if rng.next_f64() < 0.7 {
                (format!("DEMO-{county}"), county.clone())
            } else {
                let d = format!(
                    "{county}9{:02}{:03}",
                    1 + (rng.next_f64() * 3.0) as u32,
                    1 + (rng.next_f64() * 2.0) as u32
                );
                (format!("DEMO-{d}"), d)
            };
            let submitted = Ymd::from_days(first.days() + (rng.next_f64() * span as f64) as i64);
            let decided = Ymd::from_days(submitted.days() + (rng.next_f64() * 12.0) as i64);
            let decided = (decided <= load.today).then_some(decided);
            let refused = decided.is_some() && rng.next_f64() < 0.05;
            let registered = decided.filter(|_| !refused);
            let ended = registered
                .filter(|_| rng.next_f64() < 0.85)
                .map(|r| Ymd::from_days(r.days() + 30 + (rng.next_f64() * 690.0) as i64))
                .filter(|e| *e <= load.today);
            let reason = ended.map(|_| pick(&mut rng, &REASONS));
            let status = match (decided, refused, ended) {
                (None, _, _) => "submitted",
                (Some(_), true, _) => "refused",
                (Some(_), false, Some(_)) => "ended",
                _ => "registered",
            };
            let closed = if refused { decided } else { ended };
            let id = format!("syn-{k:07}");
            let person = format!("syn-p-{k:07}");
            persons.push(vec![
                text(&person),
                text(&person),
                text("示例"),
                Cell::Int(noon(submitted)),
            ]);
            regs.push(vec![
                text(&id),
                text(reference(k)),
                text(&person),
                text("syn"),
                text(status),
                text(&answers),
                text(&office),
                text(&division),
                text("residence"),
                text("示例"),
                text("示例"),
                Cell::Int(noon(submitted)),
                Cell::Int(noon(submitted)),
                text(submitted.iso()),
                day_or_null(registered),
                decided.map_or(Cell::Null, |d| Cell::Int(noon(d))),
                day_or_null(decided),
                if refused { text("示例") } else { Cell::Null },
                reason.map_or(Cell::Null, text),
                day_or_null(ended),
                closed.map_or(Cell::Null, |d| Cell::Int(noon(d))),
                Cell::Int(noon(closed.unwrap_or(submitted))),
                text(if rng.next_f64() < 0.2 { "hall" } else { "online" }),
            ]);
            let age = 16 + (rng.next_f64() * 44.0) as u32;
            let born = Month::of(submitted).back(age * 12 + (rng.next_f64() * 12.0) as u32);
            let urban = rng.next_f64() < 0.6;
            // The facts kept at submission, on the registration's row.
            regs.last_mut().expect("the row just made").extend([
                text(if rng.next_f64() < 0.5 { "1" } else { "2" }),
                text(born.iso()),
                text(county),
                Cell::Null,
                text(if urban { "urban" } else { "rural" }),
                text(if division.len() == 12 { "community" } else { "county" }),
                Cell::Int(i64::from(rng.next_f64() < 0.15)),
            ]);
            let Some(from) = registered else { continue };
            let until = [ended.unwrap_or(load.today), from.plus_months(12), load.today]
                .into_iter()
                .min()
                .unwrap_or(from);
            let window = (until.days() - from.days()).max(0);
            let count = (services_each / 0.95 * 2.0 * rng.next_f64()).round() as usize;
            for s in 0..count {
                let (kind, counts) = match rng.next_f64() {
                    x if x < 0.5 => ("job_referral", 1),
                    x if x < 0.7 => ("guidance", 1),
                    x if x < 0.9 => ("training", i64::from(rng.next_f64() < 0.8)),
                    _ => ("policy", 0),
                };
                let on = Ymd::from_days(from.days() + (rng.next_f64() * window as f64) as i64);
                services.push(vec![
                    text(format!("{id}-s{s}")),
                    text(&id),
                    text(kind),
                    text(on.iso()),
                    text("on_site"),
                    text(&office),
                    text("syn-staff"),
                    text(r#"{"title":"示例"}"#),
                    Cell::Int(counts),
                    Cell::Int(noon(on)),
                ]);
            }
            // A confirmation in most of the first 12 months in force.
            let mut month = Month::of(from);
            let last = Month::of(ended.unwrap_or(load.today));
            for _ in 0..12 {
                if month > last {
                    break;
                }
                if rng.next_f64() < 0.8 {
                    let method = METHODS[(rng.next_f64() * 4.0) as usize % 4];
                    confirmations.push(vec![
                        text(&id),
                        text(month.iso()),
                        text("looking"),
                        text(method),
                        Cell::Int(noon(month.first_day())),
                    ]);
                }
                month = month.next();
            }
        }
        store
            .bulk_insert("persons", &["id", "phone_hash", "phone_enc", "created_at"], &persons)
            .await
            .expect("persons");
        store
            .bulk_insert(
                "registrations",
                &[
                    "id",
                    "reference",
                    "person_id",
                    "idempotency_key",
                    "status",
                    "answers_enc",
                    "institution_code",
                    "division_code",
                    "place_kind",
                    "declaration_version",
                    "declaration_text",
                    "declared_at",
                    "submitted_at",
                    "submitted_on",
                    "registered_on",
                    "decided_at",
                    "decided_on",
                    "refusal_reason",
                    "end_reason",
                    "ended_on",
                    "closed_at",
                    "updated_at",
                    "channel",
                    "sex",
                    "birth_month",
                    "residence_county",
                    "residence_township",
                    "locality",
                    "locality_basis",
                    "hard_to_employ",
                ],
                &regs,
            )
            .await
            .expect("registrations");
        store
            .bulk_insert(
                "service_records",
                &[
                    "id",
                    "registration_id",
                    "kind",
                    "given_on",
                    "channel",
                    "institution_code",
                    "staff_id",
                    "content",
                    "counts_311",
                    "created_at",
                ],
                &services,
            )
            .await
            .expect("services");
        store
            .bulk_insert(
                "monthly_confirmations",
                &["registration_id", "month", "answer", "method", "at"],
                &confirmations,
            )
            .await
            .expect("confirmations");
        written.registrations += n;
        written.services += services.len();
        written.confirmations += confirmations.len();
        progress(&written);
        i += n;
    }
    // Written in bulk beside the store's writers: the firsts they keep are set here at once.
    store.keep_all_311_firsts().await.expect("311 firsts");
    written
}
