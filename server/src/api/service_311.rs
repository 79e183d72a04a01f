//! `/api/v1` for 就业服务 ("311"): staff record services, follow them up, take down answers
//! given by phone or at a visit, and read a worker's services; the worker reads and answers.

use app::api::service_311::{
    FollowUp, MyServicesView, OverviewRow, RecordServiceRequest, RecordedAnswer, ServiceAnswerRequest,
    StaffAnswerRequest, StaffServicesView,
};
use app::api::ApiError;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use crate::extract::{ApiJson, Person, Staff};
use crate::state::AppState;

/// Records a service (岗位推荐, 职业指导, 培训信息, …) for one or more registered workers in the
/// staff member's area, all or none (each audited); each worker gets a notice.
#[utoipa::path(post, path = "/api/v1/staff/services", tag = "就业服务（工作人员）", request_body = RecordServiceRequest, responses(
    (status = 201, body = RecordedAnswer),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "有受理编号不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "有人员尚未登记", body = ApiError),
))]
pub async fn record(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    ApiJson(req): ApiJson<RecordServiceRequest>,
) -> Result<(StatusCode, Json<RecordedAnswer>), Error> {
    let s = &state.backend.service_311;
    let done = s.record_service(&staff, &req, now.today(), &client, now.unix()).await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// An answer the person gave by phone, at the hall or at a visit, taken down by staff
/// (audited); a refusal without a good reason counts toward reason 8 as one given online.
#[utoipa::path(post, path = "/api/v1/staff/services/{id}/answer", tag = "就业服务（工作人员）", request_body = StaffAnswerRequest, responses(
    (status = 204),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "已答复不能再改，或登记已注销", body = ApiError),
))]
pub async fn staff_answer(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<StaffAnswerRequest>,
) -> Result<StatusCode, Error> {
    let s = &state.backend.service_311;
    s.record_answer(&staff, &id, &req, &client, now.unix()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 回访: the result of following a service up (audited).
#[utoipa::path(post, path = "/api/v1/staff/services/{id}/follow-up", tag = "就业服务（工作人员）", request_body = FollowUp, responses(
    (status = 204),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
))]
pub async fn follow_up(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<FollowUp>,
) -> Result<StatusCode, Error> {
    let s = &state.backend.service_311;
    s.follow_up(&staff, &id, &req, now.today(), &client, now.unix()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The 311 overview: the registered people of the staff member's area, masked, with what is
/// still owed (3 referrals, 1 guidance, 1 free training) and the days left in their year, the
/// most urgent first (audited).
#[utoipa::path(get, path = "/api/v1/staff/service-overview", tag = "就业服务（工作人员）", responses(
    (status = 200, body = [OverviewRow]),
    (status = 401, body = ApiError),
))]
pub async fn overview(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
) -> Result<Json<Vec<OverviewRow>>, Error> {
    let s = &state.backend.service_311;
    Ok(Json(s.overview(&staff, now.today(), &client, now.unix()).await?))
}

/// A worker's services as staff see them, with the last contact and the reasons (8, 9) the
/// records show may apply (audited).
#[utoipa::path(get, path = "/api/v1/staff/registrations/{reference}/services", tag = "就业服务（工作人员）", responses(
    (status = 200, body = StaffServicesView),
    (status = 401, body = ApiError),
    (status = 404, description = "不存在，或不在本账号的辖区", body = ApiError),
    (status = 409, description = "尚未登记", body = ApiError),
))]
pub async fn staff_services(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(reference): Path<String>,
) -> Result<Json<StaffServicesView>, Error> {
    let s = &state.backend.service_311;
    Ok(Json(
        s.staff_services(&staff, &reference, now.today(), &client, now.unix())
            .await?,
    ))
}

/// 我的就业服务: the 311 progress and every service record, newest first.
#[utoipa::path(get, path = "/api/v1/me/services", tag = "就业服务", responses(
    (status = 200, body = MyServicesView),
    (status = 401, body = ApiError),
    (status = 404, description = "还没有申请过失业登记", body = ApiError),
    (status = 409, description = "登记尚未完成", body = ApiError),
))]
pub async fn mine(State(state): State<AppState>, Person(me): Person) -> Result<Json<MyServicesView>, Error> {
    Ok(Json(state.backend.service_311.my_services(&me.person_id).await?))
}

/// The person's answer to a job referral (感兴趣 … 不考虑) or a training offer (报名 / 不参加).
/// After `hired`, report the new job with `POST /api/v1/me/registration/work`.
#[utoipa::path(post, path = "/api/v1/me/services/{id}/answer", tag = "就业服务", request_body = ServiceAnswerRequest, responses(
    (status = 200, body = MyServicesView),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, body = ApiError),
    (status = 409, description = "已答复不考虑或已录用，或登记已不在有效期", body = ApiError),
))]
pub async fn answer(
    State(state): State<AppState>,
    Person(me): Person,
    now: Now,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ServiceAnswerRequest>,
) -> Result<Json<MyServicesView>, Error> {
    let s = &state.backend.service_311;
    Ok(Json(s.answer_service(&me.person_id, &id, &req, now.unix()).await?))
}
