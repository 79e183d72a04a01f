//! Pages, health, the page token, write limits.

use super::*;

#[tokio::test]
async fn readiness_follows_the_database() {
    let (app, store, _dir) = test_app().await;
    assert_eq!(send(&app, get("/readyz")).await.0, StatusCode::OK);
    store.close().await;
    let (status, _, body) = send(&app, get("/readyz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("unavailable"));
    // Alive all the same.
    assert_eq!(send(&app, get("/healthz")).await.0, StatusCode::OK);
}

#[tokio::test]
async fn pages_name_their_script_nonce_in_the_csp() {
    let (app, _store, _dir) = test_app().await;
    let (status, headers, html) = send(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let nonce = html
        .split("nonce=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a nonce");
    assert!(csp.contains(&format!("'nonce-{nonce}'")), "{csp}");
    assert!(html.contains("<title>湖南省失业登记服务</title>"));
}

#[tokio::test]
async fn unknown_pages_are_404_in_chinese() {
    let (app, _store, _dir) = test_app().await;
    let (status, _, html) = send(&app, get("/nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("页面不存在"));
}

#[tokio::test]
async fn unknown_api_paths_are_404_in_the_api_shape() {
    let (app, _store, _dir) = test_app().await;
    let (status, headers, body) = send(&app, get("/api/v1/nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let err: app::api::ApiError = serde_json::from_str(&body).unwrap();
    assert_eq!(err.code, app::api::ErrorCode::NotFound);
    assert!(err.fields.is_empty());
}

#[tokio::test]
async fn care_mode_without_javascript_returns_only_to_this_site() {
    let (app, _store, _dir) = test_app().await;
    for (back, expected) in [
        ("/services", "/services"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
    ] {
        let body = format!("on=1&back={}", back.replace('/', "%2F").replace(':', "%3A"));
        let req = form_post("/care-mode", &body, "same-origin");
        let (status, headers, _) = send(&app, req).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{back}");
        assert_eq!(headers[header::LOCATION], expected, "{back}");
        assert!(headers[header::SET_COOKIE].to_str().unwrap().starts_with("care=1;"));
    }
}

#[tokio::test]
async fn form_posts_need_the_page_token() {
    let (app, _store, _dir) = test_app().await;
    // A page hands out a token in a cookie and in its forms.
    let (_, headers, html) = send(&app, get("/signin")).await;
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("__Host-csrf=") && cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"));
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    assert!(
        html.contains(&format!(r#"name="csrf" value="{token}""#)),
        "the form carries it"
    );
    // JSON answers and redirects carry no forms, so no token cookie.
    for path in [
        "/api/v1/registration/form",
        "/api/v1/institutions?division=430104",
        "/register/start",
    ] {
        let (_, headers, _) = send(&app, get(path)).await;
        assert!(!headers.contains_key(header::SET_COOKIE), "{path}");
    }

    let without = Request::post("/signin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("phone=13812345678"))
        .unwrap();
    assert_eq!(send(&app, without).await.0, StatusCode::FORBIDDEN);
    let mismatched = Request::post("/signin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, "__Host-csrf=aaa")
        .body(Body::from("phone=13812345678&csrf=bbb"))
        .unwrap();
    assert_eq!(send(&app, mismatched).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        send(&app, form_post("/signin", "phone=13812345678", "same-origin"))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn writes_are_limited_per_client_address() {
    let config = Config::from_lookup(|k| (k == "PORTAL_WRITES_PER_CLIENT_PER_MINUTE").then(|| "2".to_owned())).unwrap();
    let (app, _store, _dir, _sms) = test_app_configured(config).await;
    let post = || json_post("/api/v1/auth/codes", r#"{"phone":"12"}"#);
    assert_eq!(send(&app, post()).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(send(&app, post()).await.0, StatusCode::BAD_REQUEST);
    let (status, headers, body) = send(&app, post()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.contains_key(header::RETRY_AFTER));
    assert!(body.contains("rate_limited") && body.contains("秒后再试"), "{body}");
    assert_eq!(
        send(&app, get("/api/v1")).await.0,
        StatusCode::OK,
        "reading is not limited"
    );
}
