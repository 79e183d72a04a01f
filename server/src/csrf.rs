//! Form tokens against cross-site request forgery (on top of the same-origin check in
//! `middleware`): every HTML page gets a random token in a `__Host-csrf` cookie (SameSite=Strict)
//! and in a hidden `csrf` field of its forms; a form post whose field differs from its cookie
//! is refused.

use app::api::ErrorCode;
use app::backend::crypto::random_token;
use app::ui::csrf::{CsrfToken, COOKIE, FIELD};
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

fn cookie_token(req: &Request) -> Option<String> {
    app::backend::auth::cookie::from_headers(req.headers(), COOKIE)
}

fn refused() -> Response {
    tracing::warn!("form post without a matching token refused");
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "页面已过期或请求来源不正确，请返回上一页刷新后重新提交。",
    )
        .into_response()
}

/// Larger form posts are refused before this anyway (the body limit); this bounds the copy.
const MAX_FORM_BYTES: usize = 64 * 1024;

pub async fn form_tokens(mut req: Request, next: Next) -> Response {
    let existing = cookie_token(&req);
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    // Server functions (`/fn/`, called by islands with fetch) are covered by the same-origin
    // check; no HTML form posts to them.
    let server_fn = req.uri().path().starts_with("/fn/");
    if req.method() == Method::POST && is_form && !server_fn {
        let Some(expected) = existing.clone() else {
            return refused();
        };
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge.message()).into_response();
        };
        let sent = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|fields| fields.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
        if sent.as_deref() != Some(expected.as_str()) {
            return refused();
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }
    let (token, new) = match existing {
        Some(t) => (t, false),
        None => (random_token(), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    // Only pages carry forms: JSON, files and redirects get no cookie.
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if new && html {
        let cookie = format!("{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
