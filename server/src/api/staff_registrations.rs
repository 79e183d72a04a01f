//! `/api/v1/staff` for applications: 待办 (the queue with deadlines), the applications of the
//! area, one in full (audited), decisions and 转办 (each told to the person), and staff
//! checks for the monthly 就业失业动态确认.

use app::api::registration::{
    DecisionRequest, StaffCheckAnswer, StaffCheckRequest, StaffQueue, StaffRegistrationDetail,
    StaffRegistrationSummary, TransferRequest,
};
use app::api::ApiError;
use app::backend::clock::Now;
use app::backend::registration::QueueQuery;
use app::backend::{ClientAddress, Error};
use app::domain::registration::status::Status;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::extract::{ApiJson, Staff};
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct QueueParams {
    /// submitted or accepted; both when absent.
    #[serde(default)]
    status: String,
    /// A division code within the staff member's area (and everything below it).
    #[serde(default)]
    division: String,
    /// One office's code.
    #[serde(default)]
    office: String,
}

/// 待办: open applications of the area with their due dates, overdue first (audited).
#[utoipa::path(get, path = "/api/v1/staff/queue", tag = "工作人员", params(QueueParams), responses(
    (status = 200, body = StaffQueue),
    (status = 400, description = "状态、地区或机构不在可选范围", body = ApiError),
    (status = 401, body = ApiError),
))]
pub async fn queue(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Query(p): Query<QueueParams>,
) -> Result<Json<StaffQueue>, Error> {
    let query = QueueQuery {
        status: p.status,
        division: p.division,
        office: p.office,
    };
    let r = &state.backend.registrations;
    Ok(Json(r.queue(&staff, &query, now.today(), &client, now.unix()).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// submitted, accepted, registered, refused or ended.
    status: Option<String>,
}

/// Applications handled in the staff member's divisions, masked (audited).
#[utoipa::path(get, path = "/api/v1/staff/registrations", tag = "工作人员", params(ListParams), responses(
    (status = 200, body = [StaffRegistrationSummary]),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
))]
pub async fn staff_list(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Query(params): Query<ListParams>,
) -> Result<Json<Vec<StaffRegistrationSummary>>, Error> {
    let status = match params.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            Error::invalid_field(
                "status",
                "状态：只能是 submitted、accepted、registered、refused 或 ended",
            )
        })?),
    };
    Ok(Json(
        state
            .backend
            .registrations
            .staff_list(&staff, status, &client, now.unix())
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ReadParams {
    /// Why the whole record is read (written to the audit log), e.g. 审核申请.
    reason: String,
}

/// One application in full, including the ID number: the read and its reason are audited.
#[utoipa::path(get, path = "/api/v1/staff/registrations/{reference}", tag = "工作人员", params(ReadParams), responses(
    (status = 200, body = StaffRegistrationDetail),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
))]
pub async fn staff_read(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(reference): Path<String>,
    Query(params): Query<ReadParams>,
) -> Result<Json<StaffRegistrationDetail>, Error> {
    let r = &state.backend.registrations;
    Ok(Json(
        r.staff_detail(&staff, &reference, &params.reason, now.today(), &client, now.unix())
            .await?,
    ))
}

/// 受理, 登记 or 不予登记 (audited).
#[utoipa::path(post, path = "/api/v1/staff/registrations/{reference}/decision", tag = "工作人员", request_body = DecisionRequest, responses(
    (status = 200, body = StaffRegistrationSummary),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "当前状态不能这样处理", body = ApiError),
))]
pub async fn staff_decide(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(reference): Path<String>,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> Result<Json<StaffRegistrationSummary>, Error> {
    let r = &state.backend.registrations;
    Ok(Json(
        r.decide(&staff, &reference, &req, now.today(), &client, now.unix())
            .await?,
    ))
}

/// 转办 to another office that handles 失业登记; state and deadline stay (audited).
#[utoipa::path(post, path = "/api/v1/staff/registrations/{reference}/transfer", tag = "工作人员", request_body = TransferRequest, responses(
    (status = 200, description = "已转办（此后不在本辖区）", body = StaffRegistrationSummary),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "已办结的申请不能转办", body = ApiError),
))]
pub async fn transfer(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(reference): Path<String>,
    ApiJson(req): ApiJson<TransferRequest>,
) -> Result<Json<StaffRegistrationSummary>, Error> {
    let r = &state.backend.registrations;
    Ok(Json(r.transfer(&staff, &reference, &req, &client, now.unix()).await?))
}

/// 就业失业动态确认 by staff: a call, a visit or 信息比对, and what it found (audited). A month
/// the person confirmed keeps their own answer; a call that reached nobody confirms nothing.
#[utoipa::path(post, path = "/api/v1/staff/registrations/{reference}/checks", tag = "工作人员", request_body = StaffCheckRequest, responses(
    (status = 200, body = StaffCheckAnswer),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "不是有效期内的登记", body = ApiError),
))]
pub async fn check(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(reference): Path<String>,
    ApiJson(req): ApiJson<StaffCheckRequest>,
) -> Result<Json<StaffCheckAnswer>, Error> {
    let r = &state.backend.registrations;
    Ok(Json(
        r.record_check(&staff, &reference, &req, now.today(), &client, now.unix())
            .await?,
    ))
}
