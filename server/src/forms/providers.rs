//! Signing in through another identity provider (WeChat web authorisation): the redirect out
//! with a one-time `state`, and the way back.

use app::backend::auth::provider::IdentityProvider;
use app::backend::auth::{cookie, ProviderOutcome};
use app::backend::clock::Now;
use app::backend::crypto::random_token;
use app::backend::Error;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::extract::{Person, ProviderState};
use crate::state::AppState;

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
    let Some(provider) = state.backend.auth.provider(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let nonce = random_token();
    let back = format!("{}/signin/{name}/callback", state.backend.public_url);
    let to = Redirect::to(&provider.authorize_url(&back, &nonce));
    ([(header::SET_COOKIE, ProviderState::set(&nonce))], to).into_response()
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
}

/// `GET /signin/{provider}/callback`: the provider's answer. A person already signed in binds
/// the provider to their account.
pub async fn callback(
    State(state): State<AppState>,
    now: Now,
    Path(name): Path<String>,
    ProviderState(expected): ProviderState,
    current: Result<Person, Error>,
    Query(q): Query<Callback>,
) -> Response {
    let auth = &state.backend.auth;
    let Some(provider) = auth.provider(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(subject) = subject(provider.as_ref(), &name, q, expected).await else {
        return failed();
    };
    let current = current.ok().map(|Person(session)| session);
    match auth
        .sign_in_with(provider.name(), &subject, current.as_ref(), now.unix())
        .await
    {
        Ok(outcome) => signed_in(outcome, &name, auth.config.session_absolute_secs),
        Err(e) => e.into_response(),
    }
}

/// The provider's id of the person, when the answer carries the state sent out and the
/// provider accepts its code.
async fn subject(provider: &dyn IdentityProvider, name: &str, q: Callback, expected: Option<String>) -> Option<String> {
    let (Some(code), Some(sent), Some(expected)) = (q.code, q.state, expected) else {
        return None;
    };
    if sent != expected {
        return None;
    }
    provider
        .exchange(&code)
        .await
        .map_err(|e| tracing::warn!(provider = %name, error = %e, "identity provider refused"))
        .ok()
}

/// Where a provider sign-in leads, the state cookie cleared.
fn signed_in(outcome: ProviderOutcome, name: &str, session_secs: i64) -> Response {
    let clear_state = ProviderState::clear();
    match outcome {
        ProviderOutcome::SignedIn { token } => {
            let session = cookie::set_session(&token, session_secs);
            // Both cookies: an array of pairs would keep only the last one.
            let cookies = AppendHeaders([(header::SET_COOKIE, session), (header::SET_COOKIE, clear_state)]);
            (cookies, Redirect::to("/account")).into_response()
        }
        ProviderOutcome::Bound => ([(header::SET_COOKIE, clear_state)], Redirect::to("/account")).into_response(),
        ProviderOutcome::NeedsPhone => (
            [(header::SET_COOKIE, clear_state)],
            Redirect::to(&format!("/signin?next=/signin/{name}")),
        )
            .into_response(),
    }
}
