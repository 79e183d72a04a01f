//! 待办, decisions and 转办 as staff use them: the queue's order and filters, the person told
//! of each decision, a refusal's listed reason, and a transfer landing at the other office.

use super::tests::{backend, complete, decision, person, req, staff_at, COMMUNITY, T0, TODAY};
use super::QueueQuery;
use crate::api::registration::{DecisionRequest, TransferRequest};
use crate::backend::store::testing::each_database;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::status::Status;

fn query(status: &str, division: &str, office: &str) -> QueueQuery {
    QueueQuery {
        status: status.into(),
        division: division.into(),
        office: office.into(),
    }
}

fn field(e: Error) -> String {
    match e {
        Error::Invalid(f) => f[0].field.clone(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_queue_puts_overdue_first_and_each_decision_is_told_to_the_person() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let county = staff_at(&s, "yuelu", "DEMO-430104").await;
        // Submitted today (Friday 2026-11-27), due on Friday 12-04.
        let recent = person(&s, &sms, "13812345678", "43010419900501001").await;
        r.update_draft(&recent, &complete(), TODAY, T0).await.unwrap();
        let fresh = r.submit(&recent, &req("k1", true, "张三"), TODAY, T0).await.unwrap();
        // Submitted on 11-18, due 11-25: two working days overdue, though stored later.
        let late = person(&s, &sms, "13812345679", "43010419900502001").await;
        let mut answers = complete();
        answers.insert("name".into(), "李四".into());
        let nov18 = Ymd::new(2026, 11, 18).unwrap();
        r.update_draft(&late, &answers, nov18, T0 + 5).await.unwrap();
        let old = r.submit(&late, &req("k2", true, "李四"), nov18, T0 + 10).await.unwrap();

        let q = r
            .queue(&county, &QueueQuery::default(), TODAY, "10.1.1.1", T0)
            .await
            .unwrap();
        let order: Vec<_> = q.items.iter().map(|i| i.summary.reference.as_str()).collect();
        assert_eq!(order, [old.reference.as_str(), fresh.reference.as_str()]);
        assert!(q.items[0].due.overdue);
        assert_eq!(q.items[0].due.words, "已超期2个工作日");
        assert_eq!(
            (q.items[1].due.due_on.as_str(), q.items[1].due.working_days_left),
            ("2026-12-04", 5)
        );
        assert_eq!(q.items[1].summary.name_masked, "张*");
        assert!(q.items[1].institution_name.contains("示例"));
        assert_eq!(q.counts.iter().map(|c| c.count).collect::<Vec<_>>(), [2, 0]);

        // 受理: the person is told, with the due date; the counts move.
        r.decide(
            &county,
            &fresh.reference,
            &decision("accept", ""),
            TODAY,
            "10.1.1.1",
            T0 + 20,
        )
        .await
        .unwrap();
        let told = s.notifier.inbox(&recent.person_id, T0 + 21).await.unwrap();
        assert_eq!(told[0].title, "您的失业登记申请已受理");
        assert!(told[0].body.contains("2026-12-04"), "{}", told[0].body);
        let accepted = r
            .queue(&county, &query("accepted", "", ""), TODAY, "10.1.1.1", T0)
            .await
            .unwrap();
        assert_eq!(accepted.items.len(), 1);
        assert_eq!(accepted.counts.iter().map(|c| c.count).collect::<Vec<_>>(), [1, 1]);

        // 登记: told again; it leaves the queue; 我的登记 shows both decisions.
        r.decide(
            &county,
            &fresh.reference,
            &decision("register", ""),
            TODAY,
            "10.1.1.1",
            T0 + 30,
        )
        .await
        .unwrap();
        let told = s.notifier.inbox(&recent.person_id, T0 + 31).await.unwrap();
        assert_eq!(told[0].title, "您已完成失业登记");
        let view = r.current(&recent.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(view.status, Status::Registered);
        let history: Vec<_> = view.events.iter().map(|e| e.what.as_str()).collect();
        assert_eq!(history, ["您提交了失业登记申请", "服务机构受理了申请", "失业登记完成"]);
        let q = r
            .queue(&county, &QueueQuery::default(), TODAY, "10.1.1.1", T0)
            .await
            .unwrap();
        assert_eq!(q.items.len(), 1);

        // Filters outside what the page offers are named.
        let staff = &county;
        let bad = |q: QueueQuery| async move { r.queue(staff, &q, TODAY, "10.1.1.1", T0).await };
        assert_eq!(field(bad(query("registered", "", "")).await.unwrap_err()), "status");
        assert_eq!(field(bad(query("", "430102", "")).await.unwrap_err()), "division");
        assert_eq!(field(bad(query("", "", "DEMO-430102")).await.unwrap_err()), "office");
        let township = r
            .queue(&county, &query("", "430104901", ""), TODAY, "10.1.1.1", T0)
            .await
            .unwrap();
        assert_eq!(township.items.len(), 1, "the demo community lies in township 430104901");
        let elsewhere = r
            .queue(&county, &query("", "430104902", ""), TODAY, "10.1.1.1", T0)
            .await
            .unwrap();
        assert!(elsewhere.items.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_refusal_names_a_listed_reason_that_the_person_reads() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let county = staff_at(&s, "yuelu", "DEMO-430104").await;
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        let mine = r.submit(&me, &req("k", true, "张三"), TODAY, T0).await.unwrap();
        let refuse = |code: &str, words: &str| {
            let mut d = decision("refuse", words);
            d.refusal_code = code.into();
            d
        };
        let (staff, reference) = (&county, mine.reference.as_str());
        let decide = |d: DecisionRequest| async move { r.decide(staff, reference, &d, TODAY, "10.1.1.1", T0).await };
        assert_eq!(field(decide(refuse("", "")).await.unwrap_err()), "refusal_code");
        assert_eq!(field(decide(refuse("hukou", "")).await.unwrap_err()), "refusal_code");
        assert_eq!(field(decide(refuse("other", " ")).await.unwrap_err()), "reason");
        decide(refuse("pension", "经信息比对核实")).await.unwrap();
        let view = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(view.status, Status::Refused);
        assert_eq!(
            view.refusal_reason.as_deref(),
            Some("已依法享受基本养老保险待遇。经信息比对核实")
        );
        let told = s.notifier.inbox(&me.person_id, T0 + 1).await.unwrap();
        assert_eq!(told[0].title, "您的失业登记申请未予登记");
        assert!(told[0].body.contains("已依法享受基本养老保险待遇"));
        assert!(
            !told[0].title.contains("养老"),
            "the title goes into the SMS: nothing personal"
        );
    })
    .await;
}

#[tokio::test]
async fn a_transfer_lands_in_the_other_offices_queue_with_its_deadline() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let yuelu = staff_at(&s, "yuelu", "DEMO-430104").await;
        let furong = staff_at(&s, "furong", "DEMO-430102").await;
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        let mine = r.submit(&me, &req("k", true, "张三"), TODAY, T0).await.unwrap();
        let to = |office: &str| TransferRequest {
            office: office.into(),
            note: "申请人常住芙蓉区".into(),
        };

        let e = r
            .transfer(&yuelu, &mine.reference, &to("NOPE-1"), "10.1.1.1", T0)
            .await
            .unwrap_err();
        assert_eq!(field(e), "office");
        let e = r
            .transfer(&yuelu, &mine.reference, &to(COMMUNITY), "10.1.1.1", T0)
            .await
            .unwrap_err();
        assert_eq!(field(e), "office", "already there");
        let moved = r
            .transfer(&yuelu, &mine.reference, &to("DEMO-430102"), "10.1.1.1", T0 + 5)
            .await
            .unwrap();
        assert_eq!(moved.institution_code, "DEMO-430102");
        assert_eq!(moved.status, Status::Submitted, "the state stays");

        assert!(r
            .queue(&yuelu, &QueueQuery::default(), TODAY, "10.1.1.1", T0)
            .await
            .unwrap()
            .items
            .is_empty());
        let there = r
            .queue(&furong, &QueueQuery::default(), TODAY, "10.1.1.1", T0)
            .await
            .unwrap();
        assert_eq!(there.items.len(), 1);
        assert_eq!(there.items[0].due.due_on, "2026-12-04", "the deadline stays");
        assert!(matches!(
            r.decide(&yuelu, &mine.reference, &decision("accept", ""), TODAY, "10.1.1.1", T0)
                .await,
            Err(Error::NotFound)
        ));

        let view = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(view.office.code, "DEMO-430102");
        assert!(view
            .events
            .iter()
            .any(|e| e.what.starts_with("申请转至芙蓉区") && e.what.contains("申请人常住芙蓉区")));
        let told = s.notifier.inbox(&me.person_id, T0 + 6).await.unwrap();
        assert_eq!(told[0].title, "您的失业登记申请已转办");
        assert!(told[0].body.contains("芙蓉区"));

        // Decided at the new office, it cannot be transferred any more.
        r.decide(
            &furong,
            &mine.reference,
            &decision("register", ""),
            TODAY,
            "10.1.1.1",
            T0 + 10,
        )
        .await
        .unwrap();
        let e = r
            .transfer(&furong, &mine.reference, &to("DEMO-430104"), "10.1.1.1", T0 + 11)
            .await;
        assert!(matches!(e, Err(Error::Conflict(_))), "{e:?}");
    })
    .await;
}
