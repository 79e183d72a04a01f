//! 311: recording, answering, refusals, 回访, ending for reasons 8 and 9, notices.

use std::sync::Arc;

use crate::api::lists::{ListEntry, ListKind};
use crate::api::service_311::{EndRequest, FollowUp, RecordServiceRequest, ServiceAnswerRequest};
use crate::backend::auth::staff::{StaffRole, StaffSession};
use crate::backend::auth::{ProviderOutcome, Session};
use crate::backend::clock::{Now, TestClock};
use crate::backend::notify::{Notifier, RecordingSms, WeChatTemplates};
use crate::backend::registration::tests::{
    backend, complete, decision, fields, person, req, staff_at, COMMUNITY, T0, TODAY,
};
use crate::backend::store::testing::each_database;
use crate::backend::testing;
use crate::backend::wechat::AccessTokens;
use crate::backend::{Backend, Error};
use crate::domain::date::Ymd;
use crate::domain::phone::Phone;
use crate::domain::registration::status::{EndReason, Status};
use crate::domain::registration::Answers;
use crate::domain::service_311::ServiceKind;

pub(super) fn referral(references: Vec<String>, given_on: &str) -> RecordServiceRequest {
    RecordServiceRequest {
        references,
        kind: "job_referral".into(),
        given_on: given_on.into(),
        channel: "sms".into(),
        content: [("employer", "某某物流（示例）"), ("position", "仓库管理员")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    }
}

pub(super) fn reply(answer: &str, reason: &str) -> ServiceAnswerRequest {
    ServiceAnswerRequest {
        answer: answer.into(),
        reason: reason.into(),
        note: String::new(),
    }
}

pub(crate) fn end(reason: &str) -> EndRequest {
    EndRequest {
        reason: reason.into(),
        verified: "电话核实，本人确认".into(),
        ..EndRequest::default()
    }
}

/// A registered person (registered on `on`) and their reference.
pub(super) async fn registered(
    s: &Backend,
    sms: &RecordingSms,
    staff: &StaffSession,
    phone: &str,
    id17: &str,
    on: Ymd,
) -> (Session, String) {
    let r = &s.registrations;
    let me = person(s, sms, phone, id17).await;
    let mut answers = complete();
    answers.insert("ended_month".into(), "1".into()); // before any registration date used here
    r.update_draft(&me, &answers, on, T0).await.unwrap();
    let v = r.submit(&me, &req("k", true, "张三"), on, T0).await.unwrap();
    r.decide(staff, &v.reference, &decision("register", ""), on, "c", T0)
        .await
        .unwrap();
    // The person is told of the registration (at T0): sent and read here, so that the tests
    // below count only the services' own notices.
    let at_t0 = Arc::new(TestClock::at(Now::from_unix(T0)));
    let sent = Notifier::new(s.store.clone(), s.auth.clone(), None, at_t0)
        .deliver_due()
        .await
        .unwrap();
    assert_eq!(sent, 1, "the registration's SMS");
    s.notifier.inbox(&me.person_id, T0).await.unwrap();
    (me, v.reference)
}

/// The newest SMS to a phone about a service, waiting for the notifier's background sending.
async fn service_sms_to(sms: &RecordingSms, phone: &str) -> Option<String> {
    sms_with(sms, phone, "就业服务").await
}

/// The newest SMS to `phone` that contains `needle`, waiting for the background sending.
pub(super) async fn sms_with(sms: &RecordingSms, phone: &str, needle: &str) -> Option<String> {
    let phone = Phone::parse(phone).unwrap();
    for _ in 0..100 {
        if let Some(text) = sms.last_to(&phone).filter(|t| t.contains(needle)) {
            return Some(text);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    None
}

#[tokio::test]
async fn staff_record_311_services_for_registered_people_in_their_area_only() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let next_door = staff_at(&s, "yuelu2", "DEMO-430104901002").await;
        let mut refs = Vec::new();
        for (phone, id) in [
            ("13812345601", "43010419900501001"),
            ("13812345602", "43010419850601002"),
        ] {
            let me = person(&s, &sms, phone, id).await;
            r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
            let v = r.submit(&me, &req("k", true, "张三"), TODAY, T0).await.unwrap();
            refs.push((me, v.reference));
        }
        let referral = |references: Vec<String>| RecordServiceRequest {
            references,
            kind: "job_referral".into(),
            given_on: "2026-11-27".into(),
            channel: "phone".into(),
            content: [("employer", "某某物流（示例）"), ("position", "仓库管理员")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        };
        let both: Vec<String> = refs.iter().map(|(_, reference)| reference.clone()).collect();
        // Not registered yet: nothing is written for anyone.
        assert!(matches!(
            t.record_service(&here, &referral(both.clone()), TODAY, "c", T0).await,
            Err(Error::Conflict(_))
        ));
        for reference in &both {
            r.decide(&here, reference, &decision("register", ""), TODAY, "c", T0)
                .await
                .unwrap();
        }
        assert!(matches!(
            t.record_service(&next_door, &referral(both.clone()), TODAY, "c", T0)
                .await,
            Err(Error::NotFound)
        ));
        let mut no_employer = referral(both.clone());
        no_employer.content.remove("employer");
        assert_eq!(
            fields(t.record_service(&here, &no_employer, TODAY, "c", T0).await.unwrap_err()),
            ["content.employer"]
        );
        assert_eq!(
            t.record_service(&here, &referral(both), TODAY, "c", T0)
                .await
                .unwrap()
                .recorded,
            2
        );

        let mine = t.my_services(&refs[0].0.person_id).await.unwrap();
        assert_eq!((mine.progress[0].given, mine.progress[0].owed), (1, 3));
        assert_eq!(mine.year_ends_on, "2027-11-27");
        assert_eq!(mine.records[0].content["position"], "仓库管理员");
        assert!(mine.records[0].counts);

        // Declining without a good reason: the warning at two; a good reason neither counts
        // nor resets; any accepted service resets.
        let me = &refs[0].0.person_id;
        let decline = |reason: &str| ServiceAnswerRequest {
            answer: "declined".into(),
            reason: reason.into(),
            note: String::new(),
        };
        for _ in 0..4 {
            let one = vec![refs[0].1.clone()];
            t.record_service(&here, &referral(one), TODAY, "c", T0).await.unwrap();
        }
        let mut ids: Vec<String> = t
            .my_services(me)
            .await
            .unwrap()
            .records
            .into_iter()
            .map(|x| x.id)
            .collect();
        ids.reverse(); // oldest first
        assert_eq!(
            fields(t.answer_service(me, &ids[0], &decline("other"), T0).await.unwrap_err()),
            ["note"]
        );
        t.answer_service(me, &ids[0], &decline("not_interested"), T0)
            .await
            .unwrap();
        let v = t.answer_service(me, &ids[1], &decline("too_far"), T0).await.unwrap();
        assert_eq!((v.refusals_in_a_row, v.warning.is_some()), (1, false));
        let v = t
            .answer_service(me, &ids[2], &decline("not_interested"), T0)
            .await
            .unwrap();
        assert_eq!(v.refusals_in_a_row, 2);
        assert!(v.warning.unwrap().contains("再拒绝一次"));
        let hired = ServiceAnswerRequest {
            answer: "hired".into(),
            reason: String::new(),
            note: String::new(),
        };
        let v = t.answer_service(me, &ids[3], &hired, T0).await.unwrap();
        assert_eq!((v.refusals_in_a_row, v.warning), (0, None));
        // Another person's record is not found.
        assert!(matches!(
            t.answer_service(&refs[1].0.person_id, &ids[0], &hired, T0).await,
            Err(Error::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn two_unjustified_declines_warn_and_a_third_ends_only_when_staff_confirm_reason_8() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let elsewhere = staff_at(&s, "yuelu2", "DEMO-430104901002").await;
        let (me, reference) = registered(&s, &sms, &here, "13812345611", "43010419900501001", TODAY).await;
        // Recorded at the services' own time, so that their notifier finds the notices due.
        let now = testing::test_now().unix();
        for _ in 0..3 {
            t.record_service(&here, &referral(vec![reference.clone()], "2026-11-27"), TODAY, "c", now)
                .await
                .unwrap();
        }
        // Each record tells the person: the inbox, and an SMS with nothing but a greeting.
        let text = service_sms_to(&sms, "13812345611").await.expect("a notice SMS");
        assert!(text.starts_with("张先生您好：您有新的就业服务：岗位推荐"), "{text}");
        assert!(!text.contains("张三") && !text.contains("物流"), "{text}");
        assert_eq!(s.notifier.unread(&me.person_id).await.unwrap(), 3);
        let inbox = s.notifier.inbox(&me.person_id, T0).await.unwrap();
        assert_eq!(inbox.len(), 4, "with the notice of the registration");
        assert_eq!(
            s.notifier.unread(&me.person_id).await.unwrap(),
            0,
            "reading marks them read"
        );
        assert!(!inbox[0].read && inbox[0].link == "/services");
        assert!(s.notifier.inbox(&me.person_id, T0).await.unwrap()[0].read);

        let mut ids: Vec<String> = t
            .my_services(&me.person_id)
            .await
            .unwrap()
            .records
            .into_iter()
            .map(|x| x.id)
            .collect();
        ids.reverse();
        t.answer_service(&me.person_id, &ids[0], &reply("declined", "not_interested"), T0)
            .await
            .unwrap();
        let two = t
            .answer_service(&me.person_id, &ids[1], &reply("declined", "not_interested"), T0)
            .await
            .unwrap();
        assert!(two.warning.unwrap().contains("可能会被注销"));
        // A decline stands.
        assert!(matches!(
            t.answer_service(&me.person_id, &ids[1], &reply("interested", ""), T0)
                .await,
            Err(Error::Conflict(_))
        ));
        assert!(matches!(
            t.end_registration(&here, &reference, &end("8"), TODAY, "c", T0).await,
            Err(Error::Conflict(m)) if m.contains("2 次")
        ));
        t.answer_service(&me.person_id, &ids[2], &reply("declined", "other"), T0)
            .await
            .unwrap_err();
        let mut third = reply("declined", "other");
        third.note = "不想去".into();
        t.answer_service(&me.person_id, &ids[2], &third, T0).await.unwrap();

        // Nothing ends by itself: staff see that reason 8 may apply, and must confirm it.
        assert_eq!(
            r.current(&me.person_id, TODAY).await.unwrap().unwrap().status,
            Status::Registered
        );
        let seen = t.staff_services(&here, &reference, TODAY, "c", T0).await.unwrap();
        assert_eq!(seen.may_end_for, ["8"]);
        assert_eq!(seen.services.refusals_in_a_row, 3);
        // Staff of another institution can neither read, record, follow up nor end.
        assert!(matches!(
            t.staff_services(&elsewhere, &reference, TODAY, "c", T0).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            t.record_service(
                &elsewhere,
                &referral(vec![reference.clone()], "2026-11-27"),
                TODAY,
                "c",
                T0
            )
            .await,
            Err(Error::NotFound)
        ));
        let follow = FollowUp {
            on: "2026-11-27".into(),
            reached: true,
            result: "已面试".into(),
        };
        assert!(matches!(
            t.follow_up(&elsewhere, &ids[0], &follow, TODAY, "c", T0).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            t.end_registration(&elsewhere, &reference, &end("8"), TODAY, "c", T0)
                .await,
            Err(Error::NotFound)
        ));
        let mut unverified = end("8");
        unverified.verified = " ".into();
        assert_eq!(
            fields(
                t.end_registration(&here, &reference, &unverified, TODAY, "c", T0)
                    .await
                    .unwrap_err()
            ),
            ["verified"]
        );
        t.end_registration(&here, &reference, &end("8"), TODAY, "c", T0 + 10)
            .await
            .unwrap();
        let ended = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(
            (ended.status, ended.end_reason),
            (Status::Ended, Some(EndReason::RefusedServices))
        );
        // Reason 8 is told to the person.
        assert_eq!(
            s.notifier.inbox(&me.person_id, T0).await.unwrap()[0].title,
            "您的失业登记已注销"
        );
        let audit = s.store.recent_audit(20).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|(_, action, subject, _)| action == "end_8" && *subject == reference),
            "{audit:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn hired_leads_to_reporting_work_which_ends_the_registration_with_reason_1() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let (me, reference) = registered(&s, &sms, &here, "13812345612", "43010419900501001", TODAY).await;
        t.record_service(&here, &referral(vec![reference], "2026-11-27"), TODAY, "c", T0)
            .await
            .unwrap();
        let id = t.my_services(&me.person_id).await.unwrap().records[0].id.clone();
        let v = t
            .answer_service(&me.person_id, &id, &reply("hired", ""), T0)
            .await
            .unwrap();
        assert_eq!(v.records[0].answer_label.as_deref(), Some("已录用"));
        assert!(!v.records[0].can_answer, "已录用 stands");
        let ended = r.report_work(&me, "1", "2026-11-27", TODAY, T0 + 1).await.unwrap();
        assert_eq!(
            (ended.status, ended.end_reason),
            (Status::Ended, Some(EndReason::Employed))
        );
        let after = t.my_services(&me.person_id).await.unwrap();
        assert!(!after.open && after.records.iter().all(|x| !x.can_answer));
    })
    .await;
}

#[tokio::test]
async fn reason_9_only_after_six_months_without_a_successful_contact_and_without_a_notice() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let may_25 = Ymd::new(2026, 5, 25).unwrap();
        let (me, reference) = registered(&s, &sms, &here, "13812345613", "43010419900501001", may_25).await;
        // An SMS reaches no one for sure: it is no contact.
        t.record_service(&here, &referral(vec![reference.clone()], "2026-06-01"), TODAY, "c", T0)
            .await
            .unwrap();
        let seen = t.staff_services(&here, &reference, TODAY, "c", T0).await.unwrap();
        assert_eq!(
            (seen.last_contact.as_str(), seen.may_end_for.as_slice()),
            ("2026-05-25", ["9".to_owned()].as_slice())
        );
        // A 回访 that reached the person in the last six months: not unreachable.
        let id = seen.services.records[0].id.clone();
        let follow = FollowUp {
            on: "2026-06-10".into(),
            reached: true,
            result: "本人表示还在找工作".into(),
        };
        t.follow_up(&here, &id, &follow, TODAY, "c", T0).await.unwrap();
        assert!(matches!(
            t.end_registration(&here, &reference, &end("9"), TODAY, "c", T0).await,
            Err(Error::Conflict(m)) if m.contains("2026-06-10")
        ));
        let later = Ymd::new(2026, 12, 10).unwrap();
        let seen = t.staff_services(&here, &reference, later, "c", T0).await.unwrap();
        assert_eq!(seen.services.records[0].follow_ups[0].result, "本人表示还在找工作");
        assert_eq!(seen.may_end_for, ["9"]);
        let before = s.notifier.inbox(&me.person_id, T0).await.unwrap().len();
        t.end_registration(&here, &reference, &end("9"), later, "c", T0)
            .await
            .unwrap();
        assert_eq!(
            s.notifier.inbox(&me.person_id, T0).await.unwrap().len(),
            before,
            "no notice for reason 9: the person cannot be reached"
        );
        let bad = FollowUp {
            on: "2027-01-01".into(),
            reached: false,
            result: String::new(),
        };
        assert_eq!(
            fields(t.follow_up(&here, &id, &bad, TODAY, "c", T0).await.unwrap_err()),
            ["on"]
        );
    })
    .await;
}

#[tokio::test]
async fn record_content_is_checked_against_its_kind() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let (_, reference) = registered(&s, &sms, &here, "13812345614", "43010419900501001", TODAY).await;
        let mut unknown = referral(vec![reference.clone()], "2026-11-27");
        unknown.content.insert("salary".into(), "5000".into());
        let e = t.record_service(&here, &unknown, TODAY, "c", T0).await.unwrap_err();
        assert_eq!(fields(e), ["content.salary"]);
        let mut long = referral(vec![reference], "2026-11-27");
        long.content.insert("wage".into(), "元".repeat(201));
        assert_eq!(
            fields(t.record_service(&here, &long, TODAY, "c", T0).await.unwrap_err()),
            ["content.wage"]
        );
    })
    .await;
}

/// Only a free training counts toward "311"; whether it is free must be chosen.
#[tokio::test]
async fn only_a_free_training_counts_toward_311() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let (_, reference) = registered(&s, &sms, &here, "13812345617", "43010419900501001", TODAY).await;
        let training = |free: Option<&str>| {
            let mut content: Answers = [("course", "电工（示例）"), ("provider", "示例职业技能培训学校")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            if let Some(f) = free {
                content.insert("free".into(), f.into());
            }
            RecordServiceRequest {
                references: vec![reference.clone()],
                kind: "training".into(),
                given_on: "2026-11-27".into(),
                channel: "phone".into(),
                content,
            }
        };
        let e = t
            .record_service(&here, &training(None), TODAY, "c", T0)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["content.free"]);
        let e = t
            .record_service(&here, &training(Some("免费")), TODAY, "c", T0)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["content.free"], "1 or 0");
        let owed_training = |v: crate::api::service_311::StaffServicesView| {
            v.services
                .progress
                .iter()
                .find(|p| p.kind == ServiceKind::Training)
                .map(|p| p.given)
        };
        t.record_service(&here, &training(Some("0")), TODAY, "c", T0)
            .await
            .unwrap();
        let v = t.staff_services(&here, &reference, TODAY, "c", T0).await.unwrap();
        assert_eq!(owed_training(v.clone()), Some(0), "a paid training does not count");
        assert!(!v.services.records.iter().any(|r| r.counts));
        t.record_service(&here, &training(Some("1")), TODAY, "c", T0)
            .await
            .unwrap();
        let v = t.staff_services(&here, &reference, TODAY, "c", T0).await.unwrap();
        assert_eq!(owed_training(v), Some(1));
    })
    .await;
}

/// The 311 overview: those still owed something first, the fewest days left first; a paid
/// training owes still; people elsewhere are not listed.
#[tokio::test]
async fn the_overview_puts_the_most_urgent_first() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let county = staff_at(&s, "yuelu", "DEMO-430104").await;
        let elsewhere = staff_at(&s, "furong", "DEMO-430102").await;
        let early = Ymd::new(2026, 2, 10).unwrap();
        let (_, done) = registered(&s, &sms, &here, "13812345618", "43010419900501001", early).await;
        let (_, late) = registered(&s, &sms, &here, "13812345619", "43010419900502001", TODAY).await;
        let (_, owing) = registered(&s, &sms, &here, "13812345620", "43010419900503001", early).await;
        let give = |reference: &str, kind: &str, content: &[(&str, &str)]| RecordServiceRequest {
            references: vec![reference.to_owned()],
            kind: kind.into(),
            given_on: "2026-06-01".into(),
            channel: "phone".into(),
            content: content
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        };
        for _ in 0..3 {
            t.record_service(
                &here,
                &give(&done, "job_referral", &[("employer", "甲（示例）"), ("position", "乙")]),
                TODAY,
                "c",
                T0,
            )
            .await
            .unwrap();
        }
        t.record_service(&here, &give(&done, "guidance", &[("topic", "简历")]), TODAY, "c", T0)
            .await
            .unwrap();
        let training = |free: &'static str| [("course", "电工"), ("provider", "学校"), ("free", free)];
        t.record_service(&here, &give(&done, "training", &training("1")), TODAY, "c", T0)
            .await
            .unwrap();
        t.record_service(&here, &give(&owing, "training", &training("0")), TODAY, "c", T0)
            .await
            .unwrap();

        let rows = t.overview(&county, TODAY, "c", T0).await.unwrap();
        let order: Vec<_> = rows.iter().map(|r| (r.reference.as_str(), r.still_owed)).collect();
        assert_eq!(order, [(owing.as_str(), 5), (late.as_str(), 5), (done.as_str(), 0)]);
        assert_eq!((rows[0].year_ends_on.as_str(), rows[0].days_left), ("2027-02-10", 75));
        assert_eq!(rows[0].name_masked, "张*");
        assert!(t.overview(&elsewhere, TODAY, "c", T0).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn notices_reach_a_bound_wechat_as_template_messages() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let wx = testing::fake_wechat_api().await;
        let shared = AccessTokens::new(s.store.clone(), s.auth.vault().clone(), "wx123", "s3cret", &wx.base).unwrap();
        let templates = WeChatTemplates::new(Arc::new(shared), "TPL1", &wx.base, "https://portal.example").unwrap();
        let s = s.with_wechat_templates(Arc::new(templates));
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let (me, reference) = registered(&s, &sms, &here, "13812345615", "43010419900501001", TODAY).await;
        assert_eq!(
            s.auth.sign_in_with("wechat", "oOPENID1", Some(&me), T0).await.unwrap(),
            ProviderOutcome::Bound
        );
        let now = testing::test_now().unix();
        for _ in 0..2 {
            t.record_service(&here, &referral(vec![reference.clone()], "2026-11-27"), TODAY, "c", now)
                .await
                .unwrap();
        }
        for _ in 0..100 {
            if wx.sent().len() == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let sent = wx.sent();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0]["touser"], "oOPENID1");
        assert_eq!(sent[0]["template_id"], "TPL1");
        assert_eq!(sent[0]["url"], "https://portal.example/services");
        assert_eq!(sent[0]["data"]["thing1"]["value"], "您有新的就业服务：岗位推荐");
        assert_eq!(
            wx.tokens_fetched(),
            1,
            "the access token is kept, not asked for each message"
        );
    })
    .await;
}

#[tokio::test]
async fn only_provincial_administrators_replace_the_lists_and_every_field_is_required() {
    each_database(|store| async move {
        let (s, _) = backend(store).await;
        let phone = Phone::parse("13900000002").unwrap();
        let admin = s
            .auth
            .add_staff(
                "hn-admin",
                "a long staff password 1",
                &phone,
                "DEMO-430100",
                StaffRole {
                    province: true,
                    admin: true,
                },
                T0,
            )
            .await
            .unwrap();
        let clerk = staff_at(&s, "yuelu1", COMMUNITY).await;
        let entry = |who: &str| ListEntry {
            fields: [("name", "职业介绍"), ("who", who), ("content", "推荐岗位")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            demo: false,
        };
        assert!(matches!(
            s.lists
                .replace(&clerk, ListKind::Service, &[entry("登记失业人员")], "c", T0)
                .await,
            Err(Error::Forbidden(_))
        ));
        let e = s
            .lists
            .replace(&admin, ListKind::Service, &[entry("登记失业人员"), entry(" ")], "c", T0)
            .await;
        assert_eq!(fields(e.unwrap_err()), ["entries[1].who"]);
        let list = s
            .lists
            .replace(&admin, ListKind::Service, &[entry("登记失业人员")], "c", T0)
            .await
            .unwrap();
        assert_eq!(list.entries.len(), 1);
        assert!(s.lists.get(ListKind::Policy).await.unwrap().entries.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_demo_worker_is_registered_with_a_mix_of_services() {
    each_database(|store| async move {
        let (s, _) = backend(store).await;
        assert!(crate::backend::demo::load_if_absent(&s, TODAY, T0).await.unwrap());
        assert!(
            !crate::backend::demo::load_if_absent(&s, TODAY, T0).await.unwrap(),
            "once only"
        );
        let phone = Phone::parse(crate::backend::demo::DEMO_PHONE).unwrap();
        let me = s.auth.person_for_phone(&phone, T0).await.unwrap();
        let registration = s.registrations.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(registration.status, Status::Registered);
        let v = s.service_311.my_services(&me.person_id).await.unwrap();
        let given: Vec<(u32, u32)> = v.progress.iter().map(|t| (t.given, t.owed)).collect();
        assert_eq!(given, [(3, 3), (1, 1), (0, 1)]);
        assert_eq!(v.records.iter().filter(|x| x.can_answer).count(), 3);
        assert!(v.records.iter().all(|x| x.institution_demo));
        assert!(!s.lists.get(ListKind::Policy).await.unwrap().entries.is_empty());
    })
    .await;
}

/// `make run` on any day: early in a year the registration date (four months back) lies in
/// the year before (found by the faked-date runs on 2028-02-29).
#[tokio::test]
async fn the_demo_worker_loads_on_any_day_of_the_year() {
    for (month, day) in [(1, 1), (2, 29), (4, 30), (12, 31)] {
        let (store, _dir) = crate::backend::store::testing::sqlite_store().await;
        let (s, _) = backend(store).await;
        let today = Ymd::new(2028, month, day).unwrap();
        assert!(
            crate::backend::demo::load_if_absent(&s, today, T0).await.unwrap(),
            "{today}"
        );
    }
}

/// Notices go through the outbox: a gateway that is down is tried again after a wait, a
/// delivery claimed by a server that then stopped is sent by another once the claim runs out,
/// and two servers delivering at once never send one notice twice.
#[tokio::test]
async fn notices_are_delivered_once_through_the_outbox() {
    each_database(|store| async move {
        let (s, sms) = backend(store.clone()).await;
        let t = &s.service_311;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let (_, reference) = registered(&s, &sms, &here, "13812345616", "43010419900501001", TODAY).await;
        let phone = Phone::parse("13812345616").unwrap();
        let texts = || {
            let sent = sms.sent.lock().unwrap();
            sent.iter()
                .filter(|(p, t)| *p == phone && t.contains("岗位推荐"))
                .count()
        };
        let failing = |on: bool| sms.failing.store(on, std::sync::atomic::Ordering::Relaxed);
        let referral = referral(vec![reference.clone()], "2026-11-27");
        let record = |at: i64| t.record_service(&here, &referral, TODAY, "c", at);
        let settle = || tokio::time::sleep(std::time::Duration::from_millis(300));
        // The delivery worker of a server, on a clock of its own.
        let clock = Arc::new(TestClock::at(Now::from_unix(T0)));
        let worker = Notifier::new(store.clone(), s.auth.clone(), None, clock.clone());
        let due_at = |t: i64| {
            clock.set(Now::from_unix(t));
            worker.deliver_due()
        };

        // The gateway is down: the first try fails, the next comes 30 s later.
        failing(true);
        record(T0).await.unwrap();
        assert_eq!(due_at(T0).await.unwrap(), 0);
        settle().await;
        failing(false);
        assert_eq!(due_at(T0 + 10).await.unwrap(), 0, "not yet due");
        assert_eq!(due_at(T0 + 30).await.unwrap(), 1);
        assert_eq!(texts(), 1);

        // A server claims the delivery and is killed before sending it: another sends it
        // once the claim has run out, and only then.
        failing(true);
        record(T0 + 100).await.unwrap();
        settle().await;
        let claimed = s.store.claim_delivery(T0 + 130, T0 + 150).await.unwrap();
        assert!(claimed.is_some());
        failing(false);
        assert_eq!(due_at(T0 + 131).await.unwrap(), 0, "still claimed");
        assert_eq!(due_at(T0 + 150).await.unwrap(), 1);
        assert_eq!(texts(), 2);

        // Two servers deliver at once: each of three notices is sent exactly once.
        failing(true);
        for _ in 0..3 {
            record(T0 + 300).await.unwrap();
        }
        settle().await;
        failing(false);
        clock.set(Now::from_unix(T0 + 1000));
        let other = Notifier::new(store.clone(), s.auth.clone(), None, clock.clone());
        let (a, b) = tokio::join!(worker.deliver_due(), other.deliver_due());
        assert_eq!(a.unwrap() + b.unwrap(), 3);
        assert_eq!(texts(), 5);
        assert_eq!(due_at(T0 + 9000).await.unwrap(), 0);
        assert_eq!(s.store.pending_deliveries().await.unwrap(), 0);
    })
    .await;
}
