//! Signing in through another identity provider (WeChat web authorisation): the redirect out
//! with a one-time `state`, and the way back.

use app::backend::auth::{cookie, ProviderOutcome, Session};
use app::backend::clock::Now;
use app::backend::crypto::random_token;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::state::AppState;

const STATE_COOKIE: &str = "__Host-oauth_state";

fn failed() -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "授权没有完成，请返回重试，或用手机号码登录。",
    )
        .into_response()
}

/// `GET /signin/{provider}`: off to the provider, remembering a one-time state.
pub async fn start(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let Some(provider) = state.services.auth.provider(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let nonce = random_token();
    let back = format!("{}/signin/{name}/callback", state.services.public_url);
    let cookie = format!("{STATE_COOKIE}={nonce}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600");
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to(&provider.authorize_url(&back, &nonce)),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
}

/// `GET /signin/{provider}/callback`: the provider's answer.
pub async fn callback(
    State(state): State<AppState>,
    now: Now,
    Path(name): Path<String>,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Response {
    let auth = &state.services.auth;
    let Some(provider) = auth.provider(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let expected = cookie::from_headers(&headers, STATE_COOKIE);
    let (Some(code), Some(sent), Some(expected)) = (q.code, q.state, expected) else {
        return failed();
    };
    if sent != expected {
        return failed();
    }
    let subject = match provider.exchange(&code).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(provider = %name, error = %e, "identity provider refused");
            return failed();
        }
    };
    let now = now.unix();
    let current: Option<Session> = match cookie::from_headers(&headers, cookie::SESSION_COOKIE) {
        Some(token) => auth.session(&token, now).await.ok().flatten(),
        None => None,
    };
    let clear_state = format!("{STATE_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
    match auth
        .sign_in_with(provider.name(), &subject, current.as_ref(), now)
        .await
    {
        Ok(ProviderOutcome::SignedIn { token }) => {
            let session = cookie::set_session(&token, auth.config.session_absolute_secs);
            // Both cookies: an array of pairs would keep only the last one.
            let cookies = AppendHeaders([(header::SET_COOKIE, session), (header::SET_COOKIE, clear_state)]);
            (cookies, Redirect::to("/account")).into_response()
        }
        Ok(ProviderOutcome::Bound) => ([(header::SET_COOKIE, clear_state)], Redirect::to("/account")).into_response(),
        Ok(ProviderOutcome::NeedsPhone) => (
            [(header::SET_COOKIE, clear_state)],
            Redirect::to(&format!("/signin?next=/signin/{name}")),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
