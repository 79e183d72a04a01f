//! The binary refuses to start on bad configuration, naming the variable.

use std::process::Command;

fn portal_with(var: &str, value: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_portal"))
        .env(var, value)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .expect("run portal");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_wrong_database_scheme_stops_start_up() {
    let (code, stderr) = portal_with("DATABASE_URL", "mysql://localhost/portal");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("DATABASE_URL") && stderr.contains("postgres://"),
        "{stderr}"
    );
}

#[test]
fn a_bad_log_format_stops_start_up() {
    let (code, stderr) = portal_with("PORTAL_LOG_FORMAT", "xml");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("PORTAL_LOG_FORMAT"), "{stderr}");
}

#[test]
fn an_unreachable_database_stops_start_up_with_a_message() {
    // Port 9 (discard) has no PostgreSQL behind it.
    let (code, stderr) = portal_with("DATABASE_URL", "postgres://nobody@127.0.0.1:9/none");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("无法打开数据库"), "{stderr}");
}
