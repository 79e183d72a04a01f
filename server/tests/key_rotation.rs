//! `portal rekey` and `portal rehash` as an operator runs them: the exit codes that say when an
//! old data key may go, on a person whose phone key t1 sealed.

use std::process::Command;

use app::backend::crypto::Vault;
use app::backend::store::Store;
use app::backend::testing::backend_with;
use app::domain::phone::Phone;

/// Test keys: 32 bytes of 1, of 2; lookup keys of 9 and of 8.
const KEY_1: &str = "t1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
const KEY_2: &str = "t2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=";
const LOOKUP_9: &str = "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=";
const LOOKUP_8: &str = "CAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg=";

const PHONE: &str = "13812345678";

/// `portal <args>` on the database at `url` with these keys: the exit code and what it printed.
fn portal(url: &str, args: &[&str], data_keys: &str, lookup_key: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("PORTAL_DATA_KEYS", data_keys)
        .env("PORTAL_LOOKUP_KEY", lookup_key)
        .output()
        .expect("run portal");
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn rekey_check_fails_until_everything_is_under_the_first_key_and_rehash_keeps_people_found() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/portal.db", dir.path().display());
    let store = Store::open(&url, 2).await.unwrap();
    let (old, _) = backend_with(store.clone(), Vault::new(KEY_1, LOOKUP_9).unwrap()).await;
    let phone = Phone::parse(PHONE).unwrap();
    let person = old.auth.person_for_phone(&phone, 0).await.unwrap();
    store.close().await;

    let both = format!("{KEY_2},{KEY_1}");
    let (code, out) = portal(&url, &["rekey", "--check"], &both, LOOKUP_9);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("persons.phone_enc：仍有 1 个值用旧密钥加密"), "{out}");
    let (code, out) = portal(&url, &["rekey"], &both, LOOKUP_9);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("共重新加密 1 个值"), "{out}");
    let (code, out) = portal(&url, &["rekey", "--check"], KEY_2, LOOKUP_9);
    assert_eq!(code, Some(0), "key 1 may go: {out}");

    let (code, out) = portal(&url, &["rehash"], KEY_2, LOOKUP_8);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("共重建 1 个查询值"), "{out}");
    let store = Store::open(&url, 2).await.unwrap();
    let (new, _) = backend_with(store.clone(), Vault::new(KEY_2, LOOKUP_8).unwrap()).await;
    let found = new.auth.person_for_phone(&phone, 0).await.unwrap();
    assert_eq!(found.person_id, person.person_id, "found under the new lookup key");
    store.close().await;
}
