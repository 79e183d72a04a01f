//! A coarse limit on state-changing requests per client address (every POST, PUT, PATCH and
//! DELETE), against scripted abuse. Counted per app server in memory; the sign-in limits that
//! matter most are counted in the database (see `app::backend::auth`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::api::{ApiError, ErrorCode};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use app::backend::clock::Now;
use app::backend::ClientAddress;

#[derive(Clone)]
pub struct WriteLimiter {
    per_minute: u32,
    windows: Arc<Mutex<HashMap<String, (i64, u32)>>>,
}

impl WriteLimiter {
    pub fn new(per_minute: u32) -> WriteLimiter {
        WriteLimiter {
            per_minute,
            windows: Arc::default(),
        }
    }

    /// Counts a write by `client` at `now` (Unix seconds); `Err(seconds to wait)` over the limit.
    pub fn check(&self, client: &str, now: i64) -> Result<(), i64> {
        let minute = now / 60;
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (m, _)| *m == minute);
        }
        let entry = windows.entry(client.to_owned()).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_minute {
            Err(60 - now % 60)
        } else {
            Ok(())
        }
    }
}

pub async fn limit_writes(State(limiter): State<WriteLimiter>, req: Request, next: Next) -> Response {
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
    let Err(wait) = limiter.check(client, now.unix()) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_client_per_minute() {
        let limiter = WriteLimiter::new(3);
        let t = 1_800_000_020;
        for _ in 0..3 {
            assert!(limiter.check("a", t).is_ok());
        }
        assert_eq!(limiter.check("a", t + 1), Err(39));
        assert!(limiter.check("b", t + 1).is_ok(), "another client");
        assert!(limiter.check("a", t + 40).is_ok(), "the next minute");
    }
}
