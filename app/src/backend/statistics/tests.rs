//! The figures of a small fixed data set, counted by hand here: a registration that starts on
//! the month's first day, one that ends on its last, a refusal, a transfer between counties,
//! "311" given in full, one person behind, confirmations by two channels, and processing
//! times with one decided late. Then the month frozen, a record added afterwards, and
//! `verify` naming exactly what changed while the frozen figures stay as they were.

use super::Statistics;
use crate::api::registration::{StaffCheckRequest, TransferRequest};
use crate::api::service_311::RecordServiceRequest;
use crate::api::statistics::{Figures, StatisticsQuery};
use crate::backend::auth::staff::{StaffRole, StaffSession};
use crate::backend::auth::Session;
use crate::backend::clock::Now;
use crate::backend::notify::RecordingSms;
use crate::backend::registration::tests::{backend, complete, decision, person, req, staff_at, COMMUNITY, T0};
use crate::backend::service_311::tests::end;
use crate::backend::store::testing::each_database;
use crate::backend::{Backend, Error};
use crate::domain::date::Ymd;
use crate::domain::phone::Phone;
use crate::domain::statistics::month::Month;

const COUNTY: &str = "DEMO-430104";
/// The second demo community of the township: 村庄 (220) in the demo list.
const VILLAGE: &str = "DEMO-430104901002";

fn day(s: &str) -> Ymd {
    Ymd::parse_iso(s).unwrap()
}

fn at(s: &str) -> i64 {
    Now::china(day(s), 10, 0).unix()
}

/// Applies on `on` at `office`, the answers changed by `tweak`.
async fn apply(
    s: &Backend,
    sms: &RecordingSms,
    phone: &str,
    id17: &str,
    office: &str,
    on: &str,
    tweak: &[(&str, &str)],
) -> (Session, String) {
    let me = person(s, sms, phone, id17).await;
    let mut answers = complete();
    answers.insert("office".into(), office.into());
    answers.insert("ended_year".into(), "2025".into());
    answers.insert("ended_month".into(), "1".into());
    for (k, v) in tweak {
        answers.insert((*k).into(), (*v).into());
    }
    let r = &s.registrations;
    r.update_draft(&me, &answers, day(on), T0).await.unwrap();
    let v = r.submit(&me, &req(phone, true, "张三"), day(on), at(on)).await.unwrap();
    (me, v.reference)
}

async fn decide(s: &Backend, staff: &StaffSession, reference: &str, what: &str, on: &str) {
    let reason = if what == "refuse" {
        "示例：不符合条件"
    } else {
        ""
    };
    s.registrations
        .decide(staff, reference, &decision(what, reason), day(on), "c", at(on))
        .await
        .unwrap();
}

fn service(reference: &str, kind: &str, on: &str) -> RecordServiceRequest {
    let content: &[(&str, &str)] = match kind {
        "job_referral" => &[("employer", "某某物流（示例）"), ("position", "仓库管理员")],
        "guidance" => &[("topic", "求职指导（示例）")],
        _ => &[
            ("course", "电工（示例）"),
            ("provider", "某某职校（示例）"),
            ("free", "1"),
        ],
    };
    RecordServiceRequest {
        references: vec![reference.to_owned()],
        kind: kind.into(),
        given_on: on.into(),
        channel: "on_site".into(),
        content: content
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

fn count(list: &[crate::api::statistics::Count], code: &str) -> u64 {
    list.iter().find(|c| c.code == code).map_or(0, |c| c.count)
}

async fn figures(
    stats: &Statistics,
    staff: &StaffSession,
    month: &str,
    division: &str,
    today: &str,
) -> (Figures, Option<String>) {
    let q = StatisticsQuery {
        month: month.into(),
        division: division.into(),
        format: String::new(),
    };
    let asked = stats.asked(staff, &q, day(today)).await.unwrap();
    let answer = stats.report(&asked, day(today)).await.unwrap();
    (answer.figures, answer.frozen_at)
}

#[tokio::test]
async fn a_months_figures_are_the_ones_counted_by_hand_and_stay_frozen_after_a_later_edit() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let yuelu = staff_at(&s, "yuelu", COUNTY).await;
        let furong = staff_at(&s, "furong", "DEMO-430102").await;
        let province = s
            .auth
            .add_staff(
                "hunan",
                "a long staff password 1",
                &Phone::parse("13900000009").unwrap(),
                COUNTY,
                StaffRole {
                    province: true,
                    admin: false,
                },
                T0,
            )
            .await
            .unwrap();
        let (r, t) = (&s.registrations, &s.service_311);

        // A: registered in October, confirms November online. Male, born 1990-05 (36).
        let (a, ref_a) = apply(
            &s,
            &sms,
            "13812345601",
            "43010419900501001",
            COMMUNITY,
            "2026-10-15",
            &[],
        )
        .await;
        decide(&s, &yuelu, &ref_a, "register", "2026-10-15").await;
        r.confirm_month(&a, "looking", day("2026-11-20"), at("2026-11-20"))
            .await
            .unwrap();
        // B: registered on the month's first day (a Sunday); staff reach her by phone.
        // Female, born 1985-06 (41).
        let (_, ref_b) = apply(
            &s,
            &sms,
            "13812345602",
            "43010419850601002",
            COMMUNITY,
            "2026-11-01",
            &[],
        )
        .await;
        decide(&s, &yuelu, &ref_b, "register", "2026-11-01").await;
        let phone_check = StaffCheckRequest {
            channel: "phone".into(),
            result: "looking".into(),
            on: "2026-11-10".into(),
        };
        r.record_check(&yuelu, &ref_b, &phone_check, day("2026-11-10"), "c", at("2026-11-10"))
            .await
            .unwrap();
        // C: registered in October, ended on the month's last day (reason 10).
        let (_, ref_c) = apply(
            &s,
            &sms,
            "13812345603",
            "43010420000101003",
            COMMUNITY,
            "2026-10-20",
            &[],
        )
        .await;
        decide(&s, &yuelu, &ref_c, "register", "2026-10-20").await;
        t.end_registration(&yuelu, &ref_c, &end("10"), day("2026-11-30"), "c", at("2026-11-30"))
            .await
            .unwrap();
        // D: refused two working days after applying.
        let (_, ref_d) = apply(
            &s,
            &sms,
            "13812345604",
            "43010419700301004",
            COMMUNITY,
            "2026-11-03",
            &[],
        )
        .await;
        decide(&s, &yuelu, &ref_d, "refuse", "2026-11-05").await;
        // E: applied at the county office, transferred to 芙蓉区 and registered there.
        let (_, ref_e) = apply(&s, &sms, "13812345605", "43010419800401005", COUNTY, "2026-11-10", &[]).await;
        let to_furong = TransferRequest {
            office: "DEMO-430102".into(),
            note: String::new(),
        };
        r.transfer(&yuelu, &ref_e, &to_furong, "c", at("2026-11-12"))
            .await
            .unwrap();
        decide(&s, &furong, &ref_e, "register", "2026-11-13").await;
        // F: registered November 2025; its year ended 2026-11-19 with all of 3/1/1.
        // Male, born 1970-02 (56).
        let (_, ref_f) = apply(
            &s,
            &sms,
            "13812345606",
            "43010419700201007",
            COMMUNITY,
            "2025-11-20",
            &[],
        )
        .await;
        decide(&s, &yuelu, &ref_f, "register", "2025-11-20").await;
        for (kind, on) in [
            ("job_referral", "2025-12-01"),
            ("guidance", "2025-12-01"),
            ("job_referral", "2026-01-05"),
            ("training", "2026-02-01"),
            ("job_referral", "2026-03-01"),
        ] {
            t.record_service(&yuelu, &service(&ref_f, kind, on), day(on), "c", at(on))
                .await
                .unwrap();
        }
        // G: registered in May in a village, declared 就业困难, given nothing: behind by
        // November. Female, born 2003-12 (22).
        let (_, ref_g) = apply(
            &s,
            &sms,
            "13812345607",
            "43010420031201008",
            VILLAGE,
            "2026-05-10",
            &[("difficulty", "disabled")],
        )
        .await;
        decide(&s, &yuelu, &ref_g, "register", "2026-05-10").await;
        // H: applied at the county office, registered 19 working days later (due after 5).
        // Male, born 1995-11 (31).
        let (_, ref_h) = apply(&s, &sms, "13812345608", "43010419951101009", COUNTY, "2026-11-02", &[]).await;
        decide(&s, &yuelu, &ref_h, "register", "2026-11-27").await;

        let stats = &s.statistics;
        let (f, frozen_at) = figures(stats, &yuelu, "2026-11", "", "2026-12-02").await;
        assert_eq!(frozen_at, None, "not frozen yet: counted live");
        assert_eq!((f.division.as_str(), f.division_name.as_str()), ("430104", "岳麓区"));
        let g = &f.registered;
        // In force on 30 November: A, B, F, G, H (C ended that day, D refused, E in 芙蓉区).
        assert_eq!(g.total, 5);
        assert_eq!(
            (g.urban, g.rural, g.locality_inferred),
            (4, 1, 1),
            "H's county office: 市辖区, inferred"
        );
        assert_eq!((g.male, g.female, g.sex_unknown), (3, 2, 0));
        let ages: Vec<u64> = g.by_age.iter().map(|c| c.count).collect();
        assert_eq!(ages, [1, 1, 2, 0, 1]);
        assert_eq!(g.hard_to_employ, 1);
        let i = &f.inflow;
        assert_eq!((i.registered, i.online, i.hall), (2, 2, 0), "B on the 1st and H");
        assert_eq!((i.refused, i.transferred_in, i.transferred_out), (1, 0, 1));
        assert_eq!(f.outflow.total, 1);
        assert_eq!(count(&f.outflow.by_reason, "10"), 1);
        assert_eq!(f.outflow.by_reason.len(), 12, "every reason listed");
        let y = &f.service_311;
        assert_eq!((y.year_ended, y.all_given), (1, 1), "F");
        assert_eq!((y.in_year, y.behind), (4, 1), "A, B, G, H; G behind");
        let c = &f.confirmation;
        assert_eq!((c.registered, c.confirmed), (5, 2));
        assert_eq!(
            (
                count(&c.by_channel, "本人报告"),
                count(&c.by_channel, "电话"),
                count(&c.by_channel, "走访")
            ),
            (1, 1, 0)
        );
        let p = &f.processing;
        // B 0, D 2, H 19 working days; H after its due date.
        assert_eq!(
            (p.decided, p.median_working_days, p.p90_working_days, p.late),
            (3, Some(2.0), Some(19), 1)
        );

        // 芙蓉区 got E by transfer; the province counts the transfer neither in nor out.
        let (fr, _) = figures(stats, &furong, "2026-11", "", "2026-12-02").await;
        assert_eq!(
            (fr.inflow.registered, fr.inflow.transferred_in, fr.registered.total),
            (1, 1, 1)
        );
        let (all, _) = figures(stats, &province, "2026-11", "430000", "2026-12-02").await;
        assert_eq!((all.registered.total, all.inflow.registered), (6, 3));
        assert_eq!((all.inflow.transferred_in, all.inflow.transferred_out), (0, 0));
        assert_eq!(
            (all.processing.decided, all.processing.median_working_days),
            (4, Some(2.5))
        );
        // October: A and C registered, nothing else.
        let (oct, _) = figures(stats, &yuelu, "2026-10", "", "2026-12-02").await;
        assert_eq!(
            (oct.registered.total, oct.inflow.registered, oct.outflow.total),
            (4, 2, 0)
        );

        // Frozen once at the month's end, however many servers run the round.
        let other = crate::backend::testing::backend(s.store.clone()).await.0;
        let (x, y) = tokio::join!(
            stats.freeze_due(day("2026-12-01"), at("2026-12-01")),
            other.statistics.freeze_due(day("2026-12-01"), at("2026-12-01"))
        );
        let frozen: Vec<Month> = x.unwrap().into_iter().chain(y.unwrap()).collect();
        assert_eq!(frozen.len(), 13, "2025-11 to 2026-11, each by one server: {frozen:?}");
        assert!(stats.verify(Month::parse("2026-11").unwrap()).await.unwrap().is_empty());

        // A visit to G dated in November, recorded in December: November stays as reported.
        let visit = StaffCheckRequest {
            channel: "visit".into(),
            result: "looking".into(),
            on: "2026-11-25".into(),
        };
        r.record_check(&yuelu, &ref_g, &visit, day("2026-12-02"), "c", at("2026-12-02"))
            .await
            .unwrap();
        let (after, frozen_at) = figures(stats, &yuelu, "2026-11", "", "2026-12-02").await;
        assert!(frozen_at.is_some());
        assert_eq!(after, f, "the frozen month did not change");
        let differences = stats.verify(Month::parse("2026-11").unwrap()).await.unwrap();
        let changed: Vec<(&str, &str, &str, &str)> = differences
            .iter()
            .filter(|d| d.division == "430104")
            .map(|d| {
                (
                    d.item.as_str(),
                    d.frozen.as_str(),
                    d.recounted.as_str(),
                    d.section.as_str(),
                )
            })
            .collect();
        assert_eq!(
            changed,
            [
                ("已确认人数", "2", "3", "动态确认"),
                ("确认比例（%）", "40.0", "60.0", "动态确认"),
                ("走访", "0", "1", "动态确认"),
            ]
        );
        assert!(differences.iter().any(|d| d.division == "430000"), "the province's too");
        assert!(differences.iter().all(|d| d.section == "动态确认"));
    })
    .await;
}

#[tokio::test]
async fn an_account_reads_only_its_own_area_and_past_or_present_months() {
    each_database(|store| async move {
        let (s, _) = backend(store).await;
        let yuelu = staff_at(&s, "yuelu", COUNTY).await;
        let stats = &s.statistics;
        let ask = |month: &str, division: &str| StatisticsQuery {
            month: month.into(),
            division: division.into(),
            format: String::new(),
        };
        let today = day("2026-12-02");
        for other in ["430102", "430100", "430000", "430102901"] {
            assert!(
                matches!(stats.asked(&yuelu, &ask("", other), today).await, Err(Error::NotFound)),
                "{other}"
            );
        }
        assert!(matches!(
            stats.asked(&yuelu, &ask("", "430104999"), today).await,
            Err(Error::NotFound)
        ));
        assert!(stats.asked(&yuelu, &ask("", "430104901"), today).await.is_ok());
        for (month, division, field) in [
            ("2027-01", "", "month"),
            ("2026-13", "", "month"),
            ("11/2026", "", "month"),
            ("", "4301", "division"),
            ("", "岳麓区", "division"),
        ] {
            match stats.asked(&yuelu, &ask(month, division), today).await {
                Err(Error::Invalid(f)) => assert_eq!(f[0].field, field, "{month} {division}"),
                other => panic!("{month} {division}: {:?}", other.map(|a| a.division)),
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_community_account_reads_its_township_and_a_township_lists_no_communities() {
    each_database(|store| async move {
        let (s, _) = backend(store).await;
        let here = staff_at(&s, "community", COMMUNITY).await;
        let q = StatisticsQuery::default();
        let asked = s.statistics.asked(&here, &q, day("2026-12-02")).await.unwrap();
        assert_eq!(asked.division, "430104901");
        let answer = s.statistics.report(&asked, day("2026-12-02")).await.unwrap();
        assert!(answer.areas.is_empty(), "no finer than 乡镇街道");
        let county = StatisticsQuery {
            division: "430104".into(),
            ..StatisticsQuery::default()
        };
        assert!(matches!(
            s.statistics.asked(&here, &county, day("2026-12-02")).await,
            Err(Error::NotFound)
        ));
    })
    .await;
}

/// Two servers record one person's services at the same moment (two backends on one
/// database, each write on a connection of its own): the "311" figures still see every
/// record, since each writer locks the registration before writing and reads the first
/// services' days afterwards.
#[tokio::test]
async fn services_recorded_at_once_by_two_servers_all_count() {
    each_database(|store| async move {
        let (s, sms) = backend(store.clone()).await;
        let (other, _) = crate::backend::testing::backend(store).await;
        let yuelu = staff_at(&s, "yuelu", COUNTY).await;
        let (_, reference) = apply(
            &s,
            &sms,
            "13812345606",
            "43010419700201007",
            COMMUNITY,
            "2025-11-20",
            &[],
        )
        .await;
        decide(&s, &yuelu, &reference, "register", "2025-11-20").await;
        let given = [
            ("job_referral", "2025-12-01"),
            ("guidance", "2025-12-02"),
            ("job_referral", "2026-01-05"),
            ("training", "2026-02-01"),
            ("job_referral", "2026-03-01"),
        ];
        let writes = given.iter().enumerate().map(|(i, (kind, on))| {
            let server = if i % 2 == 0 { &s } else { &other };
            let req = service(&reference, kind, on);
            let yuelu = &yuelu;
            async move {
                server
                    .service_311
                    .record_service(yuelu, &req, day(on), "c", at(on))
                    .await
                    .unwrap();
            }
        });
        futures_util::future::join_all(writes).await;
        let (f, _) = figures(&s.statistics, &yuelu, "2026-11", "", "2026-12-02").await;
        // The year ended on 2026-11-19 with all of 3/1/1.
        assert_eq!((f.service_311.year_ended, f.service_311.all_given), (1, 1));
    })
    .await;
}
