//! Sign-in over HTTP: the JSON API (`/api/v1/auth/*`, `/api/v1/me`) and the plain form posts
//! of the sign-in pages. Both call the same `Auth` service.

use app::api::auth::{
    CodeFormState, CodeRequest, CodeSentAnswer, IdentityFormState, IdentityRequest, Me, PhoneFormState, SessionRequest,
};
use app::api::{ApiError, FieldError};
use app::backend::auth::cookie;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use app::domain::phone::Phone;
use app::web::percent_encode;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::Deserialize;

use crate::extract::{session_of, session_token, ApiJson, Person};
use crate::redirect::after_sign_in;
use crate::render::render_page;
use crate::state::AppState;

fn phone_error(message: &str) -> Error {
    Error::Invalid(vec![FieldError {
        field: "phone".into(),
        message: format!("手机号码：{message}"),
    }])
}

/// Sends a sign-in code by SMS. The answer is the same whether or not the number has signed
/// in before, so the portal cannot be used to find out who uses it.
#[utoipa::path(post, path = "/api/v1/auth/codes", tag = "登录", request_body = CodeRequest, responses(
    (status = 200, body = CodeSentAnswer),
    (status = 400, description = "手机号码有误", body = ApiError),
    (status = 429, description = "发送过于频繁；见 Retry-After", body = ApiError),
))]
pub async fn send_code(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    now: Now,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Json<CodeSentAnswer>, Error> {
    let phone = Phone::parse(&req.phone).map_err(phone_error)?;
    let sent = state.services.auth.send_code(&phone, &client, now.unix()).await?;
    Ok(Json(sent.into()))
}

/// Signs in with the code: sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/session", tag = "登录", request_body = SessionRequest, responses(
    (status = 200, body = Me),
    (status = 400, description = "验证码不正确、过期或已作废", body = ApiError),
))]
pub async fn sign_in(
    State(state): State<AppState>,
    now: Now,
    ApiJson(req): ApiJson<SessionRequest>,
) -> Result<Response, Error> {
    let auth = &state.services.auth;
    let signed = auth.verify(&req.challenge, &req.code, now.unix()).await?;
    let cookie = cookie::set_session(&signed.token, auth.config.session_absolute_secs);
    let session = auth
        .session(&signed.token, now.unix())
        .await?
        .ok_or(Error::Unauthenticated)?;
    Ok(([(header::SET_COOKIE, cookie)], Json(auth.me(&session).await?)).into_response())
}

/// Signs out: ends the session on the server and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/auth/session", tag = "登录", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    if let Some(t) = session_token(&headers) {
        state.services.auth.sign_out(&t).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie::clear_session())]).into_response())
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "登录", responses(
    (status = 200, body = Me),
    (status = 401, body = ApiError),
))]
pub async fn me(State(state): State<AppState>, Person(session): Person) -> Result<Json<Me>, Error> {
    Ok(Json(state.services.auth.me(&session).await?))
}

/// States the signed-in person's identity document, once (one person per document).
#[utoipa::path(put, path = "/api/v1/me/identity", tag = "登录", request_body = IdentityRequest, responses(
    (status = 200, body = Me),
    (status = 400, description = "证件类型或号码有误，fields 说明", body = ApiError),
    (status = 401, body = ApiError),
    (status = 409, description = "已登记过证件，或证件已与他人绑定", body = ApiError),
))]
pub async fn state_identity(
    State(state): State<AppState>,
    Person(session): Person,
    now: Now,
    ApiJson(req): ApiJson<IdentityRequest>,
) -> Result<Json<Me>, Error> {
    let auth = &state.services.auth;
    auth.state_identity(&session.person_id, &req.kind, &req.number, now.today(), now.unix())
        .await?;
    Ok(Json(auth.me(&session).await?))
}

/// Changing the phone, step one: a code to the new number.
#[utoipa::path(post, path = "/api/v1/me/phone/codes", tag = "登录", request_body = CodeRequest, responses(
    (status = 200, body = CodeSentAnswer),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 429, body = ApiError),
))]
pub async fn phone_change_code(
    State(state): State<AppState>,
    Person(session): Person,
    ClientAddress(client): ClientAddress,
    now: Now,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Json<CodeSentAnswer>, Error> {
    let phone = Phone::parse(&req.phone).map_err(phone_error)?;
    let sent = state
        .services
        .auth
        .send_phone_change_code(&session, &phone, &client, now.unix())
        .await?;
    Ok(Json(sent.into()))
}

/// Changing the phone, step two: the code received on the new phone.
#[utoipa::path(put, path = "/api/v1/me/phone", tag = "登录", request_body = SessionRequest, responses(
    (status = 200, body = Me),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 409, description = "该号码已被另一个账户使用", body = ApiError),
))]
pub async fn change_phone(
    State(state): State<AppState>,
    Person(before): Person,
    now: Now,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SessionRequest>,
) -> Result<Json<Me>, Error> {
    let auth = &state.services.auth;
    auth.change_phone(&before, &req.challenge, &req.code, now.unix())
        .await?;
    let after = session_of(&state, &headers, now).await?;
    Ok(Json(auth.me(&after).await?))
}

#[derive(Deserialize)]
pub struct IdentityForm {
    kind: Option<String>,
    number: String,
    next: Option<String>,
}

/// The account page's identity form, without JavaScript.
pub async fn identity_form(
    State(state): State<AppState>,
    now: Now,
    me: Option<Person>,
    headers: HeaderMap,
    Form(form): Form<IdentityForm>,
) -> Response {
    let Some(Person(session)) = me else {
        return Redirect::to("/signin?next=/account").into_response();
    };
    let kind = form.kind.unwrap_or_default();
    let result = state
        .services
        .auth
        .state_identity(&session.person_id, &kind, &form.number, now.today(), now.unix())
        .await;
    match result {
        Ok(_) => Redirect::to(&after_sign_in(&state.services.public_url, form.next.as_deref())).into_response(),
        Err(e) => {
            let errors = match e {
                Error::Invalid(fields) => fields
                    .into_iter()
                    .map(|f| (if f.field == "kind" { "kind" } else { "number" }, f.message))
                    .collect(),
                other => vec![("number", other.status_and_body().1.message)],
            };
            let page = IdentityFormState {
                kind,
                number: form.number,
                errors,
            };
            render_page(
                &state,
                &headers,
                now,
                &after_sign_in(&state.services.public_url, form.next.as_deref()),
                page,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct PhoneForm {
    phone: String,
    next: Option<String>,
}

/// The phone page's post: on success to the code page, else the page again with the error.
pub async fn phone_form(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    now: Now,
    headers: HeaderMap,
    Form(form): Form<PhoneForm>,
) -> Response {
    let next = after_sign_in(&state.services.public_url, form.next.as_deref());
    let outcome = match Phone::parse(&form.phone) {
        Err(m) => Err(format!("手机号码：{m}")),
        Ok(phone) => match state.services.auth.send_code(&phone, &client, now.unix()).await {
            Ok(sent) => Ok(sent),
            Err(e) => Err(e.status_and_body().1.message),
        },
    };
    match outcome {
        Ok(sent) => Redirect::to(&format!(
            "/signin/code?c={}&next={}",
            percent_encode(&sent.challenge),
            percent_encode(&next)
        ))
        .into_response(),
        Err(error) => {
            let page = PhoneFormState {
                phone: form.phone,
                error: Some(error),
            };
            render_page(
                &state,
                &headers,
                now,
                &format!("/signin?next={}", percent_encode(&next)),
                page,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    c: String,
    code: String,
    next: Option<String>,
}

/// The code page's post: on success the session cookie and on to `next`.
pub async fn code_form(
    State(state): State<AppState>,
    now: Now,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let next = after_sign_in(&state.services.public_url, form.next.as_deref());
    match state.services.auth.verify(&form.c, &form.code, now.unix()).await {
        Ok(signed) => {
            let cookie = cookie::set_session(&signed.token, state.services.auth.config.session_absolute_secs);
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        Err(e) => {
            let message = match e {
                Error::Invalid(fields) => fields.into_iter().next().map(|f| f.message),
                other => Some(other.status_and_body().1.message),
            };
            let page = CodeFormState { error: message };
            render_page(
                &state,
                &headers,
                now,
                &format!(
                    "/signin/code?c={}&next={}",
                    percent_encode(&form.c),
                    percent_encode(&next)
                ),
                page,
            )
            .await
        }
    }
}

/// 退出登录 without JavaScript.
pub async fn sign_out_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(t) = session_token(&headers) {
        if let Err(e) = state.services.auth.sign_out(&t).await {
            return e.into_response();
        }
    }
    ([(header::SET_COOKIE, cookie::clear_session())], Redirect::to("/")).into_response()
}
