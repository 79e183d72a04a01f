//! Serves, on two loopback ports, (1) the portal's real router (every middleware layer, the
//! index, the database) over a province-size list in a throw-away SQLite file, and (2) a bare
//! axum handler answering a fixed JSON body of the same size as a real nearest answer.
//! `bench/load-nearest.sh` drives both with wrk and reports the ratio.

use std::time::Duration;

use std::sync::Arc;

use app::backend::auth::{Auth, AuthConfig};
use app::backend::clock::SystemClock;
use app::backend::crypto::development_vault;
use app::backend::institutions::Directory;
use app::backend::notify::LogSms;
use app::backend::store::Store;
use app::backend::Backend;
use axum::http::header;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use server::config::Config;
use server::state::AppState;

const QUERY: &str = "/api/v1/institutions/nearest?lat=28.2345&lon=112.9313&datum=wgs84&limit=10";

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&format!("sqlite://{}/load.db", dir.path().display()), 8)
        .await
        .expect("store");
    store.load_reference_divisions().await.expect("divisions");
    let rows = bench::province_institutions(30_000);
    store
        .upsert_institutions(&rows, "2026-11-27T00:00:00Z")
        .await
        .expect("rows");
    let backend = Backend::new(
        store.clone(),
        Directory::load(store.clone()).await.expect("index"),
        Auth::new(
            store,
            Arc::new(development_vault()),
            Arc::new(LogSms),
            AuthConfig::default(),
        ),
        "http://127.0.0.1".into(),
        Arc::new(SystemClock),
    );
    let config = Config::from_lookup(|_| None).expect("config");
    let state = AppState {
        leptos_options: LeptosOptions::builder().output_name("portal").build(),
        backend,
        client_ip: Default::default(),
    };
    let real = server::routes::build(state, &config);

    let real_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let real_addr = real_listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(real_listener, real).await });

    // The bare handler answers exactly the bytes of a real answer.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let body = fetch(&format!("http://{real_addr}{QUERY}")).await;
    let bare = Router::new().route(
        "/api/v1/institutions/nearest",
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    let bare_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let bare_addr = bare_listener.local_addr().expect("addr");
    println!("real http://{real_addr}{QUERY}");
    println!("bare http://{bare_addr}{QUERY}");
    axum::serve(bare_listener, bare).await.expect("serve");
}

/// A minimal HTTP/1.1 GET over loopback (no client crate needed for one request).
async fn fetch(url: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("http url");
    let (host, path) = rest.split_at(rest.find('/').expect("path"));
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        !head.to_ascii_lowercase().contains("transfer-encoding: chunked"),
        "expected a sized body"
    );
    body.to_owned()
}
