//! Two release servers on one PostgreSQL database, as a deployment behind a load balancer
//! runs them: what one server counts or changes, the other sees. Needs PostgreSQL (skipped
//! without it, failed without it under PORTAL_REQUIRE_POSTGRES=1, as CI sets).

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};

use app::backend::store::testing::TestPostgres;
use app::backend::testing::client_from;
use sqlx::Connection;

mod common;
use common::{cookie, portal, start, JsonAnswer, Server};

/// `portal` sending its SMS to the fake gateway at `fakes_base`.
fn portal_with_fake_sms(database_url: &str, fakes_base: &str) -> Command {
    let mut cmd = portal(database_url);
    cmd.env("PORTAL_SMS", "http")
        .env("PORTAL_SMS_URL", format!("{fakes_base}/sms"))
        .env("PORTAL_SMS_TOKEN", "t");
    cmd
}

#[tokio::test]
async fn two_servers_share_limits_and_the_institution_list() {
    let Some(pg) = TestPostgres::create().await else {
        return;
    };
    let url = pg.url();
    {
        let limited = || {
            let mut cmd = portal(&url);
            cmd.env("PORTAL_WRITES_PER_CLIENT_PER_MINUTE", "4");
            cmd
        };
        let one = start(limited(), true).await;
        let two = start(limited(), false).await;

        // The write limit (4 a minute) holds across both servers for one client address.
        let write = |c: &reqwest::Client, server: &Server| {
            c.post(format!("{}/api/v1/auth/session", server.base))
                .json(&serde_json::json!({ "challenge": "x", "code": "000000" }))
                .send()
        };
        let (a, b) = (client_from(2), client_from(3));
        for server in [&one, &two, &one, &two] {
            assert_eq!(write(&a, server).await.unwrap().status(), 400);
        }
        assert_eq!(write(&a, &one).await.unwrap().status(), 429);
        assert_eq!(write(&a, &two).await.unwrap().status(), 429);
        assert_eq!(write(&b, &two).await.unwrap().status(), 400, "another client");

        // An import (the command line, as an operator runs it) reaches the other server's
        // nearest search within 5 s.
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("list.csv");
        std::fs::write(
            &csv,
            "机构编码,机构名称,层级,所属区划代码,所属区划名称,上级机构编码,办公地址,联系电话,经办项目,办公时间,经度,纬度,坐标系\n\
             T2-430104,两台服务器测试中心（示例）,县市区,430104,,,测试路1号（示例地址）,0731-00002000,失业登记,,113.5,27.5,gcj02\n",
        )
        .unwrap();
        let status = portal(&url)
            .arg("import-institutions")
            .arg(&csv)
            .status()
            .expect("run the import");
        assert!(status.success());
        let nearest = format!(
            "{}/api/v1/institutions/nearest?lat=27.5&lon=113.5&datum=gcj02&limit=1",
            two.base
        );
        let mut found = false;
        for _ in 0..50 {
            let body = reqwest::get(&nearest).await.unwrap().text().await.unwrap();
            if body.contains("T2-430104") {
                found = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(
            found,
            "the other server's index has the imported institution within 5 s"
        );
    }
    pg.drop_database().await;
}

/// Fakes of the SMS gateway and of WeChat's API, as two servers see them: every SMS try, every
/// token fetch and every template message is kept. While `hold` is set the gateway takes the
/// notices of services in and never answers, like a gateway that hangs when a server dies.
#[derive(Default)]
struct Fakes {
    /// `(id, phone, text, answered)` for each try.
    sms: Mutex<Vec<(String, String, String, bool)>>,
    hold: AtomicBool,
    tokens_fetched: AtomicUsize,
    /// `(client_msg_id, openid)` of each template message.
    templates: Mutex<Vec<(String, String)>>,
}

impl Fakes {
    fn sms_about(&self, words: &str) -> Vec<(String, bool)> {
        let sms = self.sms.lock().unwrap();
        sms.iter()
            .filter(|(_, _, text, _)| text.contains(words))
            .map(|(id, _, _, answered)| (id.clone(), *answered))
            .collect()
    }

    /// The 6-digit code of the last SMS to `phone`.
    fn code_for(&self, phone: &str) -> String {
        let sms = self.sms.lock().unwrap();
        let (_, _, text, _) = sms
            .iter()
            .rev()
            .find(|(_, p, _, _)| p == phone)
            .expect("a code was sent");
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        digits[..6].to_owned()
    }
}

async fn start_fakes() -> (String, Arc<Fakes>) {
    let fakes = Arc::new(Fakes::default());
    let app = Router::new()
        .route(
            "/sms",
            post(|State(f): State<Arc<Fakes>>, Json(m): Json<serde_json::Value>| async move {
                let field = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
                let (id, phone, text) = (field("id"), field("phone"), field("text"));
                let hold = f.hold.load(Ordering::SeqCst) && text.contains("就业服务");
                f.sms.lock().unwrap().push((id, phone, text, !hold));
                if hold {
                    std::future::pending::<()>().await;
                }
                StatusCode::OK
            }),
        )
        .route(
            "/cgi-bin/token",
            get(|State(f): State<Arc<Fakes>>| async move {
                let n = f.tokens_fetched.fetch_add(1, Ordering::SeqCst) + 1;
                Json(serde_json::json!({ "access_token": format!("TOKEN{n}"), "expires_in": 7200 }))
            }),
        )
        .route(
            "/cgi-bin/message/template/send",
            post(|State(f): State<Arc<Fakes>>, Json(m): Json<serde_json::Value>| async move {
                let field = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
                f.templates.lock().unwrap().push((field("client_msg_id"), field("touser")));
                Json(serde_json::json!({ "errcode": 0, "errmsg": "ok" }))
            }),
        )
        .route(
            "/sns/oauth2/access_token",
            get(|| async { Json(serde_json::json!({ "access_token": "T", "expires_in": 7200, "openid": "oTWO", "scope": "snsapi_base" })) }),
        )
        .with_state(fakes.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, fakes)
}

/// A staff account of the demo office added with `add` (`portal` as configured), as an
/// operator does, and signed in on `server`: its cookie.
async fn staff_signed_in(mut add: Command, server: &Server, fakes: &Fakes, username: &str, phone: &str) -> String {
    let mut child = add
        .args(["staff", "add", "--username", username, "--institution", "DEMO-430104"])
        .args(["--phone", phone])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-long-enough-password\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    let web = reqwest::Client::new();
    let sent: serde_json::Value = web
        .post(format!("{}/api/v1/staff/session", server.base))
        .json(&serde_json::json!({ "username": username, "password": "a-long-enough-password" }))
        .json_answer()
        .await;
    let answer = web
        .post(format!("{}/api/v1/staff/session/code", server.base))
        .json(&serde_json::json!({ "challenge": sent["challenge"], "code": fakes.code_for(phone) }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    cookie(&answer, "__Host-portal_staff")
}

/// Waits up to `secs` for `done`.
async fn eventually(secs: u64, mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..secs * 10 {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    done()
}

/// A notice recorded on one server is sent once though both deliver; WeChat's token is fetched
/// once for both; and a server killed (-9) while the gateway holds a notice's SMS leaves it to
/// be sent after a restart, under the same id, so that the gateway sends it once.
#[tokio::test]
async fn notices_are_sent_once_through_two_servers_and_a_kill() {
    let Some(pg) = TestPostgres::create().await else {
        return;
    };
    let url = pg.url();
    let (fakes_base, fakes) = start_fakes().await;
    let configured = || {
        let mut cmd = portal_with_fake_sms(&url, &fakes_base);
        cmd.env("PORTAL_WECHAT_APPID", "wx123")
            .env("PORTAL_WECHAT_SECRET", "s3cret")
            .env("PORTAL_WECHAT_OPEN_BASE", &fakes_base)
            .env("PORTAL_WECHAT_API_BASE", &fakes_base)
            .env("PORTAL_WECHAT_TEMPLATE_ID", "tpl1");
        cmd
    };
    {
        let one = start(configured(), true).await;
        let two = start(configured(), false).await;
        let web = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();

        // A staff member of the demo office, added as an operator does, signs in on server one.
        let staff = staff_signed_in(configured(), &one, &fakes, "kill.test", "13900000009").await;
        let list: serde_json::Value = web
            .get(format!("{}/api/v1/staff/registrations?status=registered", one.base))
            .header("cookie", &staff)
            .json_answer()
            .await;
        let reference = list[0]["reference"]
            .as_str()
            .expect("the demo worker's registration")
            .to_owned();

        // The demo worker signs in on server two and binds WeChat there.
        let sent: serde_json::Value = web
            .post(format!("{}/api/v1/auth/codes", two.base))
            .json(&serde_json::json!({ "phone": "13800000000" }))
            .json_answer()
            .await;
        let code = fakes.code_for("13800000000");
        let answer = web
            .post(format!("{}/api/v1/auth/session", two.base))
            .json(&serde_json::json!({ "challenge": sent["challenge"], "code": code }))
            .send()
            .await
            .unwrap();
        let person = cookie(&answer, "__Host-portal_session");
        let out = web
            .get(format!("{}/signin/wechat", two.base))
            .header("cookie", &person)
            .send()
            .await
            .unwrap();
        let state = cookie(&out, "__Host-oauth_state");
        let nonce = state.split_once('=').unwrap().1.to_owned();
        let back = web
            .get(format!("{}/signin/wechat/callback?code=good&state={nonce}", two.base))
            .header("cookie", format!("{person}; {state}"))
            .send()
            .await
            .unwrap();
        assert_eq!(back.headers()["location"], "/account", "WeChat bound");

        let record = |server: &Server, position: &str| {
            web.post(format!("{}/api/v1/staff/services", server.base))
                .header("cookie", &staff)
                .json(&serde_json::json!({
                    "references": [reference],
                    "kind": "job_referral",
                    "given_on": "2026-01-01",
                    "channel": "phone",
                    "content": { "employer": "两台服务器测试公司（示例）", "position": position },
                }))
                .send()
        };
        let templates = || fakes.templates.lock().unwrap().len();
        let referrals = || fakes.sms_about("就业服务：岗位推荐").len();

        // The demo's own notices (sent at its loading) are out of the way.
        loop {
            let n = referrals();
            tokio::time::sleep(Duration::from_secs(2)).await;
            if referrals() == n {
                break;
            }
        }

        // Recorded on one, delivered by both servers' workers: one SMS and one template
        // message, after more than a round of each worker.
        let (sms_before, templates_before) = (referrals(), templates());
        assert_eq!(record(&one, "测试岗位一").await.unwrap().status(), 201);
        assert!(eventually(10, || referrals() > sms_before && templates() > templates_before).await);
        tokio::time::sleep(Duration::from_secs(6)).await;
        assert_eq!(referrals(), sms_before + 1, "one SMS for one notice");
        assert_eq!(templates(), templates_before + 1, "one template message for one notice");
        let (msg_id, openid) = fakes.templates.lock().unwrap().last().cloned().unwrap();
        assert_eq!(openid, "oTWO");
        assert!(
            !msg_id.is_empty(),
            "a client_msg_id, so that WeChat drops a repeated try"
        );

        // Recorded on two: that server uses the token one fetched.
        assert_eq!(record(&two, "测试岗位二").await.unwrap().status(), 201);
        assert!(eventually(10, || templates() == templates_before + 2).await);
        assert_eq!(
            fakes.tokens_fetched.load(Ordering::SeqCst),
            1,
            "one token for both servers"
        );
        drop(two);

        // The gateway hangs on the next notice; server one is killed while it waits.
        fakes.hold.store(true, Ordering::SeqCst);
        let before = referrals();
        assert_eq!(record(&one, "测试岗位三").await.unwrap().status(), 201);
        assert!(
            eventually(10, || referrals() == before + 1).await,
            "the gateway has the SMS"
        );
        one.kill();
        fakes.hold.store(false, Ordering::SeqCst);

        // Restarted, the server sends it again once its claim has run out, under the same id.
        let _again = start(configured(), true).await;
        assert!(
            eventually(40, || referrals() == before + 2).await,
            "sent after the restart"
        );
        tokio::time::sleep(Duration::from_secs(6)).await;
        let tries = fakes.sms_about("就业服务：岗位推荐");
        let tries = &tries[before..];
        assert_eq!(tries.len(), 2, "no try after the one answered");
        assert_eq!(tries[0].0, tries[1].0, "both tries carry one id");
        assert!(!tries[0].1 && tries[1].1);
    }
    pg.drop_database().await;
}

/// The monthly 就业失业动态确认 reminder: each server runs a round when it starts; the demo
/// worker, registered and unconfirmed, gets one reminder however many servers run it.
#[tokio::test]
async fn the_monthly_reminder_goes_out_once_from_two_servers() {
    let Some(pg) = TestPostgres::create().await else {
        return;
    };
    let url = pg.url();
    let (fakes_base, fakes) = start_fakes().await;
    let configured = || {
        let mut cmd = portal_with_fake_sms(&url, &fakes_base);
        // Due every day of the month, so that the test runs on any date.
        cmd.env("PORTAL_CONFIRMATION_REMINDER_DAY", "1");
        cmd
    };
    {
        let reminders = || fakes.sms_about("请完成本月就业失业动态确认").len();
        let one = start(configured(), true).await;
        assert!(eventually(15, || reminders() == 1).await, "the demo worker is reminded");
        let two = start(configured(), false).await;
        let again = start(configured(), false).await;
        tokio::time::sleep(Duration::from_secs(8)).await;
        assert_eq!(reminders(), 1, "once, though three servers ran the round");
        drop((one, two, again));
    }
    pg.drop_database().await;
}

/// An ending announced for reason 5 takes effect once its notice period is over: two servers
/// both run the round at start-up once its day has passed, and the registration ends once, with
/// one SMS telling the person.
#[tokio::test]
async fn an_announced_ending_ends_once_when_two_servers_reach_its_day() {
    let Some(pg) = TestPostgres::create().await else {
        return;
    };
    let url = pg.url();
    let (fakes_base, fakes) = start_fakes().await;
    let configured = || portal_with_fake_sms(&url, &fakes_base);
    {
        let one = start(configured(), true).await;
        let web = reqwest::Client::new();
        let staff = staff_signed_in(configured(), &one, &fakes, "end.test", "13900000008").await;
        let listed = |status: &'static str| {
            let (web, staff, base) = (web.clone(), staff.clone(), one.base.clone());
            async move {
                let list: serde_json::Value = web
                    .get(format!("{base}/api/v1/staff/registrations?status={status}"))
                    .header("cookie", &staff)
                    .json_answer()
                    .await;
                list.as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["reference"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            }
        };
        let reference = listed("registered").await[0].clone();
        let told: serde_json::Value = web
            .post(format!("{}/api/v1/staff/registrations/{reference}/end", one.base))
            .header("cookie", &staff)
            .json(&serde_json::json!({ "reason": "5", "verified": "残联核实（示例）" }))
            .json_answer()
            .await;
        assert_eq!(told["ended"], false, "{told}");
        assert!(eventually(10, || fakes.sms_about("您符合注销失业登记的条件").len() == 1).await);
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert!(listed("ended").await.is_empty(), "nothing ends before its day");

        // Its day comes: moved into the past in the database, as time would. (The clock is not
        // faked here: the other-dates run already fakes it, and faketime does not nest.)
        let mut db = sqlx::PgConnection::connect(&url).await.unwrap();
        let moved = sqlx::query("UPDATE registration_endings SET ends_on = '2000-01-01' WHERE pending = 1")
            .execute(&mut db)
            .await
            .unwrap();
        assert_eq!(moved.rows_affected(), 1);
        db.close().await.unwrap();

        // Two more servers start; each runs the round at once.
        let (two, three) = tokio::join!(start(configured(), false), start(configured(), false));
        let ended = || fakes.sms_about("您的失业登记已注销").len();
        assert!(eventually(15, || ended() == 1).await, "the person is told it ended");
        tokio::time::sleep(Duration::from_secs(6)).await;
        assert_eq!(ended(), 1, "ended once, though two servers ran the round");
        assert_eq!(listed("ended").await, [reference]);
        drop((one, two, three));
    }
    pg.drop_database().await;
}
