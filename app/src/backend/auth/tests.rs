use std::sync::Arc;

use super::*;
use crate::backend::notify::RecordingSms;
use crate::backend::store::testing::each_database;
use crate::backend::testing::test_vault;

const T0: i64 = 1_800_000_000;

fn auth(store: Store, sms: Arc<RecordingSms>) -> Auth {
    Auth::new(store, Arc::new(test_vault()), sms, AuthConfig::default())
}

fn phone() -> Phone {
    Phone::parse("13812345678").unwrap()
}

fn code_in(sms: &RecordingSms) -> String {
    let text = sms.last_to(&phone()).expect("a message");
    text.chars().filter(char::is_ascii_digit).take(6).collect()
}

fn field_message(e: Error) -> String {
    match e {
        Error::Invalid(f) => f[0].message.clone(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_code_signs_in_once_and_the_session_follows_the_limits() {
    each_database(|store| async move {
        let sms = Arc::new(RecordingSms::default());
        let auth = auth(store.clone(), sms.clone());
        let sent = auth.send_code(&phone(), "10.0.0.1", T0).await.unwrap();
        assert_eq!(sent.phone_masked, "138****5678");
        assert_eq!(
            auth.challenge_phone(&sent.challenge, T0).await.unwrap().as_deref(),
            Some("138****5678")
        );
        let code = code_in(&sms);

        let signed = auth
            .verify(&sent.challenge, &format!(" {code} "), T0 + 30)
            .await
            .unwrap();
        assert_eq!(signed.phone_masked, "138****5678");
        let again = auth.verify(&sent.challenge, &code, T0 + 31).await.unwrap_err();
        assert!(field_message(again).contains("用过"), "single use");

        // The session: valid, extended by use, ended by idleness, by age and by sign-out.
        // (Use is recorded at most once a minute, so idleness counts from the last record.)
        let s = auth.session(&signed.token, T0 + 100).await.unwrap().unwrap();
        assert_eq!(
            (s.person_id.as_str(), s.phone.as_str()),
            (signed.person_id.as_str(), "13812345678")
        );
        assert!(
            auth.session(&signed.token, T0 + 100 + 1800).await.unwrap().is_some(),
            "used within 30 min"
        );
        assert!(
            auth.session(&signed.token, T0 + 100 + 1800 + 1801)
                .await
                .unwrap()
                .is_none(),
            "idle > 30 min"
        );
        assert!(auth.session("forged", T0).await.unwrap().is_none());

        // Same person on the next sign-in, a new session id.
        let sent = auth.send_code(&phone(), "10.0.0.1", T0 + 7200).await.unwrap();
        let second = auth.verify(&sent.challenge, &code_in(&sms), T0 + 7201).await.unwrap();
        assert_eq!(second.person_id, signed.person_id);
        assert_ne!(second.token, signed.token);
        let mut t = T0 + 7201;
        while t < T0 + 7201 + 12 * 3600 {
            t += 1500;
            if auth.session(&second.token, t).await.unwrap().is_none() {
                break;
            }
        }
        assert!(
            t > T0 + 7201 + 12 * 3600 - 1500,
            "kept alive by use until the 12-hour limit, ended at {t}"
        );
        assert!(auth.session(&second.token, t).await.unwrap().is_none());

        let sent = auth.send_code(&phone(), "10.0.0.1", T0 + 90_000).await.unwrap();
        let third = auth.verify(&sent.challenge, &code_in(&sms), T0 + 90_001).await.unwrap();
        auth.sign_out(&third.token).await.unwrap();
        assert!(
            auth.session(&third.token, T0 + 90_002).await.unwrap().is_none(),
            "signed out on the server"
        );
    })
    .await;
}

#[tokio::test]
async fn wrong_expired_and_brute_forced_codes_are_refused() {
    each_database(|store| async move {
        let sms = Arc::new(RecordingSms::default());
        let auth = auth(store, sms.clone());

        let sent = auth.send_code(&phone(), "10.0.0.2", T0).await.unwrap();
        let code = code_in(&sms);
        assert!(field_message(auth.verify(&sent.challenge, "12345", T0).await.unwrap_err()).contains("6位数字"));
        assert!(field_message(auth.verify(&sent.challenge, &code, T0 + 601).await.unwrap_err()).contains("过期"));
        assert!(field_message(auth.verify("no-such-challenge", &code, T0).await.unwrap_err()).contains("失效"));

        let sent = auth.send_code(&phone(), "10.0.0.2", T0 + 61).await.unwrap();
        let code = code_in(&sms);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for left in (1..5).rev() {
            let m = field_message(auth.verify(&sent.challenge, wrong, T0 + 62).await.unwrap_err());
            assert!(m.contains(&format!("还可以再试{left}次")), "{m}");
        }
        assert!(field_message(auth.verify(&sent.challenge, wrong, T0 + 62).await.unwrap_err()).contains("作废"));
        // The right code no longer helps: a new code is needed.
        assert!(field_message(auth.verify(&sent.challenge, &code, T0 + 63).await.unwrap_err()).contains("作废"));
        assert_eq!(auth.challenge_phone(&sent.challenge, T0 + 63).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn sending_is_limited_per_phone_and_per_client() {
    each_database(|store| async move {
        let sms = Arc::new(RecordingSms::default());
        let auth = auth(store, sms);
        auth.send_code(&phone(), "10.0.0.3", T0).await.unwrap();
        match auth.send_code(&phone(), "10.0.0.3", T0 + 20).await.unwrap_err() {
            Error::RateLimited {
                retry_after_secs,
                message,
            } => {
                assert_eq!(retry_after_secs, 40);
                assert!(message.contains("40秒"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        for i in 1..10 {
            auth.send_code(&phone(), "10.0.0.3", T0 + 61 * i).await.unwrap();
        }
        let e = auth.send_code(&phone(), "10.0.0.3", T0 + 61 * 10).await.unwrap_err();
        assert!(
            matches!(e, Error::RateLimited { ref message, .. } if message.contains("上限")),
            "{e:?}"
        );

        // One address asking for many phones.
        let many = Auth {
            config: AuthConfig {
                codes_per_client_per_hour: 3,
                ..AuthConfig::default()
            },
            ..auth.clone()
        };
        for n in 0..3 {
            let p = Phone::parse(&format!("1390000000{n}")).unwrap();
            many.send_code(&p, "10.9.9.9", T0 + n).await.unwrap();
        }
        let p = Phone::parse("13900000009").unwrap();
        assert!(matches!(
            many.send_code(&p, "10.9.9.9", T0 + 5).await,
            Err(Error::RateLimited { .. })
        ));
        assert!(
            many.send_code(&p, "10.9.9.8", T0 + 5).await.is_ok(),
            "another address is not affected"
        );
    })
    .await;
}

#[tokio::test]
async fn nothing_stored_holds_a_phone_number_or_a_code_in_clear() {
    let (store, dir) = crate::backend::store::testing::sqlite_store().await;
    let sms = Arc::new(RecordingSms::default());
    let auth = auth(store.clone(), sms.clone());
    let sent = auth.send_code(&phone(), "10.0.0.4", T0).await.unwrap();
    let code = code_in(&sms);
    auth.verify(&sent.challenge, &code, T0 + 1).await.unwrap();
    store.close().await;
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("13812345678"), "phone in clear in the database files");
    assert!(!text.contains(&code), "code in clear in the database files");
}

#[tokio::test]
async fn a_document_is_stated_once_and_belongs_to_one_person() {
    each_database(|store| async move {
        let sms = Arc::new(RecordingSms::default());
        let auth = auth(store, sms.clone());
        let today = crate::domain::date::Ymd {
            year: 2026,
            month: 11,
            day: 27,
        };
        let sent = auth.send_code(&phone(), "10.0.0.5", T0).await.unwrap();
        let a = auth.verify(&sent.challenge, &code_in(&sms), T0).await.unwrap();

        let e = auth
            .state_identity(&a.person_id, "resident_id", "11010519491231002Y", None, today, T0)
            .await
            .unwrap_err();
        assert!(field_message(e).starts_with("证件号码"));
        let id = auth
            .state_identity(&a.person_id, "resident_id", "11010519491231002x", None, today, T0)
            .await
            .unwrap();
        assert_eq!(id.number.masked(), "1101**********002X");
        let second = format!(
            "43010419900101001{}",
            crate::domain::id_number::check_char("43010419900101001")
        );
        let again = auth
            .state_identity(&a.person_id, "resident_id", &second, None, today, T0)
            .await;
        assert!(
            matches!(again, Err(Error::Conflict(ref m)) if m.contains("不能在网上修改")),
            "{again:?}"
        );

        // Another phone, the same document: refused by the database constraint.
        let other = Phone::parse("13700000001").unwrap();
        let sent = auth.send_code(&other, "10.0.0.5", T0).await.unwrap();
        let code: String = sms
            .last_to(&other)
            .unwrap()
            .chars()
            .filter(char::is_ascii_digit)
            .take(6)
            .collect();
        let b = auth.verify(&sent.challenge, &code, T0).await.unwrap();
        let taken = auth
            .state_identity(&b.person_id, "resident_id", "11010519491231002X", None, today, T0)
            .await;
        assert!(
            matches!(taken, Err(Error::Conflict(ref m)) if m.contains("另一个手机号")),
            "{taken:?}"
        );

        let session = auth.session(&a.token, T0 + 1).await.unwrap().unwrap();
        let me = auth.me(&session).await.unwrap();
        assert_eq!(me.identity.unwrap().number_masked, "1101**********002X");
    })
    .await;
}

/// The passes' numbers carry no date of birth: their holders state it, and it is kept sealed.
#[tokio::test]
async fn a_pass_holder_states_a_date_of_birth_that_is_kept_sealed() {
    each_database(|store| async move {
        let sms = Arc::new(RecordingSms::default());
        let auth = auth(store.clone(), sms.clone());
        let today = Ymd::new(2026, 11, 27).unwrap();
        let sent = auth.send_code(&phone(), "10.0.0.9", T0).await.unwrap();
        let a = auth.verify(&sent.challenge, &code_in(&sms), T0).await.unwrap();

        // Without one: refused, named beside the number's own problem.
        let e = auth
            .state_identity(&a.person_id, "taiwan_pass", "12345678", None, today, T0)
            .await
            .unwrap_err();
        assert!(field_message(e).starts_with("出生日期：港澳台居民请填写出生日期"));
        let e = auth
            .state_identity(&a.person_id, "taiwan_pass", "1234", None, today, T0)
            .await
            .unwrap_err();
        let named: Vec<String> = match e {
            Error::Invalid(fields) => fields.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(named, ["number", "birth_date"]);
        let tomorrow = Ymd::new(2026, 11, 28);
        let e = auth
            .state_identity(&a.person_id, "taiwan_pass", "12345678", tomorrow, today, T0)
            .await
            .unwrap_err();
        assert!(field_message(e).contains("不能晚于今天"));
        assert!(auth.identity(&a.person_id).await.unwrap().is_none(), "nothing kept");

        // With one: kept, and the age rule's date.
        let born = Ymd::new(1990, 5, 1);
        let id = auth
            .state_identity(&a.person_id, "taiwan_pass", "12345678", born, today, T0)
            .await
            .unwrap();
        assert_eq!((id.stated_birth, id.birth_date()), (born, born));
        let kept = auth.identity(&a.person_id).await.unwrap().unwrap();
        assert_eq!(kept.number.kind(), DocumentKind::TaiwanPass);
        assert_eq!(kept.birth_date(), born);
        let row = store.identity(&a.person_id).await.unwrap().unwrap();
        let sealed = row.birth_enc.expect("the stated date is stored");
        for clear in ["1990-05-01", "19900501", "1990年"] {
            assert!(!sealed.contains(clear), "date of birth in clear: {sealed}");
        }
        let vault = auth.vault();
        assert_eq!(vault.open(Field::BirthDate, &sealed).unwrap(), "1990-05-01");
        assert!(vault.open(Field::IdNumber, &sealed).is_err());
    })
    .await;
}

/// A 居民身份证 number carries the date of birth: a date stated beside it is not kept.
#[tokio::test]
async fn a_date_of_birth_stated_with_a_resident_id_is_ignored() {
    each_database(|store| async move {
        let sms = Arc::new(RecordingSms::default());
        let auth = auth(store.clone(), sms.clone());
        let today = Ymd::new(2026, 11, 27).unwrap();
        let sent = auth.send_code(&phone(), "10.0.0.10", T0).await.unwrap();
        let a = auth.verify(&sent.challenge, &code_in(&sms), T0).await.unwrap();
        // Even one after today: not asked, so not checked.
        let stated = Ymd::new(2027, 1, 1);
        let id = auth
            .state_identity(&a.person_id, "resident_id", "11010519491231002X", stated, today, T0)
            .await
            .unwrap();
        assert_eq!((id.stated_birth, id.birth_date()), (None, Ymd::new(1949, 12, 31)));
        let kept = auth.identity(&a.person_id).await.unwrap().unwrap();
        assert_eq!(kept.birth_date(), Ymd::new(1949, 12, 31));
        let row = store.identity(&a.person_id).await.unwrap().unwrap();
        assert_eq!(row.birth_enc, None);
    })
    .await;
}

#[tokio::test]
async fn a_gateway_outage_is_503_and_costs_the_person_nothing() {
    let (store, _dir) = crate::backend::store::testing::sqlite_store().await;
    let sms = Arc::new(RecordingSms::default());
    let auth = auth(store, sms.clone());
    sms.failing.store(true, std::sync::atomic::Ordering::Relaxed);
    let e = auth.send_code(&phone(), "10.0.0.6", T0).await.unwrap_err();
    assert_eq!(e.status_and_body().0, axum::http::StatusCode::SERVICE_UNAVAILABLE);
    assert!(e.status_and_body().1.message.contains("短信发送暂时不可用"));
    sms.failing.store(false, std::sync::atomic::Ordering::Relaxed);
    assert!(
        auth.send_code(&phone(), "10.0.0.6", T0 + 1).await.is_ok(),
        "no 60-second wait for a code never sent"
    );
}

#[tokio::test]
async fn the_phone_changes_only_with_a_code_from_the_new_phone() {
    each_database(|store| async move {
        let sms = Arc::new(RecordingSms::default());
        let auth = auth(store, sms.clone());
        let code_to = |p: &Phone| -> String {
            sms.last_to(p)
                .unwrap()
                .chars()
                .filter(char::is_ascii_digit)
                .take(6)
                .collect()
        };
        let sent = auth.send_code(&phone(), "10.0.0.7", T0).await.unwrap();
        let signed = auth.verify(&sent.challenge, &code_in(&sms), T0).await.unwrap();
        let session = auth.session(&signed.token, T0).await.unwrap().unwrap();

        let new = Phone::parse("13900001111").unwrap();
        let change = auth
            .send_phone_change_code(&session, &new, "10.0.0.7", T0)
            .await
            .unwrap();
        // The code cannot sign anybody in, and a wrong code changes nothing.
        assert!(auth.verify(&change.challenge, &code_to(&new), T0).await.is_err());
        let wrong = if code_to(&new) == "000000" { "111111" } else { "000000" };
        assert!(auth.change_phone(&session, &change.challenge, wrong, T0).await.is_err());
        let change = auth
            .send_phone_change_code(&session, &new, "10.0.0.7", T0 + 61)
            .await
            .unwrap();
        auth.change_phone(&session, &change.challenge, &code_to(&new), T0 + 61)
            .await
            .unwrap();
        let after = auth.session(&signed.token, T0 + 62).await.unwrap().unwrap();
        assert_eq!(after.phone, new, "the same person, the new phone");
        assert_eq!(after.person_id, session.person_id);

        // Someone else's number cannot be taken over.
        let other = Phone::parse("13900002222").unwrap();
        let sent = auth.send_code(&other, "10.0.0.8", T0).await.unwrap();
        auth.verify(&sent.challenge, &code_to(&other), T0).await.unwrap();
        let take = auth
            .send_phone_change_code(&after, &other, "10.0.0.7", T0 + 200)
            .await
            .unwrap();
        let e = auth
            .change_phone(&after, &take.challenge, &code_to(&other), T0 + 200)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Conflict(_)), "{e:?}");
    })
    .await;
}
