//! Rendering a page from a handler, e.g. a form posted with errors shown again with the
//! values kept. The page reads `state` from context.

use app::backend::clock::Now;
use app::ui::csrf;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use crate::routes::page_context;
use crate::state::AppState;

/// A service error as the problems a page names: each field's (prefixed with the id of the card
/// it is on, when a page has several forms), or one line for the whole form. A service
/// record's `content.x` is the page's input `x`.
pub fn problems_of(e: app::backend::Error, prefix: &str) -> Vec<(String, String)> {
    match e {
        app::backend::Error::Invalid(fields) => fields
            .into_iter()
            .map(|f| (format!("{prefix}{}", f.field.trim_start_matches("content.")), f.message))
            .collect(),
        other => vec![("error-summary".to_owned(), other.status_and_body().1.message)],
    }
}

/// Renders `path` for the request being answered: its headers, its instant and its client
/// address, with `page_state` in context.
pub async fn render_page<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    headers: &HeaderMap,
    now: Now,
    path: &str,
    page_state: T,
) -> Response {
    let options = state.leptos_options.clone();
    // This page's own nonce, named in the CSP set below.
    let nonce = leptos::nonce::Nonce::new();
    let base = page_context(state.services.clone());
    let render = leptos_axum::render_app_async_with_context(
        move || {
            base();
            provide_context(page_state.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut request = Request::get(path).extension(nonce.clone()).extension(now);
    // The forms on the page carry the same token as the page that was posted.
    let token = app::backend::auth::cookie::from_headers(headers, csrf::COOKIE);
    if let Some(token) = token {
        request = request.extension(csrf::CsrfToken(token));
    }
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE, header::USER_AGENT] {
        if let Some(v) = headers.get(&name) {
            request = request.header(name, v);
        }
    }
    match request.body(Body::empty()) {
        Ok(req) => {
            let mut res = render(req).await.into_response();
            if let Ok(v) = header::HeaderValue::from_str(&crate::middleware::page_csp(&nonce)) {
                res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
            }
            res
        }
        Err(_) => app::backend::Error::Internal(format!("bad render path {path}")).into_response(),
    }
}
