//! The whole HTTP surface wired together: pages (rendered by Leptos), their form posts,
//! `/api/v1`, probes, static files, and the layers around them.

use app::ui::care_mode;
use app::{shell, App};
use axum::routing::{get, post};
use axum::Router;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;
use tower::util::MapRequestLayer;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;

use crate::config::{Config, VerifyFile};
use crate::forms::{providers, register, service_311, sign_in, staff, staff_applications, staff_assist, staff_endings};
use crate::page_cache::{self, PageCache};
use crate::pages::{institution_qr, institution_qr_png, page_context};
use crate::rate_limit::limit_writes;
use crate::state::AppState;
use crate::{api, forms, metrics, middleware};

/// The page routes, listed once per process. Listing runs the app with resource loading
/// switched off by a process-wide flag in leptos_server, so a second listing while another
/// router is serving would leave that router's pages waiting forever (leptos#4773; seen as
/// 30-second hangs when tests build routers side by side).
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build(state: AppState, config: &Config) -> Router {
    let options = state.leptos_options.clone();
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let mut pkg = Router::new().fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());
    if options.hash_files {
        pkg = pkg.layer(axum::middleware::from_fn(middleware::cache_forever_if_ok));
    }

    let context = page_context(state.backend.clone());
    let wechat_configured = state.backend.wechat_configured();
    let (exposition, http_metrics) = metrics::Exposition::new(
        state.backend.clone(),
        config.metrics_allow.clone(),
        &format!("/{}", options.site_pkg_dir),
    );

    let app = Router::new()
        .leptos_routes_with_context(&state, page_routes(), context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(api::router())
        .merge(wechat_verify_file(config.wechat_verify_file.as_ref()))
        .route(care_mode::FORM_ACTION, post(forms::care_mode::set_care_mode))
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
        .route("/services/{id}/answer", post(service_311::answer))
        .route("/staff/signin", post(staff::sign_in))
        .route("/staff/signin/code", post(staff::sign_in_code))
        .route("/staff/signout", post(staff::sign_out))
        .route("/staff/record", post(staff::record))
        .route("/staff/assist", post(staff_assist::start))
        .route("/staff/assist/code", post(staff_assist::code))
        .route("/staff/assist/end", post(staff_assist::end))
        .route("/staff/services/{id}/follow-up", post(staff::follow_up))
        .route("/staff/services/{id}/answer", post(staff::answer))
        .route("/staff/people/{reference}/end", post(staff_endings::end))
        .route("/staff/people/{reference}/end/confirm", post(staff_endings::confirm))
        .route("/staff/people/{reference}/end/withdraw", post(staff_endings::withdraw))
        .route("/staff/people/{reference}/check", post(staff::check))
        .route(
            "/staff/applications/{reference}/decision",
            post(staff_applications::decide),
        )
        .route(
            "/staff/applications/{reference}/transfer",
            post(staff_applications::transfer),
        )
        .route("/i/{code}/qr.svg", get(institution_qr))
        .route("/i/{code}/qr.png", get(institution_qr_png))
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        // Public files (favicon, …) and the Chinese 404 page for everything else.
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .route("/metrics", get(metrics::scrape).with_state(exposition))
        .with_state(state.clone())
        // The one layer inside the router, where the matched route is known.
        .layer(axum::middleware::from_fn(metrics::note_route));
    // Outermost first; `middleware::wrap` puts the layers every response shares around these.
    let inner = ServiceBuilder::new()
        .layer(axum::middleware::from_fn_with_state(
            PageCache::new(state.backend.clone()),
            page_cache::public_pages,
        ))
        .layer(MapRequestLayer::new({
            let state = state.clone();
            move |req| stamp_request(&state, req)
        }))
        .layer(axum::middleware::from_fn_with_state(
            state.backend.write_limits(config.writes_per_minute),
            limit_writes,
        ))
        // Innermost: the router takes the limited body as it is (the layers above want axum's).
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .service(app);
    middleware::wrap(
        inner,
        config.request_timeout,
        &config.public_url,
        wechat_configured,
        http_metrics,
    )
}

/// The file WeChat fetches from the site's root to check the official account's domain
/// (PORTAL_WECHAT_VERIFY_FILE), as text; any other `MP_verify_…` falls to the 404 page.
fn wechat_verify_file(file: Option<&VerifyFile>) -> Router<AppState> {
    let Some(file) = file else {
        return Router::new();
    };
    let body = file.body.clone();
    Router::new().route(&format!("/{}", file.name), get(move || async move { body }))
}

/// Stamps the request with its instant (the one clock read of the request) and the client's
/// address, where handlers (`Now`, `ClientAddress` extractors) and page renders find them.
fn stamp_request(state: &AppState, mut req: axum::extract::Request) -> axum::extract::Request {
    let client = state.client_ip.of(&req);
    req.extensions_mut().insert(app::backend::ClientAddress(client));
    req.extensions_mut().insert(state.backend.clock.now());
    req
}

#[cfg(test)]
mod tests;
