//! The whole HTTP surface: pages (rendered by Leptos), `/api/v1`, probes, static files.

use app::backend::institutions::qr;
use app::backend::Error;
use app::ui::care_mode;
use app::{shell, App};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Form, Router};
use leptos::nonce::Nonce;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tower_http::services::ServeDir;

use crate::config::Config;
use crate::rate_limit::{limit_writes, WriteLimiter};
use crate::state::AppState;
use crate::{api, middleware, providers, register, services, sign_in, staff_forms};
use app::backend::Services;

pub fn build(state: AppState, config: &Config) -> Router {
    let options = state.leptos_options.clone();
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let mut pkg = Router::new().fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());
    if options.hash_files {
        pkg = pkg.layer(axum::middleware::from_fn(middleware::cache_forever_if_ok));
    }

    let context = page_context(state.services.clone());

    let app = Router::new()
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(api::router())
        .route(care_mode::FORM_ACTION, post(set_care_mode))
        .route("/signin", post(sign_in::phone_form))
        .route("/signin/code", post(sign_in::code_form))
        .route("/signout", post(sign_in::sign_out_form))
        .route("/signin/{provider}", get(providers::start))
        .route("/signin/{provider}/callback", get(providers::callback))
        .route("/account/identity", post(sign_in::identity_form))
        .route("/register/start", get(register::start))
        .route("/register/declaration", post(register::submit))
        .route("/register/{step}", post(register::save_page))
        .route("/registration/work", post(register::report_work))
        .route("/registration/confirm", post(register::confirm))
        .route("/services/{id}/answer", post(services::answer))
        .route("/staff/signin", post(staff_forms::sign_in))
        .route("/staff/signin/code", post(staff_forms::sign_in_code))
        .route("/staff/signout", post(staff_forms::sign_out))
        .route("/staff/record", post(staff_forms::record))
        .route("/staff/services/{id}/follow-up", post(staff_forms::follow_up))
        .route("/staff/people/{reference}/end", post(staff_forms::end))
        .route("/i/{code}/qr.svg", get(institution_qr))
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        // Public files (favicon, …) and the Chinese 404 page for everything else.
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), WriteLimiter::new(config.writes_per_minute)),
            limit_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), remember_client))
        .with_state(state);
    middleware::wrap(app, config.request_timeout, config.body_limit, &config.public_url)
}

/// Runs inside every page render and server function: the services, and this request's
/// nonce (made by `middleware::content_security`, which names it in the page's CSP) for Leptos
/// to put on its hydration script.
pub fn page_context(services: Services) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(services.clone());
        let nonce = use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<Nonce>().cloned());
        if let Some(nonce) = nonce {
            provide_context(nonce);
        }
    }
}

/// The printable QR code of an institution: it opens `/i/{code}` on the public address.
async fn institution_qr(State(state): State<AppState>, Path(code): Path<String>) -> Result<impl IntoResponse, Error> {
    let institution = state.services.directory.get(&code).await?;
    let svg = qr::qr_svg(&qr::institution_url(&state.services.public_url, &institution.code))?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg))
}

#[derive(Deserialize)]
struct CareModeForm {
    on: String,
    back: Option<String>,
}

/// The care-mode switch without JavaScript: store the choice, go back to the page.
/// Puts the client's address on the request, where page renders find it (`backend::client_address`).
async fn remember_client(
    State(state): State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let client = sign_in::client_address(&state, req.headers(), sign_in::Connected::of(&req));
    req.extensions_mut().insert(app::backend::ClientAddress(client));
    next.run(req).await
}

async fn set_care_mode(Form(form): Form<CareModeForm>) -> impl IntoResponse {
    let back = form
        .back
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = care_mode::set_cookie_value(form.on == "1");
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::backend::store::Store;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
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
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}/t.db", dir.path().display()), 2)
            .await
            .unwrap();
        let leptos_options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(dir.path().display().to_string())
            .build();
        store.load_reference_divisions().await.unwrap();
        app::backend::institutions::demo::load_if_empty(&store, "2026-11-27T00:00:00Z")
            .await
            .unwrap();
        let (mut services, sms) = app::backend::testing::services(store.clone()).await;
        services.public_url = "https://sydj.example.cn".into();
        let state = AppState {
            leptos_options,
            services,
            client_ip_header: None,
        };
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

    #[tokio::test]
    async fn form_posts_need_the_page_token() {
        let (app, _store, _dir) = test_app().await;
        // A page hands out a token in a cookie and in its forms.
        let (_, headers, html) = send(&app, get("/signin")).await;
        let cookie = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.starts_with("__Host-csrf=") && cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly")
        );
        let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
        assert!(
            html.contains(&format!(r#"name="csrf" value="{token}""#)),
            "the form carries it"
        );

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

    #[tokio::test]
    async fn sign_in_over_the_api_with_a_proper_session_cookie() {
        let (app, _store, _dir, sms) = test_app_with_sms().await;
        let (status, headers, body) = send(&app, json_post("/api/v1/auth/codes", r#"{"phone":"138 1234 5678"}"#)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(sent["phone_masked"], "138****5678");
        let challenge = sent["challenge"].as_str().unwrap();

        // A second request at once: 429, Retry-After, in Chinese.
        let (status, headers, body) = send(&app, json_post("/api/v1/auth/codes", r#"{"phone":"13812345678"}"#)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait));
        assert!(
            body.contains(r#""code":"rate_limited""#) && body.contains("秒后"),
            "{body}"
        );

        let (status, headers, body) = send(
            &app,
            json_post(
                "/api/v1/auth/session",
                &format!(r#"{{"challenge":"{challenge}","code":"{}"}}"#, code_from(&sms)),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let cookie = headers[header::SET_COOKIE].to_str().unwrap().to_owned();
        for part in ["__Host-portal_session=", "Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        let pair = cookie.split(';').next().unwrap().to_owned();

        let me = Request::get("/api/v1/me")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send(&app, me).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, r#"{"phone_masked":"138****5678","identity":null}"#)
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");

        let out = Request::delete("/api/v1/auth/session")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .unwrap();
        let (status, headers, _) = send(&app, out).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
        let me = Request::get("/api/v1/me")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = send(&app, me).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("unauthenticated"));
    }

    #[tokio::test]
    async fn bad_phone_numbers_are_named_in_the_api_error() {
        let (app, _store, _dir) = test_app().await;
        let (status, _, body) = send(&app, json_post("/api/v1/auth/codes", r#"{"phone":"12345"}"#)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let e: app::api::ApiError = serde_json::from_str(&body).unwrap();
        assert_eq!(e.fields[0].field, "phone");
        assert!(e.fields[0].message.starts_with("手机号码"));
    }

    #[tokio::test]
    async fn cross_site_posts_are_refused() {
        let (app, _store, _dir) = test_app().await;
        let (status, _, body) = send(&app, form_post("/signin", "phone=13812345678", "cross-site")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("请求来源不正确"));
        let evil = Request::post("/api/v1/auth/codes")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(r#"{"phone":"13812345678"}"#))
            .unwrap();
        let (status, _, body) = send(&app, evil).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains(r#""code":"forbidden""#));
        let (status, _, _) = send(&app, form_post("/care-mode", "on=1", "same-site")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "same-site is not same-origin");
    }

    #[tokio::test]
    async fn the_sign_in_forms_work_without_javascript() {
        let (app, _store, _dir, sms) = test_app_with_sms().await;
        // A wrong number: the page again, the error at the top and at the field, the value kept.
        let (status, _, html) = send(
            &app,
            form_post("/signin", "phone=1381234&next=%2Fservices", "same-origin"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("error-summary") && html.contains("11位"), "{html}");
        assert!(html.contains(r#"value="1381234""#));
        assert!(html.contains("<title>错误：登录"));

        let (status, headers, _) = send(
            &app,
            form_post("/signin", "phone=13812345678&next=%2Fservices", "same-origin"),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let location = headers[header::LOCATION].to_str().unwrap().to_owned();
        assert!(
            location.starts_with("/signin/code?c=") && location.ends_with("&next=/services"),
            "{location}"
        );
        assert!(!location.contains("13812345678"), "no phone number in URLs");
        let challenge = location
            .split("c=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .to_owned();

        let (status, _, html) = send(&app, get(&location)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("138****5678") && !html.contains("13812345678"));

        let code = code_from(&sms);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let (_, _, html) = send(
            &app,
            form_post(
                "/signin/code",
                &format!("c={challenge}&code={wrong}&next=%2Fservices"),
                "same-origin",
            ),
        )
        .await;
        assert!(html.contains("还可以再试4次"), "{html}");

        let (status, headers, _) = send(
            &app,
            form_post(
                "/signin/code",
                &format!("c={challenge}&code={code}&next=%2Fservices"),
                "same-origin",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers[header::LOCATION], "/services");
        let pair = headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();

        let account = Request::get("/account")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .unwrap();
        let (_, headers, html) = send(&app, account).await;
        assert!(html.contains("138****5678") && html.contains("退出登录"));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");

        let out = form_post_with("/signout", "x=1", "same-origin", &format!("; {pair}"));
        let (status, headers, _) = send(&app, out).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
        let account = Request::get("/account")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .unwrap();
        assert!(send(&app, account).await.2.contains("您还没有登录"));
    }

    async fn staff_cookie(
        app: &Router,
        store: &Store,
        sms: &app::backend::notify::RecordingSms,
        institution: &str,
        username: &str,
        phone: &str,
    ) -> String {
        let (services, _) = app::backend::testing::services(store.clone()).await;
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
        headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    }

    #[tokio::test]
    async fn administrators_create_staff_accounts_only_in_their_divisions() {
        let (app, store, _dir, sms) = test_app_with_sms().await;
        let (services, _) = app::backend::testing::services(store.clone()).await;
        let phone = app::domain::phone::Phone::parse("13900003333").unwrap();
        let role = app::backend::auth::staff::StaffRole {
            province: false,
            admin: true,
        };
        services
            .auth
            .add_staff("cs.admin", "correct horse battery", &phone, "DEMO-430100", role, 1)
            .await
            .unwrap();
        let admin = sign_in_staff(&app, &sms, "cs.admin", &phone).await;
        let create = |cookie: &str, username: &str, institution: &str| {
            json_send(
                "POST",
                "/api/v1/staff/accounts",
                &format!(
                    r#"{{"username":"{username}","password":"correct horse battery","phone":"13900004444","institution_code":"{institution}"}}"#
                ),
                cookie,
            )
        };
        let (status, _, body) = send(&app, create(&admin, "yl.worker", "DEMO-430104901001")).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert!(
            body.contains(r#""scope":"430104901001""#) && body.contains(r#""is_admin":false"#),
            "{body}"
        );
        let (status, _, body) = send(&app, create(&admin, "zz.worker", "DEMO-430200")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "株洲 is outside 长沙: {body}");
        let (status, _, _) = send(&app, create(&admin, "yl.worker", "DEMO-430104")).await;
        assert_eq!(status, StatusCode::CONFLICT, "the username is taken");

        // The new account works, and cannot create accounts itself.
        let worker = sign_in_staff(
            &app,
            &sms,
            "yl.worker",
            &app::domain::phone::Phone::parse("13900004444").unwrap(),
        )
        .await;
        let (status, _, _) = send(&app, create(&worker, "yl.other", "DEMO-430104901001")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let audit = store.recent_audit(10).await.unwrap();
        assert!(audit
            .iter()
            .any(|(who, action, subject, _)| who == "cs.admin" && action == "create_staff" && subject == "yl.worker"));
    }

    fn csv_import(cookie: &str, csv: &str) -> Request<Body> {
        Request::post("/api/v1/institutions/import")
            .header(header::CONTENT_TYPE, "text/csv")
            .header(header::COOKIE, cookie)
            .body(Body::from(csv.to_owned()))
            .unwrap()
    }

    const CSV: &str = "机构编码,机构名称,层级,所属区划代码,办公地址,联系电话,经办项目\n\
        HN-430104,岳麓区公共就业服务中心,县市区,430104,岳麓某路1号,0731-88880000,失业登记\n\
        HN-433101,吉首市公共就业服务中心,县市区,433101,吉首某路1号,0743-88880000,失业登记\n";

    #[tokio::test]
    async fn prefecture_staff_import_within_their_divisions_and_it_is_audited() {
        let (app, store, _dir, sms) = test_app_with_sms().await;
        assert_eq!(send(&app, csv_import("", CSV)).await.0, StatusCode::UNAUTHORIZED);

        let cookie = staff_cookie(&app, &store, &sms, "DEMO-430100", "changsha.admin", "13600000001").await;
        assert!(cookie.starts_with("__Host-portal_staff="));
        let (status, _, body) = send(&app, csv_import(&cookie, CSV)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let report: app::api::institutions::ImportReport = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (report.rows, report.valid, report.applied),
            (2, 1, 0),
            "a bad row: nothing applied"
        );
        assert!(report.errors[0].message.contains("管辖范围"));

        let partial = Request::post("/api/v1/institutions/import?apply_valid_rows=true")
            .header(header::CONTENT_TYPE, "text/csv")
            .header(header::COOKIE, &cookie)
            .body(Body::from(CSV))
            .unwrap();
        let (_, _, body) = send(&app, partial).await;
        let report: app::api::institutions::ImportReport = serde_json::from_str(&body).unwrap();
        assert_eq!(report.applied, 1);
        assert_eq!(
            send(&app, get("/api/v1/institutions/HN-430104")).await.0,
            StatusCode::OK,
            "visible at once"
        );

        let audit = store.recent_audit(10).await.unwrap();
        assert_eq!(audit.len(), 2);
        assert_eq!(audit[0].0, "changsha.admin");
        assert_eq!(audit[0].1, "import_institutions");
        assert!(audit[0].2.contains("applied=1"));
    }

    #[tokio::test]
    async fn community_staff_cannot_import_the_list() {
        let (app, store, _dir, sms) = test_app_with_sms().await;
        let cookie = staff_cookie(
            &app,
            &store,
            &sms,
            "DEMO-430104901001",
            "community.worker",
            "13600000002",
        )
        .await;
        let (status, _, body) = send(&app, csv_import(&cookie, CSV)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("省级和市州级"), "{body}");
    }

    #[tokio::test]
    async fn staff_passwords_lock_after_five_failures_and_citizen_codes_open_nothing() {
        let (app, store, _dir, sms) = test_app_with_sms().await;
        let (services, _) = app::backend::testing::services(store.clone()).await;
        let p = app::domain::phone::Phone::parse("13600000003").unwrap();
        services
            .auth
            .add_staff(
                "county.staff",
                "correct horse battery",
                &p,
                "DEMO-430104",
                Default::default(),
                1,
            )
            .await
            .unwrap();
        for _ in 0..5 {
            let (status, _, body) = send(
                &app,
                json_post(
                    "/api/v1/staff/session",
                    r#"{"username":"county.staff","password":"wrong password!"}"#,
                ),
            )
            .await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert!(body.contains("用户名或密码不正确"));
        }
        let (status, headers, _) = send(
            &app,
            json_post(
                "/api/v1/staff/session",
                r#"{"username":"county.staff","password":"correct horse battery"}"#,
            ),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "locked even with the right password"
        );
        assert!(headers.contains_key(header::RETRY_AFTER));
        // The same answer for a username that does not exist.
        let (_, _, body) = send(
            &app,
            json_post("/api/v1/staff/session", r#"{"username":"nobody","password":"x"}"#),
        )
        .await;
        assert!(body.contains("用户名或密码不正确"));

        // A citizen's code cannot complete a staff sign-in.
        let (_, _, body) = send(&app, json_post("/api/v1/auth/codes", r#"{"phone":"13600000003"}"#)).await;
        let challenge = serde_json::from_str::<serde_json::Value>(&body).unwrap()["challenge"]
            .as_str()
            .unwrap()
            .to_owned();
        let code = code_sent_to(&sms, &p);
        let (status, _, _) = send(
            &app,
            json_post(
                "/api/v1/staff/session/code",
                &format!(r#"{{"challenge":"{challenge}","code":"{code}"}}"#),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn writes_are_limited_per_client_address() {
        let config =
            Config::from_lookup(|k| (k == "PORTAL_WRITES_PER_CLIENT_PER_MINUTE").then(|| "2".to_owned())).unwrap();
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

    fn json_send(method: &str, path: &str, body: &str, cookie: &str) -> Request<Body> {
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, cookie)
            .body(Body::from(body.to_owned()))
            .unwrap()
    }

    /// A whole registration form (JSON object), registering at a demo community of 岳麓区.
    fn full_answers(name: &str) -> String {
        serde_json::json!({
            "able_to_work": "1", "wants_work": "1", "without_work": "1", "drawing_pension": "0",
            "name": name, "phone": "13511112222",
            "household_division": "430104", "household_address": "岳麓区枫林小区", "household_kind": "10",
            "residence_division": "430104", "residence_address": "岳麓区枫林小区2栋",
            "ethnicity": "01", "education": "20", "health": "1",
            "reason": "10", "ended_year": "2026", "ended_month": "7", "ended_day": "1",
            "certificates": "", "difficulty": "", "job_1": "会计", "training_wish": "0", "business_wish": "0", "claim_benefit": "0",
            "place_kind": "residence", "office": "DEMO-430104901001"
        })
        .to_string()
    }

    #[tokio::test]
    async fn registration_over_the_api_once_per_key_then_decided_by_the_right_staff() {
        let (app, store, _dir, sms) = test_app_with_sms().await;
        let me = person_cookie(&app, &sms, "13577778888").await;
        let put = json_send(
            "PUT",
            "/api/v1/me/identity",
            r#"{"kind":"resident_id","number":"11010519491231002X"}"#,
            &me,
        );
        assert_eq!(send(&app, put).await.0, StatusCode::OK);

        // Wrong answers are saved and named, never refused wholesale.
        let bad = r#"{"answers":{"name":"王1","ethnicity":"99"}}"#;
        let (status, _, body) = send(&app, json_send("PUT", "/api/v1/me/registration/draft", bad, &me)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let view: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(view["next_step"], "eligibility");
        let unknown = r#"{"answers":{"salary":"1"}}"#;
        let (status, _, body) = send(&app, json_send("PUT", "/api/v1/me/registration/draft", unknown, &me)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("salary：没有这一项"), "{body}");

        let draft = format!(r#"{{"answers":{}}}"#, full_answers("王小明"));
        let (_, _, body) = send(&app, json_send("PUT", "/api/v1/me/registration/draft", &draft, &me)).await;
        assert!(body.contains(r#""next_step":"check""#), "{body}");
        let version = app::domain::registration::declaration::VERSION;
        let unsigned = format!(
            r#"{{"idempotency_key":"k1","declaration_accepted":true,"signature":"李四","declaration_version":"{version}"}}"#
        );
        let (status, _, body) = send(&app, json_send("POST", "/api/v1/me/registrations", &unsigned, &me)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body.contains(r#""field":"signature""#) && body.contains("签名"),
            "{body}"
        );

        let submit = format!(
            r#"{{"idempotency_key":"k1","declaration_accepted":true,"signature":"王小明","declaration_version":"{version}"}}"#
        );
        let (s1, _, first) = send(&app, json_send("POST", "/api/v1/me/registrations", &submit, &me)).await;
        let (s2, _, second) = send(&app, json_send("POST", "/api/v1/me/registrations", &submit, &me)).await;
        assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
        let reference = |b: &str| serde_json::from_str::<serde_json::Value>(b).unwrap()["reference"].clone();
        assert_eq!(reference(&first), reference(&second), "one registration per key");
        let other_key = submit.replace("\"k1\"", "\"k2\"");
        let (status, _, body) = send(&app, json_send("POST", "/api/v1/me/registrations", &other_key, &me)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("不能重复申请"), "{body}");
        let reference = reference(&first).as_str().unwrap().to_owned();

        // Staff next door see nothing; the community's staff decide.
        let elsewhere = staff_cookie(&app, &store, &sms, "DEMO-430104901002", "other", "13900001111").await;
        let here = staff_cookie(&app, &store, &sms, "DEMO-430104901001", "here", "13900002222").await;
        let list = |cookie: &str| {
            Request::get("/api/v1/staff/registrations?status=submitted")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap()
        };
        assert_eq!(send(&app, list(&elsewhere)).await.2, "[]");
        let (_, headers, body) = send(&app, list(&here)).await;
        assert!(
            body.contains(&reference) && body.contains("王*明") && !body.contains("王小明"),
            "{body}"
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        let decide = |cookie: &str, decision: &str| {
            json_send(
                "POST",
                &format!("/api/v1/staff/registrations/{reference}/decision"),
                &format!(r#"{{"decision":"{decision}"}}"#),
                cookie,
            )
        };
        assert_eq!(
            send(&app, decide(&elsewhere, "register")).await.0,
            StatusCode::NOT_FOUND
        );
        let (status, _, body) = send(&app, decide(&here, "register")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let mine = Request::get("/api/v1/me/registration")
            .header(header::COOKIE, &me)
            .body(Body::empty())
            .unwrap();
        let (_, _, body) = send(&app, mine).await;
        assert!(body.contains(r#""status":"registered""#), "{body}");

        // 311 over the API: staff next door cannot record; the worker reads and answers.
        let referral = format!(
            r#"{{"references":["{reference}"],"kind":"job_referral","given_on":"{}","channel":"phone",
                "content":{{"employer":"某某物流（示例）","position":"仓库管理员","contact":"0731-00000001"}}}}"#,
            app::backend::today_china().iso()
        );
        let record = |cookie: &str| json_send("POST", "/api/v1/staff/services", &referral, cookie);
        assert_eq!(send(&app, record(&elsewhere)).await.0, StatusCode::NOT_FOUND);
        let (status, _, body) = send(&app, record(&here)).await;
        assert_eq!((status, body.as_str()), (StatusCode::CREATED, r#"{"recorded":1}"#));
        let get_as = |path: &str, cookie: &str| {
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap()
        };
        let (_, _, body) = send(&app, get_as("/api/v1/me/services", &me)).await;
        let services: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(services["progress"][0]["given"], 1, "{body}");
        let id = services["records"][0]["id"].as_str().unwrap().to_owned();
        let answer = |json: &str| json_send("POST", &format!("/api/v1/me/services/{id}/answer"), json, &me);
        let (status, _, body) = send(&app, answer(r#"{"answer":"declined"}"#)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains(r#""field":"reason""#), "{body}");
        let (status, _, body) = send(&app, answer(r#"{"answer":"declined","reason":"health"}"#)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains(r#""good_reason":true"#), "{body}");
        let staff_view = format!("/api/v1/staff/registrations/{reference}/services");
        assert_eq!(
            send(&app, get_as(&staff_view, &elsewhere)).await.0,
            StatusCode::NOT_FOUND
        );
        let (status, _, body) = send(&app, get_as(&staff_view, &here)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains(r#""may_end_for":[]"#), "{body}");
        let end = json_send(
            "POST",
            &format!("/api/v1/staff/registrations/{reference}/end"),
            r#"{"reason":"8","verified":"电话核实"}"#,
            &here,
        );
        let (status, _, body) = send(&app, end).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let (_, _, body) = send(&app, get_as("/api/v1/me/notices", &me)).await;
        assert!(body.contains("您有新的就业服务：岗位推荐"), "{body}");
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
        headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    }

    #[tokio::test]
    async fn no_route_shows_one_persons_data_to_another() {
        let (app, _store, _dir, sms) = test_app_with_sms().await;
        let a = person_cookie(&app, &sms, "13511112222").await;
        let b = person_cookie(&app, &sms, "13533334444").await;
        let put = Request::put("/api/v1/me/identity")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &a)
            .body(Body::from(r#"{"kind":"resident_id","number":"11010519491231002X"}"#))
            .unwrap();
        assert_eq!(send(&app, put).await.0, StatusCode::OK);
        let draft = format!(r#"{{"answers":{}}}"#, full_answers("王小明"));
        let (status, _, body) = send(&app, json_send("PUT", "/api/v1/me/registration/draft", &draft, &a)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let submit = format!(
            r#"{{"idempotency_key":"a1","declaration_accepted":true,"signature":"王小明","declaration_version":"{}"}}"#,
            app::domain::registration::declaration::VERSION
        );
        let (status, _, body) = send(&app, json_send("POST", "/api/v1/me/registrations", &submit, &a)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let reference = serde_json::from_str::<serde_json::Value>(&body).unwrap()["reference"]
            .as_str()
            .unwrap()
            .to_owned();
        let a_marks = [
            "1351111",
            "135****2222",
            "1101**********002X",
            "11010519491231002X",
            "13511112222",
            "王小明",
            "枫林小区",
            reference.as_str(),
        ];

        // Every GET path the API documents (and the personal pages), with B's session.
        let (_, _, doc) = send(&app, get("/api/v1/openapi.json")).await;
        let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
        let mut paths: Vec<String> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, item)| item.get("get").is_some())
            .map(|(path, _)| path.replace("{code}", "DEMO-430104").replace("{reference}", &reference) + "?reason=x")
            .collect();
        paths.extend(
            [
                "/account",
                "/signin",
                "/register",
                "/register/name",
                "/register/contact",
                "/register/check",
                "/register/declaration",
                "/registration",
            ]
            .map(str::to_owned),
        );
        assert!(paths.contains(&"/api/v1/me?reason=x".to_owned()));
        assert!(paths.contains(&"/api/v1/me/registration?reason=x".to_owned()));
        for path in &paths {
            let req = Request::get(path.as_str())
                .header(header::COOKIE, &b)
                .body(Body::empty())
                .unwrap();
            let (_, _, body) = send(&app, req).await;
            for mark in a_marks {
                assert!(!body.contains(mark), "{path} shows A's {mark} to B");
            }
        }
        // B states A's document: refused without saying whose it is.
        let steal = Request::put("/api/v1/me/identity")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &b)
            .body(Body::from(r#"{"kind":"resident_id","number":"11010519491231002X"}"#))
            .unwrap();
        let (status, _, body) = send(&app, steal).await;
        assert_eq!(status, StatusCode::CONFLICT);
        for mark in a_marks {
            assert!(!body.contains(mark));
        }
    }

    #[tokio::test]
    async fn the_phone_is_changed_with_a_code_to_the_new_number() {
        let (app, _store, _dir, sms) = test_app_with_sms().await;
        let cookie = person_cookie(&app, &sms, "13555556666").await;
        let with_cookie = |req: Request<Body>| {
            let (mut parts, body) = req.into_parts();
            parts.headers.insert(header::COOKIE, cookie.parse().unwrap());
            Request::from_parts(parts, body)
        };
        let (status, _, body) = send(
            &app,
            with_cookie(json_post("/api/v1/me/phone/codes", r#"{"phone":"13577778888"}"#)),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let challenge = serde_json::from_str::<serde_json::Value>(&body).unwrap()["challenge"]
            .as_str()
            .unwrap()
            .to_owned();
        let new = app::domain::phone::Phone::parse("13577778888").unwrap();
        let code: String = sms
            .last_to(&new)
            .unwrap()
            .chars()
            .filter(char::is_ascii_digit)
            .take(6)
            .collect();
        let put = Request::put("/api/v1/me/phone")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(format!(r#"{{"challenge":"{challenge}","code":"{code}"}}"#)))
            .unwrap();
        let (status, _, body) = send(&app, with_cookie(put)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("135****8888"), "{body}");
        // Without a session nothing can be changed.
        let (status, _, _) = send(&app, json_post("/api/v1/me/phone/codes", r#"{"phone":"13577778888"}"#)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    #[tokio::test]
    async fn wechat_binds_once_after_a_phone_sign_in_then_signs_in_by_itself() {
        use app::backend::auth::provider::WeChat;
        let (_, store, dir, _) = test_app_with_sms().await;
        let base = app::backend::testing::fake_wechat().await;
        let (mut services, sms) = app::backend::testing::services(store.clone()).await;
        services.auth = services.auth.with_provider(std::sync::Arc::new(
            WeChat::new("wx123", "s3cret", "https://open.example", &base).unwrap(),
        ));
        services.public_url = "https://sydj.example.cn".into();
        let options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(dir.path().display().to_string())
            .build();
        let state = AppState {
            leptos_options: options,
            services: services.clone(),
            client_ip_header: None,
        };
        let app = build(state, &Config::from_lookup(|_| None).unwrap());

        // Out to WeChat with a state to come back with.
        let (status, headers, _) = send(&app, get("/signin/wechat")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let location = headers[header::LOCATION].to_str().unwrap().to_owned();
        assert!(location.starts_with("https://open.example/connect/oauth2/authorize?appid=wx123&redirect_uri=https%3A%2F%2Fsydj.example.cn%2Fsignin%2Fwechat%2Fcallback"), "{location}");
        let st8 = location
            .split("state=")
            .nth(1)
            .unwrap()
            .split('#')
            .next()
            .unwrap()
            .to_owned();
        let back = |cookies: String| {
            Request::get(format!("/signin/wechat/callback?code=good&state={st8}"))
                .header(header::COOKIE, cookies)
                .body(Body::empty())
                .unwrap()
        };

        // A wrong state, or a refused code: nothing.
        let forged = Request::get("/signin/wechat/callback?code=good&state=x")
            .header(header::COOKIE, format!("__Host-oauth_state={st8}"))
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, forged).await.0, StatusCode::BAD_REQUEST);
        // Unknown openid, nobody signed in: sign in by phone first.
        let (_, headers, _) = send(&app, back(format!("__Host-oauth_state={st8}"))).await;
        assert_eq!(headers[header::LOCATION], "/signin?next=/signin/wechat");
        // Signed in by phone: the openid is bound to this person.
        let person = person_cookie(&app, &sms, "13566667777").await;
        let (_, headers, _) = send(&app, back(format!("__Host-oauth_state={st8}; {person}"))).await;
        assert_eq!(headers[header::LOCATION], "/account");
        // From now on WeChat alone signs this person in.
        let (_, headers, _) = send(&app, back(format!("__Host-oauth_state={st8}"))).await;
        let session = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .find(|c| c.starts_with("__Host-portal_session="))
            .unwrap();
        let pair = session.split(';').next().unwrap();
        let me = Request::get("/api/v1/me")
            .header(header::COOKIE, pair)
            .body(Body::empty())
            .unwrap();
        assert!(send(&app, me).await.2.contains("135****7777"));
        assert_eq!(
            send(&app, get("/signin/unknown-provider")).await.0,
            StatusCode::NOT_FOUND
        );
    }
}
