//! `/api/v1` for 失业登记: the form, the draft, submitting, status, reporting work and the
//! monthly confirmation (staff handle applications in `staff_registrations`).

use app::api::registration::{
    ConfirmationRequest, DraftUpdate, DraftView, FormDefinition, RegistrationView, ReportWorkRequest, SubmitRequest,
};
use app::api::ApiError;
use app::backend::clock::Now;
use app::backend::Error;
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;

use crate::extract::{ApiJson, Person};
use crate::state::AppState;

/// The form's pages, fields and code lists, and the declaration text with its version.
#[utoipa::path(get, path = "/api/v1/registration/form", tag = "失业登记", responses((status = 200, body = FormDefinition)))]
pub async fn form() -> impl IntoResponse {
    // The same for every request until the next release: serialised once.
    static BODY: LazyLock<Bytes> = LazyLock::new(|| {
        serde_json::to_vec(&FormDefinition::current())
            .expect("the form definition is plain data")
            .into()
    });
    ([(CONTENT_TYPE, "application/json")], BODY.clone())
}

/// The signed-in person's draft (every answer so far) and the next page to fill.
#[utoipa::path(get, path = "/api/v1/me/registration/draft", tag = "失业登记", responses(
    (status = 200, body = DraftView),
    (status = 401, body = ApiError),
))]
pub async fn draft(State(state): State<AppState>, Person(me): Person, now: Now) -> Result<Json<DraftView>, Error> {
    Ok(Json(state.backend.registrations.draft_view(&me, now.today()).await?))
}

/// Saves answers into the draft. Saving never fails because of a wrong answer: the problems
/// come back in `problems`.
#[utoipa::path(put, path = "/api/v1/me/registration/draft", tag = "失业登记", request_body = DraftUpdate, responses(
    (status = 200, body = DraftView),
    (status = 400, description = "未知的字段名", body = ApiError),
    (status = 401, body = ApiError),
    (status = 409, description = "已有一份办理中或有效的失业登记", body = ApiError),
))]
pub async fn update_draft(
    State(state): State<AppState>,
    Person(me): Person,
    now: Now,
    ApiJson(update): ApiJson<DraftUpdate>,
) -> Result<Json<DraftView>, Error> {
    let r = &state.backend.registrations;
    Ok(Json(
        r.update_draft(&me, &update.answers, now.today(), now.unix()).await?,
    ))
}

/// Submits the draft with the declaration. A retry with the same `idempotency_key` returns
/// the same registration; a person has at most one open registration.
#[utoipa::path(post, path = "/api/v1/me/registrations", tag = "失业登记", request_body = SubmitRequest, responses(
    (status = 201, body = RegistrationView),
    (status = 400, description = "有未填或填错的项目，fields 逐项说明", body = ApiError),
    (status = 401, body = ApiError),
    (status = 409, description = "已有一份办理中或有效的失业登记，或承诺书已更新", body = ApiError),
))]
pub async fn submit(
    State(state): State<AppState>,
    Person(me): Person,
    now: Now,
    ApiJson(req): ApiJson<SubmitRequest>,
) -> Result<(StatusCode, Json<RegistrationView>), Error> {
    let view = state
        .backend
        .registrations
        .submit(&me, &req, now.today(), now.unix())
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// 我的登记: the newest application and what happens next.
#[utoipa::path(get, path = "/api/v1/me/registration", tag = "失业登记", responses(
    (status = 200, body = RegistrationView),
    (status = 401, body = ApiError),
    (status = 404, description = "还没有申请过", body = ApiError),
))]
pub async fn current(
    State(state): State<AppState>,
    Person(me): Person,
    now: Now,
) -> Result<Json<RegistrationView>, Error> {
    let view = state.backend.registrations.current(&me.person_id, now.today()).await?;
    Ok(Json(view.ok_or(Error::NotFound)?))
}

/// 我找到工作了: ends the registration with reason 1, 2 or 3 of the notice.
#[utoipa::path(post, path = "/api/v1/me/registration/work", tag = "失业登记", request_body = ReportWorkRequest, responses(
    (status = 200, body = RegistrationView),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 409, description = "没有有效的失业登记", body = ApiError),
))]
pub async fn report_work(
    State(state): State<AppState>,
    Person(me): Person,
    now: Now,
    ApiJson(req): ApiJson<ReportWorkRequest>,
) -> Result<Json<RegistrationView>, Error> {
    let r = &state.backend.registrations;
    Ok(Json(
        r.report_work(&me, &req.reason, &req.started_on, now.today(), now.unix())
            .await?,
    ))
}

/// 就业失业动态确认 for this month (`found_work` is reported with `/work`).
#[utoipa::path(post, path = "/api/v1/me/registration/confirmations", tag = "失业登记", request_body = ConfirmationRequest, responses(
    (status = 200, body = RegistrationView),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 409, body = ApiError),
))]
pub async fn confirm(
    State(state): State<AppState>,
    Person(me): Person,
    now: Now,
    ApiJson(req): ApiJson<ConfirmationRequest>,
) -> Result<Json<RegistrationView>, Error> {
    let r = &state.backend.registrations;
    Ok(Json(r.confirm_month(&me, &req.answer, now.today(), now.unix()).await?))
}
