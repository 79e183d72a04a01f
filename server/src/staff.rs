//! Staff over HTTP: sign-in with password and code (`/api/v1/staff/session`), and what staff
//! may do. Staff sessions use their own cookie; every action is written to the audit log.

use app::api::auth::{CodeSentAnswer, CreateStaffRequest, SessionRequest, StaffMe, StaffPasswordRequest};
use app::api::institutions::ImportReport;
use app::api::ApiError;
use app::backend::auth::cookie;
use app::backend::auth::staff::{StaffSession, STAFF_COOKIE};
use app::backend::clock::Now;
use app::backend::institutions::import;
use app::backend::{ClientAddress, Error};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::extract::{ApiJson, Staff};
use crate::state::AppState;

pub(crate) fn staff_cookie(token: &str, max_age: i64) -> String {
    format!("{STAFF_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={max_age}")
}

fn staff_token(headers: &HeaderMap) -> Option<String> {
    cookie::from_headers(headers, STAFF_COOKIE)
}

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
        .services
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
        .services
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
    let auth = &state.services.auth;
    let (token, session) = auth.staff_verify(&req.challenge, &req.code, now.unix()).await?;
    let cookie = staff_cookie(&token, auth.config.session_absolute_secs);
    Ok(([(header::SET_COOKIE, cookie)], Json(me(session))).into_response())
}

/// Staff sign-out.
#[utoipa::path(delete, path = "/api/v1/staff/session", tag = "工作人员", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    if let Some(t) = staff_token(&headers) {
        state.services.auth.staff_sign_out(&t).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, staff_cookie("", 0))]).into_response())
}

#[derive(Deserialize, IntoParams)]
pub struct ImportParams {
    /// `true`: when some rows are bad, still write the good ones (default: write nothing).
    apply_valid_rows: Option<bool>,
}

/// Imports the institution list (附件3) as CSV, UTF-8 or GBK, as the README describes. For
/// province and prefecture staff; rows outside the account's divisions are refused.
#[utoipa::path(post, path = "/api/v1/institutions/import", tag = "服务机构", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "导入结果：有错误行时 applied 为 0，除非 apply_valid_rows=true", body = ImportReport),
        (status = 401, body = ApiError),
        (status = 403, description = "本账号不能导入机构清单", body = ApiError),
    ))]
pub async fn import_institutions(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> Result<Json<ImportReport>, Error> {
    // 43 (province) or 4301 (a 市州): the levels that keep the list.
    if staff.scope.len() > 4 {
        return Err(Error::Forbidden("只有省级和市州级工作人员可以导入机构清单".into()));
    }
    let services = &state.services;
    let report = import::import(
        &services.store,
        &body,
        params.apply_valid_rows.unwrap_or(false),
        &staff.scope,
        &now.rfc3339(),
    )
    .await?;
    let subject = format!(
        "rows={} valid={} applied={} errors={}",
        report.rows,
        report.valid,
        report.applied,
        report.errors.len()
    );
    services
        .auth
        .audit(
            &staff,
            "import_institutions",
            &subject,
            &client,
            "机构清单导入",
            now.unix(),
        )
        .await?;
    if report.applied > 0 {
        services.directory.refresh_if_changed().await?;
    }
    Ok(Json(report))
}
