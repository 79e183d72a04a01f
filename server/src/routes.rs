//! The whole HTTP surface: pages (rendered by Leptos), `/api/v1`, probes, static files.

use app::backend::institutions::qr;
use app::backend::Error;
use app::ui::care_mode;
use app::{shell, App};
use axum::extract::{Path, State};
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Form, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes, ResponseOptions};
use serde::Deserialize;
use tower_http::services::ServeDir;

use crate::config::Config;
use crate::state::AppState;
use crate::{api, middleware};

pub fn build(state: AppState, config: &Config) -> Router {
    let options = state.leptos_options.clone();
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let mut pkg = Router::new().fallback_service(
        ServeDir::new(pkg_dir)
            .precompressed_br()
            .precompressed_gzip(),
    );
    if options.hash_files {
        pkg = pkg.layer(axum::middleware::from_fn(middleware::cache_forever_if_ok));
    }

    // Runs inside every page render and server function.
    let context = {
        let services = state.services.clone();
        move || {
            provide_context(services.clone());
            // A page's CSP names the nonce Leptos put on its hydration script.
            if let (Some(nonce), Some(res)) =
                (leptos::nonce::use_nonce(), use_context::<ResponseOptions>())
            {
                if let Ok(value) = HeaderValue::from_str(&middleware::page_csp(&nonce)) {
                    res.insert_header(header::CONTENT_SECURITY_POLICY, value);
                }
            }
        }
    };

    let app = Router::new()
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(api::router())
        .route(care_mode::FORM_ACTION, post(set_care_mode))
        .route("/i/{code}/qr.svg", get(institution_qr))
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        // Public files (favicon, …) and the Chinese 404 page for everything else.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .with_state(state);
    middleware::wrap(app, config.request_timeout, config.body_limit)
}

/// The printable QR code of an institution: it opens `/i/{code}` on the public address.
async fn institution_qr(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, Error> {
    let institution = state.services.directory.get(&code).await?;
    let svg = qr::qr_svg(&qr::institution_url(
        &state.services.public_url,
        &institution.code,
    ))?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg))
}

#[derive(Deserialize)]
struct CareModeForm {
    on: String,
    back: Option<String>,
}

/// The care-mode switch without JavaScript: store the choice, go back to the page.
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
    use app::backend::institutions::Directory;
    use app::backend::store::Store;
    use app::backend::Services;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use http_body_util::BodyExt;
    use leptos::config::LeptosOptions;
    use tower::ServiceExt;

    async fn test_app() -> (Router, Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}/t.db", dir.path().display()), 2)
            .await
            .unwrap();
        let config = Config::from_lookup(|_| None).unwrap();
        let leptos_options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(dir.path().display().to_string())
            .build();
        store.load_reference_divisions().await.unwrap();
        app::backend::institutions::demo::load_if_empty(&store, "2026-11-27T00:00:00Z")
            .await
            .unwrap();
        let services = Services {
            directory: Directory::load(store.clone()).await.unwrap(),
            store: store.clone(),
            public_url: "https://sydj.example.cn".into(),
        };
        let state = AppState {
            leptos_options,
            services,
        };
        (build(state, &config), store, dir)
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
            let req = Request::post("/care-mode")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "on=1&back={}",
                    back.replace('/', "%2F").replace(':', "%3A")
                )))
                .unwrap();
            let (status, headers, _) = send(&app, req).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{back}");
            assert_eq!(headers[header::LOCATION], expected, "{back}");
            assert!(headers[header::SET_COOKIE]
                .to_str()
                .unwrap()
                .starts_with("care=1;"));
        }
    }
}
