//! 注销 by staff for each of the notice's reasons: who may, what each reason needs, who is told,
//! and the endings announced first (4, 5, 6a) that take effect once, on their day.

use super::tests::{end, referral, registered, reply, sms_with};
use crate::api::lists::{ListEntry, ListKind};
use crate::api::service_311::{EndRequest, StaffAnswerRequest};
use crate::backend::auth::staff::StaffRole;
use crate::backend::registration::tests::{backend, fields, staff_at, COMMUNITY, T0, TODAY};
use crate::backend::store::testing::each_database;
use crate::backend::{testing, Error};
use crate::domain::date::Ymd;
use crate::domain::phone::Phone;
use crate::domain::registration::status::{EndReason, Status};

const SIBLING: &str = "DEMO-430104901002";
const COUNTY: &str = "DEMO-430104";

fn day(s: &str) -> Ymd {
    Ymd::parse_iso(s).unwrap()
}

#[tokio::test]
async fn reason_5_is_told_first_and_ends_once_when_its_notice_period_is_over_even_with_two_servers() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let (r, t) = (&s.registrations, &s.service_311);
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let (me, reference) = registered(&s, &sms, &here, "13812345601", "43010419900501001", TODAY).await;

        let told = t
            // At the backend's own time, so that its notifier finds the notice due.
            .end_registration(&here, &reference, &end("5"), TODAY, "c", testing::test_now().unix())
            .await
            .unwrap();
        assert_eq!((told.ended, told.ends_on.as_deref()), (false, Some("2026-12-07")));
        let mine = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(mine.status, Status::Registered, "nothing ends before the day");
        let pending = mine.pending_ending.unwrap();
        assert_eq!(
            (pending.reason, pending.ends_on.as_str()),
            (EndReason::UnableToWork, "2026-12-07")
        );
        assert!(sms_with(&sms, "13812345601", "注销").await.is_some(), "told by SMS too");
        let inbox = s.notifier.inbox(&me.person_id, T0).await.unwrap();
        assert_eq!(inbox[0].title, "您符合注销失业登记的条件");
        assert!(inbox[0].body.contains("完全丧失劳动能力") && inbox[0].body.contains("2026-12-07"));
        assert!(mine.events.iter().any(|e| e.what.starts_with("告知符合注销条件")));
        // Announced once: a second announcement is refused.
        assert!(matches!(
            t.end_registration(&here, &reference, &end("5"), TODAY, "c", T0 + 20)
                .await,
            Err(Error::Conflict(_))
        ));

        assert_eq!(r.end_due(day("2026-12-06"), T0 + 30).await.unwrap(), 0);
        assert_eq!(
            r.current(&me.person_id, TODAY).await.unwrap().unwrap().status,
            Status::Registered
        );
        // Two app servers run the round on the day (one a day late): it ends once, on its day.
        let other = testing::backend(s.store.clone()).await.0;
        let (a, b) = tokio::join!(
            r.end_due(day("2026-12-07"), T0 + 40),
            other.registrations.end_due(day("2026-12-08"), T0 + 40)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1);
        let ended = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(
            (ended.status, ended.end_reason),
            (Status::Ended, Some(EndReason::UnableToWork))
        );
        assert_eq!(ended.pending_ending, None);
        let kept = t
            .staff_services(&here, &reference, TODAY, "c", T0 + 45)
            .await
            .unwrap()
            .ending
            .unwrap();
        assert_eq!(kept.recorded_by, "告知期满自动注销");
        assert!(kept
            .particulars
            .contains(&("核实情况".to_owned(), "电话核实，本人确认".to_owned())));
        let row = s.store.registration_by_reference(&reference).await.unwrap().unwrap();
        assert_eq!(row.ended_on.as_deref(), Some("2026-12-07"));
        let inbox = s.notifier.inbox(&me.person_id, T0).await.unwrap();
        assert_eq!(inbox.iter().filter(|n| n.title == "您的失业登记已注销").count(), 1);
        assert_eq!(r.end_due(day("2026-12-09"), T0 + 50).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn an_announced_ending_ends_at_once_when_the_person_confirms_and_never_when_withdrawn() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let (r, t) = (&s.registrations, &s.service_311);
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let sibling = staff_at(&s, "yuelu2", SIBLING).await;
        let (a, ref_a) = registered(&s, &sms, &here, "13812345601", "43010419900501001", TODAY).await;
        let (b, ref_b) = registered(&s, &sms, &here, "13812345602", "43010419850601002", TODAY).await;
        let (c, ref_c) = registered(&s, &sms, &here, "13812345603", "43010419800701003", TODAY).await;
        t.end_registration(&here, &ref_a, &end("4"), TODAY, "c", T0)
            .await
            .unwrap();
        t.end_registration(&here, &ref_b, &end("6a"), TODAY, "c", T0)
            .await
            .unwrap();

        let e = r.confirm_ending(&here, &ref_a, " ", TODAY, "c", T0).await.unwrap_err();
        assert_eq!(fields(e), ["note"]);
        r.confirm_ending(&here, &ref_a, "本人来电确认已领取养老金", TODAY, "c", T0 + 10)
            .await
            .unwrap();
        let ended = r.current(&a.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(
            (ended.status, ended.end_reason),
            (Status::Ended, Some(EndReason::Pension))
        );
        assert!(matches!(
            r.confirm_ending(&here, &ref_a, "再次确认", TODAY, "c", T0 + 20).await,
            Err(Error::Conflict(_))
        ));

        assert!(matches!(
            r.withdraw_ending(&sibling, &ref_b, "本人提出异议", "c", T0).await,
            Err(Error::NotFound)
        ));
        r.withdraw_ending(&here, &ref_b, "本人提出异议，经核实未入学", "c", T0 + 30)
            .await
            .unwrap();
        let kept = r.current(&b.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!((kept.status, kept.pending_ending), (Status::Registered, None));
        assert_eq!(
            s.notifier.inbox(&b.person_id, T0).await.unwrap()[0].title,
            "拟注销已撤销"
        );
        assert_eq!(r.end_due(day("2027-01-31"), T0 + 40).await.unwrap(), 0);
        assert_eq!(
            r.current(&b.person_id, TODAY).await.unwrap().unwrap().status,
            Status::Registered
        );

        // Confirmed by the person when staff verify: it ends at once, and the person is told.
        let confirmed = EndRequest {
            person_confirmed: true,
            ..end("6a")
        };
        let done = t
            .end_registration(&here, &ref_c, &confirmed, TODAY, "c", T0 + 50)
            .await
            .unwrap();
        assert!(done.ended && done.ends_on.is_none());
        assert_eq!(
            s.notifier.inbox(&c.person_id, T0).await.unwrap()[0].title,
            "您的失业登记已注销"
        );
    })
    .await;
}

#[tokio::test]
async fn reason_10_sends_nothing_and_offices_above_the_registering_one_may_end_but_not_its_neighbours() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let (r, t) = (&s.registrations, &s.service_311);
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let sibling = staff_at(&s, "yuelu2", SIBLING).await;
        let county = staff_at(&s, "yuelu", COUNTY).await;
        let (me, reference) = registered(&s, &sms, &here, "13812345601", "43010419900501001", TODAY).await;
        let sent_before = sms.sent.lock().unwrap().len();

        assert!(matches!(
            t.end_registration(&sibling, &reference, &end("10"), TODAY, "c", T0)
                .await,
            Err(Error::NotFound)
        ));
        let done = t
            .end_registration(&county, &reference, &end("10"), TODAY, "c", T0 + 10)
            .await
            .unwrap();
        assert!(done.ended);
        let ended = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!((ended.status, ended.end_reason), (Status::Ended, Some(EndReason::Died)));
        assert_eq!(s.notifier.unread(&me.person_id).await.unwrap(), 0, "no notice");
        assert_eq!(
            s.store.pending_deliveries().await.unwrap(),
            0,
            "no SMS or WeChat waiting"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(sms.sent.lock().unwrap().len(), sent_before, "no SMS sent");
        assert!(matches!(
            t.end_registration(&county, &reference, &end("10"), TODAY, "c", T0 + 20)
                .await,
            Err(Error::Conflict(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn reasons_1_to_3_need_an_employment_record_and_11_a_rule_from_the_provincial_list() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let (r, t) = (&s.registrations, &s.service_311);
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let (me, reference) = registered(&s, &sms, &here, "13812345601", "43010419900501001", TODAY).await;
        let (other, other_ref) = registered(&s, &sms, &here, "13812345602", "43010419850601002", TODAY).await;

        let e = t
            .end_registration(&here, &reference, &end("1"), TODAY, "c", T0)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["employer", "started_on"]);
        let low_income = EndRequest {
            employer: "家政服务（示例）".into(),
            started_on: "2026-11-01".into(),
            income_meets_dibao: Some(false),
            ..end("3")
        };
        let e = t
            .end_registration(&here, &reference, &low_income, TODAY, "c", T0)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["income_meets_dibao"]);
        let employed = EndRequest {
            employer: "长沙某某物流有限公司（示例）".into(),
            started_on: "2026-11-20".into(),
            ..end("1")
        };
        assert!(
            t.end_registration(&here, &reference, &employed, TODAY, "c", T0 + 10)
                .await
                .unwrap()
                .ended
        );
        let ended = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(
            (ended.status, ended.end_reason),
            (Status::Ended, Some(EndReason::Employed))
        );
        assert_eq!(
            s.notifier.inbox(&me.person_id, T0).await.unwrap()[0].title,
            "您的失业登记已注销"
        );
        // Staff read the 就业登记 it was ended with.
        let kept = t
            .staff_services(&here, &reference, TODAY, "c", T0 + 15)
            .await
            .unwrap()
            .ending
            .unwrap();
        assert_eq!(
            (kept.reason, kept.recorded_by.as_str()),
            (EndReason::Employed, "工作人员 yuelu1")
        );
        assert_eq!(
            kept.particulars[..2],
            [
                (
                    "用人单位或经营项目".to_owned(),
                    "长沙某某物流有限公司（示例）".to_owned()
                ),
                ("开始工作日期".to_owned(), "2026-11-20".to_owned())
            ]
        );

        // Reason 11: nothing to choose until provincial administrators list the local rules.
        let rule = "示例：连续12个月未进行就业失业动态确认";
        let local = |name: &str| EndRequest {
            local_rule: name.into(),
            ..end("11")
        };
        assert!(matches!(
            t.end_registration(&here, &other_ref, &local(rule), TODAY, "c", T0).await,
            Err(Error::Conflict(m)) if m.contains("尚未发布")
        ));
        let phone = Phone::parse("13900000002").unwrap();
        let role = StaffRole {
            province: true,
            admin: true,
        };
        let admin = s
            .auth
            .add_staff("hn-admin", "a long staff password 1", &phone, "DEMO-430100", role, T0)
            .await
            .unwrap();
        let entry = ListEntry {
            fields: [("name", rule), ("basis", "示例文件")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            demo: true,
        };
        s.lists
            .replace(&admin, ListKind::EndRule, &[entry], "c", T0)
            .await
            .unwrap();
        let e = t
            .end_registration(&here, &other_ref, &local("别的情形"), TODAY, "c", T0)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["local_rule"]);
        t.end_registration(&here, &other_ref, &local(rule), TODAY, "c", T0 + 20)
            .await
            .unwrap();
        let ended = r.current(&other.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(ended.end_reason, Some(EndReason::Other));
    })
    .await;
}

#[tokio::test]
async fn refusals_staff_take_down_from_a_call_or_a_visit_count_toward_reason_8() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let (r, t) = (&s.registrations, &s.service_311);
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let sibling = staff_at(&s, "yuelu2", SIBLING).await;
        let (me, reference) = registered(&s, &sms, &here, "13812345601", "43010419900501001", TODAY).await;
        for _ in 0..3 {
            t.record_service(&here, &referral(vec![reference.clone()], "2026-11-27"), TODAY, "c", T0)
                .await
                .unwrap();
        }
        let mut ids: Vec<String> = t
            .my_services(&me.person_id)
            .await
            .unwrap()
            .records
            .into_iter()
            .map(|x| x.id)
            .collect();
        ids.reverse();
        let by = |via: &str, reason: &str| StaffAnswerRequest {
            answer: "declined".into(),
            reason: reason.into(),
            note: "本人说不想去".into(),
            via: via.into(),
        };
        // Online, by phone, at the hall: three in a row without a good reason.
        t.answer_service(&me.person_id, &ids[0], &reply("declined", "not_interested"), T0)
            .await
            .unwrap();
        let e = t
            .record_answer(&here, &ids[1], &by("", "not_interested"), "c", T0)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["via"]);
        assert!(matches!(
            t.record_answer(&sibling, &ids[1], &by("phone", "not_interested"), "c", T0)
                .await,
            Err(Error::NotFound)
        ));
        t.record_answer(&here, &ids[1], &by("phone", "not_interested"), "c", T0 + 10)
            .await
            .unwrap();
        assert!(matches!(
            t.end_registration(&here, &reference, &end("8"), TODAY, "c", T0 + 15).await,
            Err(Error::Conflict(m)) if m.contains("2 次")
        ));
        t.record_answer(&here, &ids[2], &by("on_site", "other"), "c", T0 + 20)
            .await
            .unwrap();
        // A decline stands, whoever took it down.
        assert!(matches!(
            t.record_answer(&here, &ids[2], &by("phone", "health"), "c", T0 + 30)
                .await,
            Err(Error::Conflict(_))
        ));

        let seen = t.staff_services(&here, &reference, TODAY, "c", T0 + 40).await.unwrap();
        assert_eq!(
            (seen.services.refusals_in_a_row, seen.may_end_for.as_slice()),
            (3, ["8".to_owned()].as_slice())
        );
        let vias: Vec<Option<String>> = seen.services.records.iter().map(|x| x.answered_via.clone()).collect();
        assert_eq!(vias, [Some("现场".to_owned()), Some("电话".to_owned()), None]);
        t.end_registration(&here, &reference, &end("8"), TODAY, "c", T0 + 50)
            .await
            .unwrap();
        let ended = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(ended.end_reason, Some(EndReason::RefusedServices));
        let audit = s.store.recent_audit(20).await.unwrap();
        assert!(audit.iter().any(|(_, action, subject, reason)| {
            action == "record_answer" && *subject == reference && reason == "phone"
        }));
    })
    .await;
}
