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
use crate::rate_limit::limit_writes;
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
            state.services.write_limits(config.writes_per_minute),
            limit_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), stamp_request))
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
/// Stamps the request with its instant (the one clock read of the request) and the client's
/// address, where handlers (`Now`, `ClientAddress` extractors) and page renders find them.
async fn stamp_request(
    State(state): State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let client = state.client_ip.of(&req);
    req.extensions_mut().insert(app::backend::ClientAddress(client));
    req.extensions_mut().insert(state.services.clock.now());
    next.run(req).await
}

async fn set_care_mode(State(state): State<AppState>, Form(form): Form<CareModeForm>) -> impl IntoResponse {
    let back = form
        .back
        .and_then(|p| crate::redirect::local_path(&state.services.public_url, &p))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = care_mode::set_cookie_value(form.on == "1");
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back))
}

#[cfg(test)]
mod tests;
