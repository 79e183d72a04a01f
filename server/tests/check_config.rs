//! `portal check-config` as an operator runs it: each problem is named by its variable, with
//! exit code 2; a sound configuration passes, and what it prints holds no secret.

use std::process::Stdio;

use app::backend::store::Store;

mod common;

/// `portal check-config` on the SQLite database `portal.db` in `dir` and the built site, with
/// `vars` on top: its exit code, and what it printed on stdout and on stderr.
fn check_config(dir: &std::path::Path, vars: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut cmd = common::portal(&format!("sqlite://{}/portal.db", dir.display()));
    cmd.arg("check-config").stdout(Stdio::piped()).stderr(Stdio::piped());
    for (name, value) in vars {
        cmd.env(name, value);
    }
    let out = cmd.output().expect("run portal");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_unreachable_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    // Port 1 on this machine: nothing listens there.
    let (code, stdout, stderr) = check_config(dir.path(), &[("DATABASE_URL", "postgres://127.0.0.1:1/x")]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("DATABASE_URL："), "{stderr}");
}

#[test]
fn an_unreachable_sms_gateway_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = check_config(
        dir.path(),
        &[
            ("PORTAL_SMS", "http"),
            ("PORTAL_SMS_URL", "http://127.0.0.1:1/"),
            ("PORTAL_SMS_TOKEN", "t"),
        ],
    );
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("PORTAL_SMS_URL：连不上短信网关 127.0.0.1:1"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("DATABASE_URL"),
        "a database not made yet is no problem: {stderr}"
    );
}

#[tokio::test]
async fn a_sound_configuration_passes_and_shows_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}/portal.db", dir.path().display()), 1)
        .await
        .unwrap();
    store.close().await;
    // A gateway that accepts connections (the kernel does, before any accept()).
    let gateway = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let sms_url = format!("http://{}/send?key=url-key-xyz", gateway.local_addr().unwrap());
    let secrets = [
        ("PORTAL_SMS_TOKEN", "secret-token-xyz"),
        ("PORTAL_DATA_KEYS", "k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="),
        ("PORTAL_LOOKUP_KEY", "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk="),
        ("PORTAL_WECHAT_SECRET", "wechat-secret-xyz"),
    ];
    let mut vars = vec![
        ("PORTAL_SMS", "http"),
        ("PORTAL_SMS_URL", sms_url.as_str()),
        ("PORTAL_WECHAT_APPID", "wx123"),
    ];
    vars.extend(secrets);
    let (code, stdout, stderr) = check_config(dir.path(), &vars);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("检查数据库：可以连接（SELECT 1）"), "{stdout}");
    assert!(stdout.contains("1 个数据密钥"), "{stdout}");
    assert!(stdout.contains("结果：一切正常"), "{stdout}");
    let printed = format!("{stdout}{stderr}");
    for (name, value) in secrets {
        assert!(!printed.contains(value), "{name} printed:\n{printed}");
    }
    for part in ["AQEBAQEB", "CQkJCQkJ", "url-key-xyz"] {
        assert!(!printed.contains(part), "{part} printed:\n{printed}");
    }
    drop(gateway);
}
