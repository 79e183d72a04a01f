//! The per-client write limit as HTTP: 429 with `Retry-After` in the API's shape or in words.
//! What is counted and where: `app::backend::limits`.

use app::api::{ApiError, ErrorCode};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use app::backend::clock::Now;
use app::backend::limits::WriteLimits;
use app::backend::ClientAddress;

pub async fn limit_writes(State(limits): State<WriteLimits>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // Both stamped by `routes::stamp_request`, which runs before this.
    let now = match Now::stamped_on(req.extensions()) {
        Ok(now) => now,
        Err(e) => return e.into_response(),
    };
    let Some(ClientAddress(client)) = req.extensions().get() else {
        return app::backend::Error::Internal("the request carries no client address".into()).into_response();
    };
    let Err(wait) = limits.check(client, now.unix()).await else {
        return next.run(req).await;
    };
    tracing::warn!(path = req.uri().path(), "write rate limit reached");
    let message = format!("操作过于频繁，请{wait}秒后再试");
    let mut res = if req.uri().path().starts_with("/api/") {
        (
            StatusCode::TOO_MANY_REQUESTS,
            Json(ApiError {
                message,
                ..ApiError::new(ErrorCode::RateLimited)
            }),
        )
            .into_response()
    } else {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response()
    };
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
    res
}
