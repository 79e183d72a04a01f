//! `/api/v1` for 注销 by staff: end a registration for one of the notice's reasons, and for
//! an ending announced to the person (4, 5, 6a) record their confirmation or withdraw it.

use app::api::service_311::{EndOutcome, EndRequest, PendingEndingRequest};
use app::api::ApiError;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use crate::extract::{ApiJson, Staff};
use crate::state::AppState;

/// 注销 after verifying (audited), by staff whose area covers the registering office. 1–3 need
/// the 就业登记; 8 and 9 only when the records show them; 11 a listed local rule. 4, 5 and 6a
/// tell the person first and end after the notice period (`ended: false`) unless
/// `person_confirmed`. 6b, 7, 9 and 10 send no notice.
#[utoipa::path(post, path = "/api/v1/staff/registrations/{reference}/end", tag = "就业服务（工作人员）", request_body = EndRequest, responses(
    (status = 200, body = EndOutcome),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "不是已登记状态，记录不支持原因8、9，已告知过拟注销，或没有当地规定的情形", body = ApiError),
))]
pub async fn end(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(reference): Path<String>,
    ApiJson(req): ApiJson<EndRequest>,
) -> Result<Json<EndOutcome>, Error> {
    let s = &state.backend.service_311;
    let outcome = s
        .end_registration(&staff, &reference, &req, now.today(), &client, now.unix())
        .await?;
    Ok(Json(outcome))
}

/// The person confirmed an announced ending: it ends today (audited).
#[utoipa::path(post, path = "/api/v1/staff/registrations/{reference}/end/confirm", tag = "就业服务（工作人员）", request_body = PendingEndingRequest, responses(
    (status = 204),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "没有待生效的注销", body = ApiError),
))]
pub async fn confirm(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(reference): Path<String>,
    ApiJson(req): ApiJson<PendingEndingRequest>,
) -> Result<StatusCode, Error> {
    let r = &state.backend.registrations;
    r.confirm_ending(&staff, &reference, &req.note, now.today(), &client, now.unix())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws an announced ending; the person is told the registration stays (audited).
#[utoipa::path(post, path = "/api/v1/staff/registrations/{reference}/end/withdraw", tag = "就业服务（工作人员）", request_body = PendingEndingRequest, responses(
    (status = 204),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "没有待生效的注销", body = ApiError),
))]
pub async fn withdraw(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(reference): Path<String>,
    ApiJson(req): ApiJson<PendingEndingRequest>,
) -> Result<StatusCode, Error> {
    let r = &state.backend.registrations;
    r.withdraw_ending(&staff, &reference, &req.note, &client, now.unix())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
