//! `/api/v1/auth` and `/api/v1/me`: signing in with a code sent by SMS, signing out, the
//! signed-in person, their identity document and changing their phone. The sign-in pages'
//! form posts call the same `Auth` service (`forms::sign_in`).

use app::api::auth::{CodeRequest, CodeSentAnswer, IdentityRequest, Me, SessionRequest};
use app::api::ApiError;
use app::backend::auth::cookie;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use app::domain::date::Ymd;
use app::domain::phone::Phone;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::extract::{ApiJson, Person, SessionCookie, Staff};
use crate::state::AppState;

pub(crate) fn phone_error(message: &str) -> Error {
    Error::invalid_field("phone", format!("手机号码：{message}"))
}

const BIRTH_DATE_FORMAT: &str = "出生日期：请写作 YYYY-MM-DD 的真实日期，例如 1990-05-01";

/// A date of birth as the API writes dates (`YYYY-MM-DD`); absent or empty is none.
fn birth_date(given: Option<&str>) -> Result<Option<Ymd>, Error> {
    let Some(given) = given.map(str::trim).filter(|d| !d.is_empty()) else {
        return Ok(None);
    };
    match Ymd::parse_iso(given) {
        Some(d) if d.year >= 1900 => Ok(Some(d)),
        _ => Err(Error::invalid_field("birth_date", BIRTH_DATE_FORMAT)),
    }
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
    let sent = state.backend.auth.send_code(&phone, &client, now.unix()).await?;
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
    let signed = state.backend.auth.verify(&req.challenge, &req.code, now.unix()).await?;
    person_session(&state, &signed.token, now).await
}

/// 大厅协助办理, step one: a code to the phone of the person present at the hall.
#[utoipa::path(post, path = "/api/v1/staff/assist/codes", tag = "登录", request_body = CodeRequest, responses(
    (status = 200, body = CodeSentAnswer),
    (status = 400, description = "手机号码有误", body = ApiError),
    (status = 401, body = ApiError),
    (status = 429, description = "发送过于频繁；见 Retry-After", body = ApiError),
))]
pub async fn send_code_at_hall(
    State(state): State<AppState>,
    Staff(staff): Staff,
    now: Now,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Json<CodeSentAnswer>, Error> {
    let phone = Phone::parse(&req.phone).map_err(phone_error)?;
    let auth = &state.backend.auth;
    let sent = auth.send_code_at_hall(&staff, &phone, now.unix()).await?;
    Ok(Json(sent.into()))
}

/// 大厅协助办理, step two: a staff member signs in, in their own browser, the person present at
/// the hall with the code sent to the person's phone and read out by them.
/// Sets the person's session cookie; what is submitted in it is recorded as made at the hall
/// with this staff member's help (audited). Ended with `DELETE /api/v1/auth/session`.
#[utoipa::path(post, path = "/api/v1/staff/assist/session", tag = "登录", request_body = SessionRequest, responses(
    (status = 200, body = Me),
    (status = 400, description = "验证码不正确、过期或已作废", body = ApiError),
    (status = 401, body = ApiError),
))]
pub async fn sign_in_at_hall(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    ApiJson(req): ApiJson<SessionRequest>,
) -> Result<Response, Error> {
    let auth = &state.backend.auth;
    let signed = auth
        .verify_at_hall(&staff, &req.challenge, &req.code, &client, now.unix())
        .await?;
    person_session(&state, &signed.token, now).await
}

/// The person's session cookie and who they are, once signed in.
async fn person_session(state: &AppState, token: &str, now: Now) -> Result<Response, Error> {
    let auth = &state.backend.auth;
    let cookie = cookie::set_session(token, auth.config.session_absolute_secs);
    let session = auth.session(token, now.unix()).await?.ok_or(Error::Unauthenticated)?;
    Ok(([(header::SET_COOKIE, cookie)], Json(auth.me(&session).await?)).into_response())
}

/// Signs out: ends the session on the server and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/auth/session", tag = "登录", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, SessionCookie(token): SessionCookie) -> Result<Response, Error> {
    if let Some(t) = token {
        state.backend.auth.sign_out(&t).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie::clear_session())]).into_response())
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "登录", responses(
    (status = 200, body = Me),
    (status = 401, body = ApiError),
))]
pub async fn me(State(state): State<AppState>, Person(session): Person) -> Result<Json<Me>, Error> {
    Ok(Json(state.backend.auth.me(&session).await?))
}

/// States the signed-in person's identity document, once (one person per document), with the
/// date of birth when the document's number carries none (the passes).
#[utoipa::path(put, path = "/api/v1/me/identity", tag = "登录", request_body = IdentityRequest, responses(
    (status = 200, body = Me),
    (status = 400, description = "证件类型、号码或出生日期有误，fields 说明", body = ApiError),
    (status = 401, body = ApiError),
    (status = 409, description = "已登记过证件，或证件已与他人绑定", body = ApiError),
))]
pub async fn state_identity(
    State(state): State<AppState>,
    Person(session): Person,
    now: Now,
    ApiJson(req): ApiJson<IdentityRequest>,
) -> Result<Json<Me>, Error> {
    let birth = birth_date(req.birth_date.as_deref())?;
    let (today, now) = (now.today(), now.unix());
    let auth = &state.backend.auth;
    auth.state_identity(&session.person_id, &req.kind, &req.number, birth, today, now)
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
        .backend
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
    SessionCookie(token): SessionCookie,
    now: Now,
    ApiJson(req): ApiJson<SessionRequest>,
) -> Result<Json<Me>, Error> {
    let auth = &state.backend.auth;
    auth.change_phone(&before, &req.challenge, &req.code, now.unix())
        .await?;
    // The same session, now with the new phone.
    let after = auth.session(&token.unwrap_or_default(), now.unix()).await?;
    Ok(Json(auth.me(&after.ok_or(Error::Unauthenticated)?).await?))
}
