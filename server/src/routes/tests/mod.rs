//! The router end to end, by topic; this file holds the helpers they share.

mod calendar;
mod clients;
mod confirmations;
mod endings;
mod hall;
mod metrics;
mod page_cache;
mod pages;
mod registration;
mod sign_in;
mod staff;
mod staff_queue;
mod statistics;
mod wechat;

use super::*;
use crate::state::Shared;
use app::backend::store::Store;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use tower::ServiceExt;

async fn test_app() -> (Router, Store, tempfile::TempDir) {
    let (router, store, dir, _sms) = test_app_with_sms().await;
    (router, store, dir)
}

async fn test_app_with_sms() -> (
    Router,
    Store,
    tempfile::TempDir,
    std::sync::Arc<app::backend::notify::RecordingSms>,
) {
    test_app_configured(Config::from_lookup(|_| None).unwrap()).await
}

async fn test_app_configured(
    config: Config,
) -> (
    Router,
    Store,
    tempfile::TempDir,
    std::sync::Arc<app::backend::notify::RecordingSms>,
) {
    test_app_on(config, None).await
}

/// The app on its own SQLite file, or on the database `url` names (two calls with one
/// PostgreSQL URL are two app servers sharing it).
async fn test_app_on(
    config: Config,
    url: Option<String>,
) -> (
    Router,
    Store,
    tempfile::TempDir,
    std::sync::Arc<app::backend::notify::RecordingSms>,
) {
    test_app_wired(config, url, |backend, _| backend).await
}

/// The app around a test backend that `wire` adds to (WeChat's JS-SDK, …), given the store.
async fn test_app_wired(
    config: Config,
    url: Option<String>,
    wire: impl FnOnce(app::backend::Backend, &Store) -> app::backend::Backend,
) -> (
    Router,
    Store,
    tempfile::TempDir,
    std::sync::Arc<app::backend::notify::RecordingSms>,
) {
    let dir = tempfile::tempdir().unwrap();
    let url = url.unwrap_or_else(|| format!("sqlite://{}/t.db", dir.path().display()));
    let store = Store::open(&url, 2).await.unwrap();
    let leptos_options = LeptosOptions::builder()
        .output_name("portal")
        .site_root(dir.path().display().to_string())
        .build();
    store.load_reference_divisions().await.unwrap();
    app::backend::calendar::Calendar::load_shipped(&store, "2026-11-27T00:00:00Z")
        .await
        .unwrap();
    app::backend::institutions::demo::load_if_empty(&store, "2026-11-27T00:00:00Z")
        .await
        .unwrap();
    let (mut services, sms) = app::backend::testing::backend(store.clone()).await;
    services.public_url = "https://sydj.example.cn".into();
    let state = AppState::new(Shared {
        leptos_options,
        backend: wire(services, &store),
        client_ip: config.client_ip.clone(),
    });
    (build(state, &config), store, dir, sms)
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn json_post(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// A browser's form post: same-site header, the form token in its cookie and its field.
fn form_post(path: &str, body: &str, site: &str) -> Request<Body> {
    form_post_with(path, body, site, "")
}

fn form_post_with(path: &str, body: &str, site: &str, more_cookies: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", site)
        .header(header::COOKIE, format!("__Host-csrf=t0k3n{more_cookies}"))
        .body(Body::from(format!("{body}&csrf=t0k3n")))
        .unwrap()
}

fn code_from(sms: &app::backend::notify::RecordingSms) -> String {
    code_sent_to(sms, &app::domain::phone::Phone::parse("13812345678").unwrap())
}

/// The 6 digits of the newest SMS to `phone`.
fn code_sent_to(sms: &app::backend::notify::RecordingSms, phone: &app::domain::phone::Phone) -> String {
    sms.last_to(phone)
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect()
}

async fn staff_cookie(
    app: &Router,
    store: &Store,
    sms: &app::backend::notify::RecordingSms,
    institution: &str,
    username: &str,
    phone: &str,
) -> String {
    let (services, _) = app::backend::testing::backend(store.clone()).await;
    let p = app::domain::phone::Phone::parse(phone).unwrap();
    services
        .auth
        .add_staff(
            username,
            "correct horse battery",
            &p,
            institution,
            Default::default(),
            1,
        )
        .await
        .unwrap();
    sign_in_staff(app, sms, username, &p).await
}

/// Signs an existing staff account in (password, then the code sent to `p`).
async fn sign_in_staff(
    app: &Router,
    sms: &app::backend::notify::RecordingSms,
    username: &str,
    p: &app::domain::phone::Phone,
) -> String {
    let body = format!(r#"{{"username":"{username}","password":"correct horse battery"}}"#);
    let (status, _, body) = send(app, json_post("/api/v1/staff/session", &body)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let challenge = serde_json::from_str::<serde_json::Value>(&body).unwrap()["challenge"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = code_sent_to(sms, p);
    let (status, headers, body) = send(
        app,
        json_post(
            "/api/v1/staff/session/code",
            &format!(r#"{{"challenge":"{challenge}","code":"{code}"}}"#),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    set_cookie(&headers)
}

fn json_send(method: &str, path: &str, body: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// Signs a person in over the API; returns the session cookie pair.
async fn person_cookie(app: &Router, sms: &app::backend::notify::RecordingSms, phone: &str) -> String {
    let (_, _, body) = send(
        app,
        json_post("/api/v1/auth/codes", &format!(r#"{{"phone":"{phone}"}}"#)),
    )
    .await;
    let challenge = serde_json::from_str::<serde_json::Value>(&body).unwrap()["challenge"]
        .as_str()
        .unwrap()
        .to_owned();
    let p = app::domain::phone::Phone::parse(phone).unwrap();
    let code = code_sent_to(sms, &p);
    let (_, headers, _) = send(
        app,
        json_post(
            "/api/v1/auth/session",
            &format!(r#"{{"challenge":"{challenge}","code":"{code}"}}"#),
        ),
    )
    .await;
    set_cookie(&headers)
}

/// `name=value` of the cookie an answer sets.
fn set_cookie(headers: &axum::http::HeaderMap) -> String {
    headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}
