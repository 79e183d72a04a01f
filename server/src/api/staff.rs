//! `/api/v1/staff`: staff sign-in with password and code, sign-out, and accounts made by
//! administrators. Staff sessions use their own cookie; every action is written to the audit
//! log.

use app::api::auth::{CodeSentAnswer, CreateStaffRequest, SessionRequest, StaffMe, StaffPasswordRequest};
use app::api::ApiError;
use app::backend::auth::staff::StaffSession;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::extract::{staff_cookie, ApiJson, Staff, StaffCookie};
use crate::state::AppState;

fn me(s: StaffSession) -> StaffMe {
    StaffMe {
        username: s.username,
        institution_code: s.institution_code,
        scope: s.scope,
        is_admin: s.is_admin,
    }
}

/// An administrator creates a staff account for an institution in their divisions (audited).
#[utoipa::path(post, path = "/api/v1/staff/accounts", tag = "工作人员", request_body = CreateStaffRequest, responses(
    (status = 201, body = StaffMe),
    (status = 400, description = "用户名、密码、手机号或机构有误", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "不是管理员，或机构不在本辖区", body = ApiError),
    (status = 409, description = "用户名已被使用", body = ApiError),
))]
pub async fn create_account(
    State(state): State<AppState>,
    Staff(admin): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    ApiJson(req): ApiJson<CreateStaffRequest>,
) -> Result<(StatusCode, Json<StaffMe>), Error> {
    let created = state
        .backend
        .auth
        .create_staff_by(&admin, &req, &client, now.unix())
        .await?;
    Ok((StatusCode::CREATED, Json(me(created))))
}

/// Staff sign-in, first factor: on the right password a code goes to the account's phone.
#[utoipa::path(post, path = "/api/v1/staff/session", tag = "工作人员", request_body = StaffPasswordRequest, responses(
    (status = 200, body = CodeSentAnswer),
    (status = 400, description = "用户名或密码不正确", body = ApiError),
    (status = 429, description = "密码输错过多，账号暂时锁定；见 Retry-After", body = ApiError),
))]
pub async fn password(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    now: Now,
    ApiJson(req): ApiJson<StaffPasswordRequest>,
) -> Result<Json<CodeSentAnswer>, Error> {
    let sent = state
        .backend
        .auth
        .staff_password(&req.username, &req.password, &client, now.unix())
        .await?;
    Ok(Json(sent.into()))
}

/// Staff sign-in, second factor: the code; sets the staff session cookie.
#[utoipa::path(post, path = "/api/v1/staff/session/code", tag = "工作人员", request_body = SessionRequest, responses(
    (status = 200, body = StaffMe),
    (status = 400, body = ApiError),
))]
pub async fn code(
    State(state): State<AppState>,
    now: Now,
    ApiJson(req): ApiJson<SessionRequest>,
) -> Result<Response, Error> {
    let auth = &state.backend.auth;
    let (token, session) = auth.staff_verify(&req.challenge, &req.code, now.unix()).await?;
    let cookie = staff_cookie(&token, auth.config.session_absolute_secs);
    Ok(([(header::SET_COOKIE, cookie)], Json(me(session))).into_response())
}

/// Staff sign-out.
#[utoipa::path(delete, path = "/api/v1/staff/session", tag = "工作人员", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, StaffCookie(token): StaffCookie) -> Result<Response, Error> {
    if let Some(t) = token {
        state.backend.auth.staff_sign_out(&t).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, staff_cookie("", 0))]).into_response())
}
