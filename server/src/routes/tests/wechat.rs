//! WeChat: the JS-SDK config a page inside WeChat asks for, and the official account's domain
//! check file.

use std::sync::Arc;

use super::*;
use app::api::wechat::JsConfig;
use app::backend::testing::{fake_wechat_api, test_now, FakeWeChatApi};
use app::backend::wechat::signature::sign;
use app::backend::wechat::{AccessTokens, WeChatJs};

/// The app with the official account wx123 at the fake WeChat `wx`, signing for the test
/// app's public address.
async fn app_with_wechat(wx: &FakeWeChatApi) -> (Router, Store, tempfile::TempDir) {
    let base = wx.base.clone();
    let (router, store, dir, _) = test_app_wired(Config::from_lookup(|_| None).unwrap(), None, |backend, store| {
        let tokens = AccessTokens::new(store.clone(), backend.auth.vault().clone(), "wx123", "s3cret", &base).unwrap();
        let js = WeChatJs::new(Arc::new(tokens), &backend.public_url).unwrap();
        backend.with_wechat_js(js)
    })
    .await;
    (router, store, dir)
}

fn js_config(page: &str) -> Request<Body> {
    let query = serde_urlencoded::to_string([("url", page)]).unwrap();
    get(&format!("/api/v1/wechat/js-config?{query}"))
}

#[tokio::test]
async fn a_page_of_the_portal_gets_a_config_signed_with_the_shared_ticket() {
    let wx = fake_wechat_api().await;
    let (app, _store, _dir) = app_with_wechat(&wx).await;
    // As WeChat opens a menu link: its own parameters, and the page's fragment.
    let page = "https://sydj.example.cn/institutions?from=singlemessage&isappinstalled=0";
    for _ in 0..3 {
        let (status, headers, body) = send(&app, js_config(&format!("{page}#list"))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{body}");
        assert!(json["timestamp"].is_i64(), "whole seconds: {body}");
        let config: JsConfig = serde_json::from_str(&body).unwrap();
        assert_eq!(config.app_id, "wx123");
        assert_eq!(config.timestamp, test_now().unix());
        assert!(config.nonce_str.len() >= 16);
        assert_eq!(
            config.signature,
            sign("TICKET", &config.nonce_str, config.timestamp, page),
            "signed over the address without its fragment"
        );
    }
    assert_eq!((wx.tokens_fetched(), wx.tickets_fetched()), (1, 1));
}

#[tokio::test]
async fn another_sites_page_or_no_address_is_refused_naming_url() {
    let wx = fake_wechat_api().await;
    let (app, _store, _dir) = app_with_wechat(&wx).await;
    for req in [
        js_config("https://evil.example/institutions"),
        js_config("not an address"),
        get("/api/v1/wechat/js-config"),
    ] {
        let (status, _, body) = send(&app, req).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let error: app::api::ApiError = serde_json::from_str(&body).unwrap();
        assert_eq!(error.code, app::api::ErrorCode::InvalidInput);
        assert_eq!(error.fields.len(), 1);
        assert_eq!(error.fields[0].field, "url");
        assert!(error.fields[0].message.contains("url"), "{body}");
    }
    assert_eq!((wx.tokens_fetched(), wx.tickets_fetched()), (0, 0));
}

#[tokio::test]
async fn without_the_official_account_there_is_no_config() {
    let (app, _store, _dir) = test_app().await;
    let (status, _, body) = send(&app, js_config("https://sydj.example.cn/institutions")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains(r#""code":"not_found""#), "{body}");
}

#[tokio::test]
async fn the_domain_check_file_is_served_and_no_other() {
    let config =
        Config::from_lookup(|k| (k == "PORTAL_WECHAT_VERIFY_FILE").then(|| "MP_verify_abc123.txt".to_owned())).unwrap();
    let (app, _store, _dir, _) = test_app_configured(config).await;
    let (status, headers, body) = send(&app, get("/MP_verify_abc123.txt")).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "abc123"));
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    for other in [
        "/MP_verify_abc124.txt",
        "/MP_verify_abc123.txt/x",
        "/x/MP_verify_abc123.txt",
    ] {
        assert_eq!(send(&app, get(other)).await.0, StatusCode::NOT_FOUND, "{other}");
    }

    let (app, _store, _dir) = test_app().await;
    assert_eq!(send(&app, get("/MP_verify_abc123.txt")).await.0, StatusCode::NOT_FOUND);
}
