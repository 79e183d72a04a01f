//! Pages rendered by the server outside Leptos' own routes: a form posted with problems shown
//! again with the values kept (`again`, the one way every failed form post goes back), the
//! context every render gets, and an institution's printable QR code.

use app::api::FieldError;
use app::backend::institutions::qr;
use app::backend::{Backend, Error};
use app::pages::{FormValues, PostedForm};
use app::ui::{csrf, wechat};
use app::web::percent_encode;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, Request};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};

use crate::extract::PageRequest;
use crate::state::AppState;

/// Runs inside every page render and server function: the backend, and this request's
/// nonce (made by `middleware::response_headers`, which names it in the page's CSP) for Leptos
/// to put on its hydration script.
pub fn page_context(backend: Backend) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(backend.clone());
        let nonce = use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<Nonce>().cloned());
        if let Some(nonce) = nonce {
            provide_context(nonce);
        }
    }
}

/// A failed form post: the page at `path` again with each problem named and the `values`
/// sent, or, when the session has ended, off to sign in and back to `path`.
pub async fn again(page: &PageRequest, e: Error, path: &str, values: FormValues) -> Response {
    if matches!(e, Error::Unauthenticated) {
        return sign_in_first(path);
    }
    let posted = PostedForm {
        problems: problems_of(e),
        values,
    };
    render_page(page, path, posted).await
}

/// To the sign-in page (the staff one for staff pages), then back to `path`.
pub fn sign_in_first(path: &str) -> Response {
    if path.starts_with("/staff") {
        return Redirect::to("/staff/signin").into_response();
    }
    Redirect::to(&format!("/signin?next={}", percent_encode(path))).into_response()
}

/// An error as the problems a page names: each field's (a service record's `content.x` is the
/// page's input `x`), or one line for the whole form.
fn problems_of(e: Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(fields) => fields.into_iter().map(|f| (input_id(&f.field), f.message)).collect(),
        other => vec![("error-summary".to_owned(), other.user_message())],
    }
}

fn input_id(field: &str) -> String {
    field.trim_start_matches("content.").to_owned()
}

/// The error with its fields named on one card of a page with several forms: each card's
/// inputs carry the card's id, so the summary links to the right one.
pub fn on_card(e: Error, card: &str) -> Error {
    match e {
        Error::Invalid(fields) => Error::Invalid(
            fields
                .into_iter()
                .map(|f| FieldError {
                    field: format!("{card}-{}", input_id(&f.field)),
                    message: f.message,
                })
                .collect(),
        ),
        other => other,
    }
}

/// The error with every problem at one of a form's `inputs`: the one the service named, else
/// the first (on a small form what went wrong belongs next to what is typed again).
pub fn at_inputs(e: Error, inputs: &[&str]) -> Error {
    let first = inputs.first().copied().unwrap_or("error-summary");
    let at = |field: String| {
        if inputs.contains(&field.as_str()) {
            field
        } else {
            first.to_owned()
        }
    };
    match e {
        Error::Unauthenticated => e,
        Error::Invalid(fields) => Error::Invalid(
            fields
                .into_iter()
                .map(|f| FieldError {
                    field: at(f.field),
                    message: f.message,
                })
                .collect(),
        ),
        other => Error::Invalid(vec![FieldError {
            field: first.to_owned(),
            message: other.user_message(),
        }]),
    }
}

/// Renders `path` for the request being answered: its headers, its instant and its client
/// address, with `page_state` in context.
pub async fn render_page<T: Clone + Send + Sync + 'static>(page: &PageRequest, path: &str, page_state: T) -> Response {
    let options = page.state.leptos_options.clone();
    // This page's own nonce, named in the CSP set below.
    let nonce = Nonce::new();
    let base = page_context(page.state.backend.clone());
    let render = leptos_axum::render_app_async_with_context(
        move || {
            base();
            provide_context(page_state.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut request = Request::get(path).extension(nonce.clone()).extension(page.now);
    // The forms on the page carry the same token as the page that was posted.
    let token = app::backend::auth::cookie::from_headers(&page.headers, csrf::COOKIE);
    if let Some(token) = token {
        request = request.extension(csrf::CsrfToken(token));
    }
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE, header::USER_AGENT] {
        if let Some(v) = page.headers.get(&name) {
            request = request.header(name, v);
        }
    }
    match request.body(Body::empty()) {
        Ok(req) => {
            let mut res = render(req).await.into_response();
            let wechat_js_sdk = wechat::loads_js_sdk(&page.headers, page.state.backend.wechat_configured());
            if let Ok(v) = header::HeaderValue::from_str(&crate::middleware::page_csp(&nonce, wechat_js_sdk)) {
                res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
            }
            res
        }
        Err(_) => Error::Internal(format!("bad render path {path}")).into_response(),
    }
}

/// The printable QR code of an institution: it opens `/i/{code}` on the public address.
pub async fn institution_qr(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, Error> {
    let svg = qr::qr_svg(&qr_address(&state, &code).await?)?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg))
}

/// The same QR code as a PNG, for the pages opened inside WeChat (see `qr::qr_png`).
pub async fn institution_qr_png(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, Error> {
    let png = qr::qr_png(&qr_address(&state, &code).await?)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], png))
}

/// The address an institution's QR code holds; `NotFound` for an unknown code.
async fn qr_address(state: &AppState, code: &str) -> Result<String, Error> {
    let institution = state.backend.directory.get(code).await?;
    Ok(qr::institution_url(&state.backend.public_url, &institution.code))
}
