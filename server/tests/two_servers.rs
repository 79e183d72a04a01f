//! Two release servers on one PostgreSQL database, as a deployment behind a load balancer
//! runs them: what one server counts or changes, the other sees. Needs PostgreSQL (skipped
//! without it, failed without it under PORTAL_REQUIRE_POSTGRES=1, as CI sets).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use app::backend::store::testing::TestPostgres;
use app::backend::testing::client_from;

/// A `portal` process, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn portal(database_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portal"));
    cmd.env("DATABASE_URL", database_url)
        .env("PORTAL_WRITES_PER_CLIENT_PER_MINUTE", "4")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

async fn start(database_url: &str, demo: bool) -> Server {
    let port = free_port();
    let child = portal(database_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("PORTAL_DEMO", demo.to_string())
        .spawn()
        .expect("start portal");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let probe = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(r) = probe.get(format!("{}/readyz", server.base)).send().await {
            if r.status().is_success() {
                return server;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("portal on port {port} did not become ready");
}

#[tokio::test]
async fn two_servers_share_limits_and_the_institution_list() {
    let Some(pg) = TestPostgres::create().await else {
        return;
    };
    let url = pg.url();
    {
        let one = start(&url, true).await;
        let two = start(&url, false).await;

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
