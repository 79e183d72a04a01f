//! `portal backup` taken while the portal takes writes, then `portal restore` with the portal
//! stopped, through the binary as an operator runs them on SQLite: every write the portal
//! acknowledged before the backup began is there again.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::{cookie, portal, start, JsonAnswer, Server};

/// People saving their drafts at once, one task each.
const WRITERS: usize = 4;

/// `portal` on `url` as this test runs it: one client address may write without limit, and
/// the sign-in codes go to its log (the log sender), which the test reads.
fn configured(url: &str) -> Command {
    let mut cmd = portal(url);
    cmd.env("PORTAL_WRITES_PER_CLIENT_PER_MINUTE", "1000000")
        .env("RUST_LOG", "warn,sms=info")
        .stdout(Stdio::piped());
    cmd
}

/// The server's log lines as they come: its stdout, read on a thread (which also keeps the
/// pipe from filling up).
fn log_of(server: &mut Server) -> Arc<Mutex<Vec<String>>> {
    let out = server.child.stdout.take().expect("stdout is piped");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let kept = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            kept.lock().unwrap().push(line);
        }
    });
    lines
}

/// Signs `phone` in with the code the log sender wrote (`…验证码是NNNNNN…`): the session cookie.
async fn sign_in(web: &reqwest::Client, base: &str, log: &Mutex<Vec<String>>, phone: &str) -> String {
    let sent: serde_json::Value = web
        .post(format!("{base}/api/v1/auth/codes"))
        .json(&serde_json::json!({ "phone": phone }))
        .json_answer()
        .await;
    // The log names the phone masked; the last four digits tell the writers apart.
    let masked = format!("{}****{}", &phone[..3], &phone[7..]);
    let mut code = None;
    for _ in 0..50 {
        code = log
            .lock()
            .unwrap()
            .iter()
            .rev()
            .filter(|line| line.contains(&masked))
            .find_map(|line| line.split("验证码是").nth(1))
            .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect::<String>());
        if code.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let code = code.unwrap_or_else(|| panic!("no code for {masked} in the log"));
    let answer = web
        .post(format!("{base}/api/v1/auth/session"))
        .json(&serde_json::json!({ "challenge": sent["challenge"], "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "signed in as {masked}");
    cookie(&answer, "__Host-portal_session")
}

fn address(n: u32) -> String {
    format!("测试路{n}号")
}

/// Saves one person's draft again and again, a new address each time, until `stop`: the number
/// of each save the server acknowledged (200), and when the answer came.
async fn save_drafts(
    web: reqwest::Client,
    base: String,
    session: String,
    stop: Arc<AtomicBool>,
) -> Vec<(u32, Instant)> {
    let mut acknowledged = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        n += 1;
        let answer = web
            .put(format!("{base}/api/v1/me/registration/draft"))
            .header("cookie", &session)
            .json(&serde_json::json!({ "answers": { "household_address": address(n) } }))
            .send()
            .await;
        if answer.is_ok_and(|a| a.status() == 200) {
            acknowledged.push((n, moment()));
        }
    }
    acknowledged
}

/// When a write was acknowledged or the backup began: only their order matters, which the
/// monotonic clock gives (no date is involved).
#[allow(clippy::disallowed_methods)]
fn moment() -> Instant {
    Instant::now()
}

/// `portal <command> <file>` as an operator runs it, on a blocking thread so that the writers
/// go on meanwhile: whether it succeeded, and what it printed.
async fn operate(url: &str, command: &str, file: &Path) -> (bool, String) {
    let mut cmd = portal(url);
    cmd.arg(command).arg(file).stdout(Stdio::piped()).stderr(Stdio::piped());
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("run portal"))
        .await
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

#[tokio::test]
async fn a_backup_under_load_restores_every_write_acknowledged_before_it_began() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/portal.db", dir.path().display());
    let backup = dir.path().join("backup.db");

    let mut server = start(configured(&url), true).await;
    let log = log_of(&mut server);
    let web = reqwest::Client::new();
    let mut sessions = Vec::new();
    for i in 0..WRITERS {
        sessions.push(sign_in(&web, &server.base, &log, &format!("139123400{i:02}")).await);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = sessions
        .iter()
        .map(|session| {
            let (web, base) = (web.clone(), server.base.clone());
            tokio::spawn(save_drafts(web, base, session.clone(), stop.clone()))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let backup_began = moment();
    let (backed_up, said) = operate(&url, "backup", &backup).await;
    assert!(backed_up, "{said}");
    assert!(said.contains("已备份到"), "{said}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::SeqCst);
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.push(writer.await.unwrap());
    }
    assert!(
        acknowledged.iter().flatten().any(|(_, at)| *at > backup_began),
        "the writes went on while the backup was taken"
    );

    // Not while the server has the database open; then with the server stopped.
    let (restored, said) = operate(&url, "restore", &backup).await;
    assert!(!restored && said.contains("正在使用"), "{said}");
    drop(server);
    let (restored, said) = operate(&url, "restore", &backup).await;
    assert!(restored, "{said}");
    let moved_aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("portal.db.before-restore-")
        });
    assert!(moved_aside, "the database replaced is kept aside: {said}");

    let mut server = start(configured(&url), true).await;
    log_of(&mut server);
    for (session, acks) in sessions.iter().zip(&acknowledged) {
        // A save acknowledged after the backup began may be in the backup or not (the copy is
        // one moment of the database, somewhere between the command's start and its end); one
        // acknowledged before it began must be, or a later one of the same person.
        let (last_before, _) = acks
            .iter()
            .rev()
            .find(|(_, at)| *at < backup_began)
            .expect("saves acknowledged before the backup began");
        let draft: serde_json::Value = web
            .get(format!("{}/api/v1/me/registration/draft", server.base))
            .header("cookie", session)
            .json_answer()
            .await;
        let restored = draft["answers"]["household_address"]
            .as_str()
            .unwrap_or_else(|| panic!("the restored draft has the address: {draft}"));
        let n: u32 = restored
            .trim_start_matches("测试路")
            .trim_end_matches('号')
            .parse()
            .unwrap_or_else(|_| panic!("{restored}"));
        assert!(
            n >= *last_before,
            "save {last_before} was acknowledged before the backup began; restored: save {n}"
        );
    }
}
