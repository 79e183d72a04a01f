//! What the tests that run the `portal` binary share: a server on a free port with the site
//! it was built with, and the cookies its answers set.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A `portal` process, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// `kill -9`: no shutdown, no draining.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
    }
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

/// The site built with the binary under test: `make site` writes target/site beside
/// target/release. A server whose build hashed its assets refuses to start without it.
pub fn site_root() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_portal"))
        .parent()
        .and_then(Path::parent)
        .expect("the binary is in target/<profile>/")
        .join("site")
}

/// `portal` on `database_url` with the built site, its output silenced.
pub fn portal(database_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portal"));
    cmd.env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ROOT", site_root())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Starts `portal` as `cmd` says, with demo data or not, and waits until it is ready.
pub async fn start(mut cmd: Command, demo: bool) -> Server {
    let port = free_port();
    let child = cmd
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

/// `name=value` of a cookie the answer sets.
pub fn cookie(answer: &reqwest::Response, name: &str) -> String {
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("{name} is set"))
        .to_owned()
}

/// Sends a request whose answer must be JSON, and reads it.
pub trait JsonAnswer {
    async fn json_answer(self) -> serde_json::Value;
}

impl JsonAnswer for reqwest::RequestBuilder {
    async fn json_answer(self) -> serde_json::Value {
        self.send().await.unwrap().json().await.unwrap()
    }
}
