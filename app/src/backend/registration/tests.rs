//! 失业登记: drafts, submitting, staff decisions, reporting work. The helpers here serve the
//! 311 service's tests too.

use std::sync::Arc;

use super::*;
use crate::backend::auth::staff::StaffSession;
use crate::backend::auth::Session;
use crate::backend::notify::RecordingSms;
use crate::backend::store::testing::each_database;
use crate::backend::store::NewRegistration;
use crate::backend::{testing, Backend};
use crate::domain::date::Ymd;
use crate::domain::id_number::check_char;
use crate::domain::phone::Phone;
use crate::domain::registration::declaration;
use crate::domain::registration::status::{self, EndReason};

pub(crate) const T0: i64 = 1_800_000_000;
pub(crate) const TODAY: Ymd = Ymd {
    year: 2026,
    month: 11,
    day: 27,
};
/// 岳麓区's first demo community (a demo township 430104901, community 001).
pub(crate) const COMMUNITY: &str = "DEMO-430104901001";

/// The test backend over the reference divisions and the demo institutions.
pub(crate) async fn backend(store: Store) -> (Backend, Arc<RecordingSms>) {
    store.load_reference_divisions().await.unwrap();
    crate::backend::institutions::demo::load_if_empty(&store, "2026-11-27T00:00:00Z")
        .await
        .unwrap();
    testing::backend(store).await
}

fn resident_id(first17: &str) -> String {
    format!("{first17}{}", check_char(first17))
}

/// A signed-in person with a stated identity.
pub(crate) async fn person(s: &Backend, sms: &RecordingSms, phone: &str, id17: &str) -> Session {
    person_with(s, sms, phone, "resident_id", &resident_id(id17), None).await
}

/// A signed-in person with a stated document of any kind (and the date of birth stated with it).
pub(crate) async fn person_with(
    s: &Backend,
    sms: &RecordingSms,
    phone: &str,
    kind: &str,
    number: &str,
    birth: Option<Ymd>,
) -> Session {
    let phone = Phone::parse(phone).unwrap();
    let sent = s.auth.send_code(&phone, "10.0.0.1", T0).await.unwrap();
    let text = sms.last_to(&phone).unwrap();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    let signed = s.auth.verify(&sent.challenge, &code, T0 + 1).await.unwrap();
    let session = s.auth.session(&signed.token, T0 + 2).await.unwrap().unwrap();
    s.auth
        .state_identity(&session.person_id, kind, number, birth, TODAY, T0)
        .await
        .unwrap();
    session
}

/// Every page answered, registering at 常住地 岳麓区 with the demo community.
pub(crate) fn complete() -> Answers {
    [
        ("able_to_work", "1"),
        ("wants_work", "1"),
        ("without_work", "1"),
        ("drawing_pension", "0"),
        ("name", "张三"),
        ("phone", "13812345678"),
        ("household_division", "430182"),
        ("household_address", "宁乡市某某镇某某村"),
        ("household_kind", "20"),
        ("residence_division", "430104"),
        ("residence_address", "岳麓区某某小区5栋"),
        ("ethnicity", "15"),
        ("education", "40"),
        ("health", "1"),
        ("reason", "20"),
        ("employer", "某某物流有限公司"),
        ("ended_year", "2026"),
        ("ended_month", "10"),
        ("ended_day", "31"),
        ("certificates", ""),
        ("job_1", "仓库管理员"),
        ("training_wish", "1"),
        ("business_wish", "0"),
        ("claim_benefit", "1"),
        ("difficulty", ""),
        ("place_kind", "residence"),
        ("office", COMMUNITY),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

pub(crate) fn req(key: &str, accepted: bool, signature: &str) -> crate::api::registration::SubmitRequest {
    crate::api::registration::SubmitRequest {
        idempotency_key: key.into(),
        declaration_accepted: accepted,
        signature: signature.into(),
        declaration_version: declaration::VERSION.into(),
    }
}

pub(crate) fn decision(decision: &str, reason: &str) -> crate::api::registration::DecisionRequest {
    crate::api::registration::DecisionRequest {
        decision: decision.into(),
        refusal_code: String::new(),
        reason: reason.into(),
    }
}

pub(crate) fn fields(e: Error) -> Vec<String> {
    match e {
        Error::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
        other => panic!("{other:?}"),
    }
}

pub(crate) async fn staff_at(s: &Backend, name: &str, institution: &str) -> StaffSession {
    let phone = Phone::parse("13900000001").unwrap();
    s.auth
        .add_staff(
            name,
            "a long staff password 1",
            &phone,
            institution,
            Default::default(),
            T0,
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn pages_save_even_with_problems_and_a_draft_resumes_where_it_stopped() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        let draft = r.draft_view(&me, TODAY).await.unwrap();
        assert_eq!(draft.next_step, "eligibility");
        assert_eq!(draft.answers["phone"], "13812345678", "starts with the sign-in phone");

        let posted: Answers = [("able_to_work", "1"), ("wants_work", "1"), ("without_work", "1")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let e = r.save_page(&me, "eligibility", &posted, TODAY, T0).await.unwrap_err();
        assert_eq!(fields(e), ["drawing_pension"]);
        let mut posted = posted;
        posted.insert("drawing_pension".into(), "0".into());
        assert_eq!(
            r.save_page(&me, "eligibility", &posted, TODAY, T0).await.unwrap(),
            Saved::Next("name".into())
        );
        let bad_name = Answers::from([("name".to_owned(), "张3".to_owned())]);
        assert!(r.save_page(&me, "name", &bad_name, TODAY, T0).await.is_err());
        // What was typed is kept, wrong or not, and the person resumes at that page.
        let draft = r.draft_view(&me, TODAY).await.unwrap();
        assert_eq!(
            (draft.answers["name"].as_str(), draft.next_step.as_str()),
            ("张3", "name")
        );
    })
    .await;
}

/// A client that draws its own pages (the WeChat account, the provincial platform) is told
/// why the draft sends the person back, also for a rule that spans pages.
#[tokio::test]
async fn the_draft_api_names_the_problem_of_the_page_it_sends_back_to() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        // Born 1990-05-01: work cannot have ended before 2006-05-01.
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        let mut early = complete();
        early.insert("ended_year".into(), "2005".into());
        early.insert("ended_month".into(), "1".into());
        early.insert("ended_day".into(), "1".into());
        let view = r.update_draft(&me, &early, TODAY, T0).await.unwrap();
        assert_eq!(view.next_step, "work_ended");
        assert!(
            view.problems
                .iter()
                .any(|p| p.field.starts_with("ended") && p.message.contains("早于您年满16周岁")),
            "{:?}",
            view.problems
        );
        // Mended, nothing is held back and nothing is named.
        let view = r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        assert_eq!((view.next_step.as_str(), view.problems.len()), ("check", 0));
    })
    .await;
}

#[tokio::test]
async fn a_pension_or_being_under_16_leads_to_the_explanation_not_an_error() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let young = person(&s, &sms, "13812345671", "43010420101128001").await;
        let yes: Answers = complete();
        assert_eq!(
            r.save_page(&young, "eligibility", &yes, TODAY, T0).await.unwrap(),
            Saved::NotEligible
        );
        let old = person(&s, &sms, "13812345672", "43010419500101001").await;
        let mut pension = complete();
        pension.insert("drawing_pension".into(), "1".into());
        assert_eq!(
            r.save_page(&old, "eligibility", &pension, TODAY, T0).await.unwrap(),
            Saved::NotEligible
        );
        assert_eq!(
            r.save_page(&old, "eligibility", &complete(), TODAY, T0).await.unwrap(),
            Saved::Next("name".into()),
            "76 and no pension: eligible"
        );
    })
    .await;
}

/// A pass carries no date of birth: the one its holder stated holds them to the age rule.
#[tokio::test]
async fn a_pass_holder_under_16_by_the_stated_date_is_told_they_cannot_register_yet() {
    use crate::domain::registration::eligibility::{assess, NotEligible};
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let yes = complete();
        let born = Ymd::new(2010, 11, 28);
        let young = person_with(&s, &sms, "13812345673", "taiwan_pass", "12345678", born).await;
        assert_eq!(
            r.save_page(&young, "eligibility", &yes, TODAY, T0).await.unwrap(),
            Saved::NotEligible
        );
        let cx = r.context(&young.person_id, TODAY).await.unwrap();
        assert_eq!(cx.birth, born);
        let turns_16 = Ymd::new(2026, 11, 28).unwrap();
        let reasons = assess(&yes, cx.birth, TODAY);
        assert_eq!(reasons, [NotEligible::Under16 { turns_16 }]);
        // Born a day earlier, 16 today: another pass holder may register.
        let older = Ymd::new(2010, 11, 27);
        let of_age = person_with(&s, &sms, "13812345674", "hk_macao_pass", "H12345678", older).await;
        assert_eq!(
            r.save_page(&of_age, "eligibility", &yes, TODAY, T0).await.unwrap(),
            Saved::Next("name".into())
        );
    })
    .await;
}

#[tokio::test]
async fn one_key_one_registration_and_one_open_registration_per_person() {
    each_database(|store| async move {
        let (s, sms) = backend(store.clone()).await;
        let r = &s.registrations;
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        assert_eq!(r.draft_view(&me, TODAY).await.unwrap().next_step, "check");

        let e = r.submit(&me, &req("k1", true, "李四"), TODAY, T0).await.unwrap_err();
        assert_eq!(fields(e), ["signature"]);
        let e = r.submit(&me, &req("k1", false, "张三"), TODAY, T0).await.unwrap_err();
        assert_eq!(fields(e), ["agree"]);

        let first = r.submit(&me, &req("k1", true, " 张三 "), TODAY, T0).await.unwrap();
        assert_eq!(first.status, Status::Submitted);
        assert!(status::parse_reference(&first.reference).is_some());
        assert_eq!(first.next.by.as_deref(), Some("2026-12-04"), "5 working days");
        assert!(first.claims_benefit);
        // A retry with the same key (a double tap, a dropped connection) gets the same one.
        let again = r.submit(&me, &req("k1", true, "张三"), TODAY, T0 + 5).await.unwrap();
        assert_eq!(again.reference, first.reference);
        // Another key while this one is open: refused, and the draft is gone.
        let e = r
            .submit(&me, &req("k2", true, "张三"), TODAY, T0 + 6)
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Conflict(ref m) if m.contains(&first.reference)),
            "{e:?}"
        );
        assert!(matches!(
            r.update_draft(&me, &complete(), TODAY, T0).await.unwrap_err(),
            Error::Conflict(m) if m.contains(&first.reference)
        ));

        // The rule is the database's: a second open row is refused even without the service.
        let sealed = r.seal(&complete()).unwrap();
        let row = NewRegistration {
            id: "x",
            reference: "2222-2222",
            person_id: &me.person_id,
            idempotency_key: "direct",
            answers_enc: &sealed,
            institution_code: COMMUNITY,
            division_code: "430104901001",
            place_kind: "residence",
            declaration_version: declaration::VERSION,
            declaration_text: "",
            assisted_by: None,
            now: T0,
            today: "2026-11-27",
            facts: &crate::backend::store::NewFacts {
                sex: "1".into(),
                birth_month: None,
                residence_county: "430104".into(),
                residence_township: None,
                locality: "urban".into(),
                locality_basis: "county".into(),
                hard_to_employ: false,
            },
        };
        assert!(!store.insert_registration(&row, "e").await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn concurrent_submits_without_a_shared_key_make_one_registration() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        let r = s.registrations.clone();
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        let (tab_a, tab_b) = (req("tab-a", true, "张三"), req("tab-b", true, "张三"));
        let (a, b) = tokio::join!(r.submit(&me, &tab_a, TODAY, T0), r.submit(&me, &tab_b, TODAY, T0));
        let ok = [&a, &b].iter().filter(|x| x.is_ok()).count();
        assert_eq!(ok, 1, "{a:?} {b:?}");
        let refused = a.err().or(b.err()).unwrap();
        match refused {
            Error::Conflict(m) => assert!(m.contains("不能重复申请"), "{m}"),
            other => panic!("{other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn staff_see_and_decide_only_in_their_area_and_every_read_is_audited() {
    each_database(|store| async move {
        let (s, sms) = backend(store.clone()).await;
        let r = &s.registrations;
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        let mine = r.submit(&me, &req("k", true, "张三"), TODAY, T0).await.unwrap();

        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        let next_door = staff_at(&s, "yuelu2", "DEMO-430104901002").await;
        let county = staff_at(&s, "yuelu", "DEMO-430104").await;

        assert!(r.staff_list(&next_door, None, "10.1.1.1", T0).await.unwrap().is_empty());
        assert!(matches!(
            r.staff_detail(&next_door, &mine.reference, "审核", TODAY, "10.1.1.1", T0)
                .await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            r.decide(
                &next_door,
                &mine.reference,
                &decision("accept", ""),
                TODAY,
                "10.1.1.1",
                T0
            )
            .await,
            Err(Error::NotFound)
        ));
        let listed = r
            .staff_list(&county, Some(Status::Submitted), "10.1.1.1", T0)
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name_masked, "张*");

        assert!(
            r.staff_detail(&here, &mine.reference, " ", TODAY, "10.1.1.1", T0)
                .await
                .is_err(),
            "a reason is required"
        );
        let detail = r
            .staff_detail(&here, &mine.reference, "审核申请", TODAY, "10.1.1.1", T0)
            .await
            .unwrap();
        assert_eq!(detail.document_number, resident_id("43010419900501001"));
        assert_eq!(detail.birth_date.as_deref(), Some("1990-05-01"));
        let audited: Vec<_> = store
            .recent_audit(10)
            .await
            .unwrap()
            .into_iter()
            .filter(|(who, ..)| who == "yuelu1")
            .collect();
        assert_eq!(
            audited,
            [(
                "yuelu1".to_owned(),
                "read_registration".to_owned(),
                mine.reference.clone(),
                "审核申请".to_owned()
            )]
        );

        let e = r
            .decide(&here, &mine.reference, &decision("refuse", " "), TODAY, "c", T0)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["refusal_code"], "a refusal names its reason from the list");
        r.decide(&here, &mine.reference, &decision("accept", ""), TODAY, "c", T0 + 10)
            .await
            .unwrap();
        let done = r
            .decide(
                &here,
                &mine.reference.to_lowercase(),
                &decision("register", ""),
                TODAY,
                "c",
                T0 + 20,
            )
            .await
            .unwrap();
        assert_eq!(done.status, Status::Registered);
        assert!(matches!(
            r.decide(&here, &mine.reference, &decision("accept", ""), TODAY, "c", T0 + 30)
                .await,
            Err(Error::Conflict(_))
        ));
        let view = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(view.registered_on.as_deref(), Some("2026-11-27"));
        assert_eq!(view.events.len(), 3);
        assert!(view.confirmation_due);
    })
    .await;
}

#[tokio::test]
async fn reporting_work_ends_the_registration_and_a_refusal_lets_the_person_apply_again() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let me = person(&s, &sms, "13812345678", "43010419900501001").await;
        let here = staff_at(&s, "yuelu1", COMMUNITY).await;
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        let first = r.submit(&me, &req("k1", true, "张三"), TODAY, T0).await.unwrap();
        r.decide(
            &here,
            &first.reference,
            &decision("refuse", "户籍地与常住地均不在本社区，请选择岳麓区其他社区"),
            TODAY,
            "c",
            T0 + 1,
        )
        .await
        .unwrap();
        let refused = r.current(&me.person_id, TODAY).await.unwrap().unwrap();
        assert_eq!(refused.status, Status::Refused);
        assert!(refused.refusal_reason.unwrap().contains("其他社区"));

        // A new application: the draft starts again, and a new key makes a new one.
        r.update_draft(&me, &complete(), TODAY, T0 + 2).await.unwrap();
        let second = r.submit(&me, &req("k2", true, "张三"), TODAY, T0 + 3).await.unwrap();
        assert_ne!(second.reference, first.reference);
        r.decide(&here, &second.reference, &decision("register", ""), TODAY, "c", T0 + 4)
            .await
            .unwrap();
        let confirmed = r.confirm_month(&me, "looking", TODAY, T0 + 5).await.unwrap();
        assert!(!confirmed.confirmation_due);
        assert_eq!(confirmed.confirmed_months, ["2026-11"]);

        let e = r.report_work(&me, "4", "2026-11-20", TODAY, T0 + 6).await.unwrap_err();
        assert_eq!(fields(e), ["reason"], "a pension is not the person's to report here");
        let e = r.report_work(&me, "1", "2026-12-20", TODAY, T0 + 6).await.unwrap_err();
        assert_eq!(fields(e), ["started_on"]);
        let ended = r.report_work(&me, "1", "2026-11-20", TODAY, T0 + 7).await.unwrap();
        assert_eq!(
            (ended.status, ended.end_reason),
            (Status::Ended, Some(EndReason::Employed))
        );
        assert!(ended.events.last().unwrap().what.contains("被用人单位录用"));
    })
    .await;
}

/// A pass stated before the date of birth was asked (migration 0015): nothing is submitted
/// until the person states the same pass again with the date; then the age rule applies.
#[tokio::test]
async fn a_pass_stated_without_a_date_of_birth_gets_one_before_submitting() {
    each_database(|store| async move {
        let (s, sms) = backend(store.clone()).await;
        let r = &s.registrations;
        let phone = Phone::parse("13812345675").unwrap();
        let sent = s.auth.send_code(&phone, "10.0.0.1", T0).await.unwrap();
        let code: String = sms
            .last_to(&phone)
            .unwrap()
            .chars()
            .filter(char::is_ascii_digit)
            .take(6)
            .collect();
        let signed = s.auth.verify(&sent.challenge, &code, T0 + 1).await.unwrap();
        let me = s.auth.session(&signed.token, T0 + 2).await.unwrap().unwrap();
        // The row as it was stored before the date was asked.
        let vault = s.auth.vault();
        let key = "hk_macao_pass:H12345678";
        store
            .insert_identity(
                &me.person_id,
                "hk_macao_pass",
                &vault.lookup_hash(Field::IdNumber, key),
                &vault.seal(Field::IdNumber, key),
                None,
                T0,
            )
            .await
            .unwrap();
        assert!(s.auth.me(&me).await.unwrap().identity.unwrap().needs_birth_date);
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        assert!(matches!(
            r.submit(&me, &req("k", true, "张三"), TODAY, T0).await,
            Err(Error::Conflict(m)) if m.contains("补充出生日期")
        ));

        // Another document is no way to change it; the same pass with the date is.
        let born = Ymd::new(1990, 5, 1);
        assert!(matches!(
            s.auth
                .state_identity(&me.person_id, "hk_macao_pass", "H87654321", born, TODAY, T0)
                .await,
            Err(Error::Conflict(_))
        ));
        s.auth
            .state_identity(&me.person_id, "hk_macao_pass", "H12345678", born, TODAY, T0)
            .await
            .unwrap();
        assert!(!s.auth.me(&me).await.unwrap().identity.unwrap().needs_birth_date);
        assert_eq!(r.context(&me.person_id, TODAY).await.unwrap().birth, born);
        assert!(
            matches!(
                s.auth
                    .state_identity(
                        &me.person_id,
                        "hk_macao_pass",
                        "H12345678",
                        Ymd::new(1991, 1, 1),
                        TODAY,
                        T0
                    )
                    .await,
                Err(Error::Conflict(_))
            ),
            "stated once"
        );
        r.submit(&me, &req("k", true, "张三"), TODAY, T0).await.unwrap();
    })
    .await;
}
