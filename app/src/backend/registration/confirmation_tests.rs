//! 就业失业动态确认: staff checks beside the person's own answer, and the monthly reminder
//! sent once per person however many servers run the round.

use super::tests::{backend, complete, decision, person, req, staff_at, T0, TODAY};
use crate::api::registration::StaffCheckRequest;
use crate::backend::store::testing::each_database;
use crate::backend::{testing, Error};
use crate::domain::date::Ymd;

fn check(channel: &str, result: &str) -> StaffCheckRequest {
    StaffCheckRequest {
        channel: channel.into(),
        result: result.into(),
        on: String::new(),
    }
}

#[tokio::test]
async fn staff_checks_confirm_the_month_but_never_replace_the_persons_own() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let county = staff_at(&s, "yuelu", "DEMO-430104").await;
        let next_door = staff_at(&s, "furong", "DEMO-430102").await;
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        let mine = r.submit(&me, &req("k", true, "张三"), TODAY, T0).await.unwrap();
        let record = |c: StaffCheckRequest| {
            let (staff, reference) = (&county, mine.reference.as_str());
            async move { r.record_check(staff, reference, &c, TODAY, "10.1.1.1", T0 + 50).await }
        };
        assert!(
            matches!(record(check("phone", "looking")).await, Err(Error::Conflict(_))),
            "not registered yet"
        );
        r.decide(&county, &mine.reference, &decision("register", ""), TODAY, "c", T0 + 10)
            .await
            .unwrap();

        // A call that reached nobody confirms nothing; it is in the history.
        let missed = record(check("phone", "unreachable")).await.unwrap();
        assert_eq!((missed.month.as_str(), missed.confirmed), ("2026-11", false));
        assert!(r.current(&me.person_id, TODAY).await.unwrap().unwrap().confirmation_due);
        let e = record(check("data_match", "unreachable")).await.unwrap_err();
        assert!(matches!(&e, Error::Invalid(f) if f[0].field == "result"), "{e:?}");
        assert!(matches!(
            r.record_check(&next_door, &mine.reference, &check("phone", "looking"), TODAY, "c", T0)
                .await,
            Err(Error::NotFound)
        ));

        // A visit that found them confirms the month for them.
        let visited = record(check("visit", "looking")).await.unwrap();
        assert_eq!((visited.confirmed, visited.method.as_deref()), (true, Some("走访")));
        let view = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert!(!view.confirmation_due);
        assert!(view
            .events
            .iter()
            .any(|e| e.what == "就业失业动态确认（工作人员走访）：仍在找工作"));
        assert!(view
            .events
            .iter()
            .any(|e| e.what == "就业失业动态确认（工作人员电话）：联系不上"));

        // The person's own answer replaces it; a later check keeps the person's.
        r.confirm_month(&me, "other", TODAY, T0 + 60).await.unwrap();
        let again = record(check("data_match", "looking")).await.unwrap();
        assert_eq!(again.method.as_deref(), Some("本人报告"));
        let shown = s
            .service_311
            .staff_services(&county, &mine.reference, TODAY, "c", T0 + 70)
            .await
            .unwrap();
        assert_eq!(shown.confirmed_this_month.as_deref(), Some("其他情况（本人报告）"));
    })
    .await;
}

#[tokio::test]
async fn each_unconfirmed_person_is_reminded_once_a_month_whichever_server_runs_the_round() {
    each_database(|store| async move {
        let (s, sms) = backend(store.clone()).await;
        let r = &s.registrations;
        let county = staff_at(&s, "yuelu", "DEMO-430104").await;
        let mut people = Vec::new();
        for (i, (phone, id)) in [
            ("13812345671", "43010419900501001"),
            ("13812345672", "43010419900502001"),
            ("13812345673", "43010419900503001"),
        ]
        .into_iter()
        .enumerate()
        {
            let me = person(&s, &sms, phone, id).await;
            r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
            let key = format!("k{i}");
            let v = r.submit(&me, &req(&key, true, "张三"), TODAY, T0).await.unwrap();
            r.decide(&county, &v.reference, &decision("register", ""), TODAY, "c", T0)
                .await
                .unwrap();
            people.push(me);
        }
        // One has confirmed this month already.
        r.confirm_month(&people[2], "looking", TODAY, T0 + 5).await.unwrap();
        let reminders = |i: usize| {
            let notifier = s.notifier.clone();
            let id = people[i].person_id.clone();
            async move {
                notifier
                    .inbox(&id, T0)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|n| n.title == "请完成本月就业失业动态确认")
                    .count()
            }
        };

        // Before the configured day, nobody.
        assert_eq!(r.remind_unconfirmed(28, TODAY, T0 + 10).await.unwrap(), 0);
        // Two servers run the round at once: two reminders in all, one each.
        let (other, _) = testing::backend(store.clone()).await;
        let (a, b) = tokio::join!(
            r.remind_unconfirmed(20, TODAY, T0 + 20),
            other.registrations.remind_unconfirmed(20, TODAY, T0 + 20)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 2);
        assert_eq!((reminders(0).await, reminders(1).await, reminders(2).await), (1, 1, 0));
        // Later rounds of the month remind nobody again; the next month's do.
        assert_eq!(
            r.remind_unconfirmed(20, Ymd { day: 30, ..TODAY }, T0 + 30)
                .await
                .unwrap(),
            0
        );
        let december = Ymd::new(2026, 12, 21).unwrap();
        assert_eq!(r.remind_unconfirmed(20, december, T0 + 40).await.unwrap(), 3);
    })
    .await;
}
