//! The binary refuses to start on bad configuration, naming the variable.

use std::process::Command;

mod common;

fn portal_with(var: &str, value: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_portal"))
        .env(var, value)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", common::site_root())
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

/// A server whose build hashed its assets (`make site` wrote the manifest beside the binary)
/// does not start on a site root without them, and says where it must point.
#[test]
fn a_missing_site_stops_start_up() {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_portal"));
    if !binary.with_file_name("hash.txt").is_file() {
        eprintln!("a development build (no hash.txt beside the binary): nothing to check");
        return;
    }
    let out = Command::new(binary)
        .env("LEPTOS_SITE_ROOT", "/nonexistent/site")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        // Were the site not checked, start-up would stop here instead, with another code.
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:9/none")
        .output()
        .expect("run portal");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("/nonexistent/site") && stderr.contains("LEPTOS_SITE_ROOT") && stderr.contains("make site"),
        "{stderr}"
    );
}
