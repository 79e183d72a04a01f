//! What wraps every response: security headers, cache rules, the API error shape for errors
//! raised outside the handlers (size limit, time-out, wrong method), request ids and tracing.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use app::api::{ApiError, ErrorCode};
use axum::body::Body;
use axum::extract::Request;
use axum::extract::State;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use leptos::nonce::Nonce;
use tower::{Service, ServiceBuilder};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::metrics::HttpMetrics;

/// For everything that is not an HTML page (JSON, files): nothing may run or be framed.
const STATIC_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// For HTML pages: our own files, the inline scripts that carry this response's nonce, and
/// compiling our wasm; with `wechat_js_sdk` (see `app::ui::wechat::loads_js_sdk`) WeChat's
/// JS-SDK too, from its one origin.
pub fn page_csp(nonce: &Nonce, wechat_js_sdk: bool) -> String {
    let sdk = if wechat_js_sdk {
        format!(" {}", app::ui::wechat::JS_SDK_ORIGIN)
    } else {
        String::new()
    };
    format!(
        "default-src 'self'; script-src 'self'{sdk} 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The layers around the router's own (`routes::build`), as one service that the process
/// serves. `wechat_configured`: whether the portal has an official account to sign WeChat's
/// JS-SDK (`Backend::wechat_configured`), which pages opened inside WeChat then load.
///
/// They wrap the router once, not each route: `Router::layer` boxes every layer around every
/// route, and each box clones the whole chain below it on every request (a dozen layers made
/// about a hundred allocations per request; wrapping once took the form definition from
/// 30,400 to 37,600 req/s under the profiler).
pub fn wrap<S>(
    inner: S,
    request_timeout: Duration,
    public_url: &str,
    wechat_configured: bool,
    http_metrics: HttpMetrics,
) -> Router
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
    let public_origin: Arc<str> = origin_of(public_url).into();
    let x_request_id = HeaderName::from_static("x-request-id");

    // Outermost first.
    let stack = ServiceBuilder::new()
        // Every request is counted and timed, whatever layer answers it.
        .layer(axum::middleware::from_fn_with_state(
            http_metrics,
            crate::metrics::record,
        ))
        .layer(SetRequestIdLayer::new(x_request_id.clone(), MakeRequestUuid))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req
                .extensions()
                .get::<RequestId>()
                .and_then(|id| id.header_value().to_str().ok())
                .unwrap_or("-");
            // The path only: query strings may carry personal data.
            tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
        }))
        .layer(PropagateRequestIdLayer::new(x_request_id))
        .layer(axum::middleware::from_fn_with_state(
            wechat_configured,
            response_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(public_origin, same_origin_writes))
        .layer(axum::middleware::from_fn(crate::csrf::form_tokens))
        .layer(axum::middleware::from_fn(api_error_shape))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .service(inner);
    Router::new().fallback_service(stack)
}

/// Errors produced by layers and the router itself (413, 408, 405) carry no body; under
/// `/api/` they are given the one API error shape.
async fn api_error_shape(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    let has_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !is_api || has_json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::REQUEST_TIMEOUT => ErrorCode::Timeout,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::ServiceUnavailable,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        s if s.is_client_error() => ErrorCode::InvalidInput,
        _ => ErrorCode::Internal,
    };
    let mut shaped = (status, Json(ApiError::new(code))).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = res.headers().get(&name) {
            shaped.headers_mut().insert(name, v.clone());
        }
    }
    shaped
}

/// Hashed asset names never change content, so a successful answer may be kept for a year.
pub async fn cache_forever_if_ok(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res.status() == StatusCode::OK {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    res
}

/// The headers every response carries, set in one place (one layer per header cost more
/// than the rest of a kept page's answer):
/// - a Content-Security-Policy: HTML pages the one naming this request's nonce (which the page
///   render puts on its hydration script, see `routes::page_context`) and, for a page opened
///   inside WeChat, WeChat's JS-SDK, which the page then loads (the request's User-Agent and
///   the configuration decide both, so a page kept by `page_cache` gets the right one too);
///   everything else the one that allows nothing; a response that set its own keeps it;
/// - cache rules: pages and answers that may show personal data are never stored by a browser
///   or a proxy (everything but hashed assets for a signed-in request, and the sign-in pages and
///   API); other HTML
///   and API answers are revalidated every time; hashed assets set their own;
/// - no sniffing, no framing (X-Frame-Options for older in-app browsers that ignore
///   frame-ancestors), the referrer kept on the site, and only our own pages may locate.
async fn response_headers(State(wechat_configured): State<bool>, mut req: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let personal = carries_personal_data(&req);
    let wechat_js_sdk = app::ui::wechat::loads_js_sdk(req.headers(), wechat_configured);
    let mut res = next.run(req).await;
    let not_modified = res.status() == StatusCode::NOT_MODIFIED;
    let headers = res.headers_mut();
    // Hashed assets hold nothing personal, whoever fetches them: kept for a year.
    let immutable = headers.get(header::CACHE_CONTROL).is_some_and(|v| v == IMMUTABLE);
    if personal && !immutable {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("geolocation=(self), camera=(), microphone=(), payment=()"),
    );
    // A 304 keeps the headers the browser stored with the page (its CSP names that page's
    // nonce); see `page_cache`.
    if headers.contains_key(header::CONTENT_SECURITY_POLICY) || not_modified {
        return res;
    }
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let policy = if html {
        HeaderValue::from_str(&page_csp(&nonce, wechat_js_sdk)).ok()
    } else {
        Some(HeaderValue::from_static(STATIC_CSP))
    };
    if let Some(value) = policy {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    res
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..].find('/').map_or(url.len(), |i| after_scheme + i);
    url[..end].to_ascii_lowercase()
}

/// Cross-site request forgery: a state-changing request from a browser must come from this
/// site (Sec-Fetch-Site, or failing that Origin). Requests without either header come from
/// programs, not from a browser page, and carry no browser cookies' authority by accident.
async fn same_origin_writes(State(public_origin): State<Arc<str>>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    let allowed = match (text("sec-fetch-site"), text("origin")) {
        (Some(site), _) => site == "same-origin" || site == "none",
        (None, Some(origin)) => {
            let host = text("host").unwrap_or_default();
            origin == *public_origin || origin == format!("http://{host}") || origin == format!("https://{host}")
        }
        (None, None) => true,
    };
    if allowed {
        return next.run(req).await;
    }
    tracing::warn!(path = req.uri().path(), "cross-site write refused");
    if req.uri().path().starts_with("/api/") {
        (StatusCode::FORBIDDEN, Json(ApiError::new(ErrorCode::Forbidden))).into_response()
    } else {
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            ErrorCode::Forbidden.message(),
        )
            .into_response()
    }
}

/// Whether the answer may show personal data: anything for a signed-in request, and the
/// sign-in pages and API.
fn carries_personal_data(req: &Request) -> bool {
    let path = req.uri().path();
    [
        "/signin",
        "/account",
        "/register",
        "/registration",
        "/api/v1/auth",
        "/api/v1/me",
        "/api/v1/staff",
    ]
    .iter()
    .any(|p| path.starts_with(p))
        || req
            .headers()
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| app::backend::auth::cookie::session_token(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_page_with_the_js_sdk_lets_its_origin_run_scripts() {
        let nonce = Nonce::new();
        assert!(!page_csp(&nonce, false).contains("res.wx.qq.com"));
        let csp = page_csp(&nonce, true);
        let allowing: Vec<&str> = csp.split(';').filter(|d| d.contains("res.wx.qq.com")).collect();
        assert_eq!(allowing.len(), 1, "{csp}");
        assert!(
            allowing[0]
                .trim_start()
                .starts_with("script-src 'self' https://res.wx.qq.com 'nonce-"),
            "{csp}"
        );
    }
}
