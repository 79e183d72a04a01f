//! Key rotation over rows made the way people and staff make them, on both databases.

use std::sync::Arc;

use base64::Engine;

use super::{KeyRotation, Report};
use crate::backend::auth::{ProviderOutcome, Session};
use crate::backend::crypto::{Field, Vault};
use crate::backend::notify::RecordingSms;
use crate::backend::registration::tests::{
    backend, complete, decision, person, person_with, req, staff_at, COMMUNITY, T0, TODAY,
};
use crate::backend::service_311::tests::end;
use crate::backend::store::rekey::{Change, SEALED};
use crate::backend::store::testing::each_database;
use crate::backend::{testing, Backend, Error};
use crate::domain::date::Ymd;
use crate::domain::phone::Phone;

const PHONE: &str = "13812345601";
/// Someone with a 港澳 pass (a stated date of birth) and a draft only.
const HOLDER_PHONE: &str = "13812345602";
/// Someone new, who states a document already bound to the first person.
const OTHER_PHONE: &str = "13812345603";

/// Data keys `t<n>` for each n of `keys`, the first sealing, and the lookup key made of the
/// byte `lookup`: `vault(&[1], 9)` has the keys of `testing::test_vault`.
fn vault(keys: &[u8], lookup: u8) -> Vault {
    let b64 = |b: u8| base64::engine::general_purpose::STANDARD.encode([b; 32]);
    let data: Vec<String> = keys.iter().map(|&k| format!("t{k}:{}", b64(k))).collect();
    Vault::new(&data.join(","), &b64(lookup)).expect("test keys")
}

fn rotation(s: &Backend, keys: &[u8], lookup: u8) -> KeyRotation {
    KeyRotation::new(s.store.clone(), Arc::new(vault(keys, lookup)))
}

/// A value in every sealed and lookup column, sealed with key t1 under lookup key 9: a
/// registration (its identity, codes, notice deliveries and an announced ending), the draft of
/// a pass holder with a stated date of birth, a staff account, a bound WeChat account and a
/// WeChat access token and JS-SDK ticket. Answers the registered person.
async fn rows_under_key_1(s: &Backend, sms: &RecordingSms) -> Session {
    let r = &s.registrations;
    let me = person(s, sms, PHONE, "43010419900501001").await;
    let holder = person_with(s, sms, HOLDER_PHONE, "hk_macao_pass", "H12345678", Ymd::new(1990, 5, 1)).await;
    r.update_draft(&holder, &complete(), TODAY, T0).await.unwrap();
    r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
    let submitted = r.submit(&me, &req("k", true, "张三"), TODAY, T0).await.unwrap();
    let here = staff_at(s, "yuelu1", COMMUNITY).await;
    r.decide(&here, &submitted.reference, &decision("register", ""), TODAY, "c", T0)
        .await
        .unwrap();
    s.service_311
        .end_registration(&here, &submitted.reference, &end("5"), TODAY, "c", T0 + 10)
        .await
        .unwrap();
    assert_eq!(
        s.auth.sign_in_with("wechat", "oABC123", Some(&me), T0).await.unwrap(),
        ProviderOutcome::Bound
    );
    for (key, value) in [("wx123", "TOKEN"), ("wx123#jsapi", "TICKET")] {
        assert!(s.store.take_credential_lease(key, "test", T0, T0 + 60).await.unwrap());
        let sealed = s.auth.vault().seal(Field::WeChatCredential, value);
        s.store
            .put_wechat_credential(key, "test", &sealed, T0 + 7000)
            .await
            .unwrap();
    }
    me
}

async fn left_under_old_keys(rotation: &KeyRotation) -> u64 {
    rotation
        .left_under_old_keys()
        .await
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum()
}

/// Every column was rewritten, none raced and every value opened.
fn all_rewritten(reports: &[Report]) {
    let missed: Vec<&Report> = reports
        .iter()
        .filter(|r| r.rewritten == 0 || r.changed_meanwhile > 0 || r.unreadable > 0)
        .collect();
    assert!(missed.is_empty(), "{missed:?}");
}

/// Nothing was done: what a run stopped halfway and started again relies on.
fn nothing_done(reports: &[Report]) {
    assert!(
        reports
            .iter()
            .all(|r| r.rewritten + r.changed_meanwhile + r.unreadable == 0),
        "{reports:?}"
    );
}

#[tokio::test]
async fn rekey_seals_every_value_with_the_first_key_and_a_second_run_does_nothing() {
    each_database(|store| async move {
        let (s, sms) = backend(store.clone()).await;
        let me = rows_under_key_1(&s, &sms).await;
        let stated = s.auth.identity(&me.person_id).await.unwrap().unwrap();

        let to_2 = rotation(&s, &[2, 1], 9);
        assert!(left_under_old_keys(&to_2).await > 0);
        all_rewritten(&to_2.rekey(|_| {}).await.unwrap());
        assert_eq!(left_under_old_keys(&to_2).await, 0, "what `rekey --check` reports");
        nothing_done(&to_2.rekey(|_| {}).await.unwrap());

        // Key 1 is gone: the person is found by phone and by ID number, and their data opens.
        let (only_2, _) = testing::backend_with(store.clone(), vault(&[2], 9)).await;
        let found = only_2
            .auth
            .person_for_phone(&Phone::parse(PHONE).unwrap(), T0)
            .await
            .unwrap();
        assert_eq!(found.person_id, me.person_id);
        assert_eq!(only_2.auth.identity(&me.person_id).await.unwrap(), Some(stated.clone()));
        let other = only_2
            .auth
            .person_for_phone(&Phone::parse(OTHER_PHONE).unwrap(), T0)
            .await
            .unwrap();
        assert!(matches!(
            only_2
                .auth
                .state_identity(&other.person_id, "resident_id", stated.number.as_str(), None, TODAY, T0)
                .await,
            Err(Error::Conflict(_))
        ));
        let registration = only_2
            .registrations
            .current(&me.person_id, TODAY)
            .await
            .unwrap()
            .unwrap();
        assert!(registration.claims_benefit, "the answers open");
        let holder = only_2
            .auth
            .person_for_phone(&Phone::parse(HOLDER_PHONE).unwrap(), T0)
            .await
            .unwrap();
        let identity = only_2.auth.identity(&holder.person_id).await.unwrap().unwrap();
        assert_eq!(identity.stated_birth, Ymd::new(1990, 5, 1));
        let draft = only_2.registrations.draft_view(&holder, TODAY).await.unwrap();
        assert_eq!(draft.answers.get("name").map(String::as_str), Some("张三"));
        let ticket = store.wechat_credential("wx123#jsapi").await.unwrap().unwrap();
        assert_eq!(
            vault(&[2], 9)
                .open(Field::WeChatCredential, &ticket.value_enc.unwrap())
                .unwrap(),
            "TICKET",
            "the WeChat credentials too"
        );

        // Every other value opens with key 2 alone too: the next rotation, without key 1, reads
        // them all.
        all_rewritten(&rotation(&s, &[3, 2], 9).rekey(|_| {}).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn rehash_makes_every_lookup_under_the_new_lookup_key_and_a_second_run_does_nothing() {
    each_database(|store| async move {
        let (s, sms) = backend(store.clone()).await;
        let me = rows_under_key_1(&s, &sms).await;
        let stated = s.auth.identity(&me.person_id).await.unwrap().unwrap();

        let to_8 = rotation(&s, &[1], 8);
        all_rewritten(&to_8.rehash(|_| {}).await.unwrap());
        nothing_done(&to_8.rehash(|_| {}).await.unwrap());

        let phone = Phone::parse(PHONE).unwrap();
        let (new, _) = testing::backend_with(store.clone(), vault(&[1], 8)).await;
        assert_eq!(
            new.auth.person_for_phone(&phone, T0).await.unwrap().person_id,
            me.person_id
        );
        assert!(matches!(
            new.auth.sign_in_with("wechat", "oABC123", None, T0).await.unwrap(),
            ProviderOutcome::SignedIn { .. }
        ));
        let other = new
            .auth
            .person_for_phone(&Phone::parse(OTHER_PHONE).unwrap(), T0)
            .await
            .unwrap();
        assert!(matches!(
            new.auth
                .state_identity(&other.person_id, "resident_id", stated.number.as_str(), None, TODAY, T0)
                .await,
            Err(Error::Conflict(_))
        ));

        // The old lookup key finds nobody: why the portal stays stopped while rehash runs.
        assert_eq!(
            s.auth.sign_in_with("wechat", "oABC123", None, T0).await.unwrap(),
            ProviderOutcome::NeedsPhone
        );
        let stranger = s
            .auth
            .person_for_phone(&Phone::parse("13812345604").unwrap(), T0)
            .await
            .unwrap();
        s.auth
            .state_identity(
                &stranger.person_id,
                "resident_id",
                stated.number.as_str(),
                None,
                TODAY,
                T0,
            )
            .await
            .unwrap();
        assert_ne!(
            s.auth.person_for_phone(&phone, T0).await.unwrap().person_id,
            me.person_id
        );
    })
    .await;
}

#[tokio::test]
async fn a_value_written_after_it_was_read_is_not_overwritten() {
    each_database(|store| async move {
        let (s, _) = backend(store.clone()).await;
        let me = s
            .auth
            .person_for_phone(&Phone::parse(PHONE).unwrap(), T0)
            .await
            .unwrap();
        let phones = &SEALED
            .iter()
            .find(|c| c.column.label() == "persons.phone_enc")
            .unwrap()
            .column;
        let read = store.sealed_not_under(phones, "t2.", None, 10).await.unwrap();
        assert_eq!(read.len(), 1);
        let stored = read[0].value.clone();

        // What rekey had read before the portal wrote the row anew.
        let stale = Change {
            key: vec![me.person_id.clone()],
            old: s.auth.vault().seal(Field::Phone, PHONE),
            new: "t2.rekeyed".into(),
        };
        assert_eq!(store.compare_and_set(phones, &[stale]).await.unwrap(), 0);
        let read = store.sealed_not_under(phones, "t2.", None, 10).await.unwrap();
        assert_eq!(read[0].value, stored, "the portal's value stays");

        let fresh = Change {
            key: vec![me.person_id.clone()],
            old: stored,
            new: "t2.rekeyed".into(),
        };
        assert_eq!(store.compare_and_set(phones, &[fresh]).await.unwrap(), 1);
        assert!(store
            .sealed_not_under(phones, "t2.", None, 10)
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}
