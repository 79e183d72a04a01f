//! `/api/v1/calendar`: the 法定节假日 and 调休 of a year, due dates counted on them, and a
//! provincial administrator replacing a year when the State Council's notice is out.

use app::api::calendar::{CalendarYear, Deadline};
use app::api::{ApiError, ErrorCode, FieldError};
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use app::domain::date::Ymd;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::extract::{ApiJson, Staff};
use crate::state::AppState;

/// A year in the path: anything but a number is no calendar at all.
fn path_year(year: &str) -> Result<i32, Error> {
    year.parse().map_err(|_| Error::NotFound)
}

/// 404 that says what is missing and who fixes it.
fn not_imported(year: i32) -> Response {
    let body = ApiError {
        message: format!("{year}年的节假日安排尚未导入：国务院办公厅通知发布后，由省级管理员导入。"),
        ..ApiError::new(ErrorCode::NotFound)
    };
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

/// The year's holidays and the weekend days worked instead (调休), as its notice gives them.
#[utoipa::path(get, path = "/api/v1/calendar/{year}", tag = "工作日历",
    params(("year" = i32, Path, description = "e.g. 2026")),
    responses(
        (status = 200, body = CalendarYear),
        (status = 404, description = "该年的节假日安排尚未导入", body = ApiError),
    ))]
pub async fn year(State(state): State<AppState>, Path(year): Path<String>) -> Response {
    let year = match path_year(&year) {
        Ok(year) => year,
        Err(e) => return e.into_response(),
    };
    match state.backend.calendar.year(year).await {
        Ok(found) => Json(found).into_response(),
        Err(Error::NotFound) => not_imported(year),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct DeadlineParams {
    /// The day counting starts after, `YYYY-MM-DD`, e.g. 2026-09-30.
    from: Option<String>,
    /// How many working days, 1–366.
    working_days: Option<String>,
}

/// The due date: the `working_days`-th working day after `from`, holidays not counted.
#[utoipa::path(get, path = "/api/v1/calendar/deadline", tag = "工作日历", params(DeadlineParams), responses(
    (status = 200, body = Deadline),
    (status = 400, description = "参数有误，fields 说明哪个参数", body = ApiError),
))]
pub async fn deadline(State(state): State<AppState>, Query(p): Query<DeadlineParams>) -> Result<Json<Deadline>, Error> {
    let from = p
        .from
        .as_deref()
        .and_then(|s| Ymd::parse_iso(s.trim()))
        .filter(|d| (2000..=2100).contains(&d.year));
    let working_days = p
        .working_days
        .as_deref()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|n| (1..=366).contains(n));
    let (Some(from), Some(working_days)) = (from, working_days) else {
        let mut problems = Vec::new();
        if from.is_none() {
            problems.push(FieldError {
                field: "from".into(),
                message: "开始日期 from：请写成 YYYY-MM-DD（2000至2100年），例如 2026-09-30".into(),
            });
        }
        if working_days.is_none() {
            problems.push(FieldError {
                field: "working_days".into(),
                message: "工作日天数 working_days：请填写1到366之间的整数，例如 5".into(),
            });
        }
        return Err(Error::Invalid(problems));
    };
    Ok(Json(state.backend.calendar.deadline(from, working_days).await?))
}

/// Replaces a year's calendar with the State Council's notice (provincial administrators;
/// audited). Deadlines count on it at once on every app server.
#[utoipa::path(put, path = "/api/v1/staff/calendar/{year}", tag = "工作日历",
    params(("year" = i32, Path, description = "e.g. 2027")),
    request_body = CalendarYear,
    responses(
        (status = 200, body = CalendarYear),
        (status = 400, description = "year 与地址不一致，或日期有误；fields 逐项说明", body = ApiError),
        (status = 401, body = ApiError),
        (status = 403, description = "只有省级管理员可以导入", body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn replace_year(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(year): Path<String>,
    ApiJson(req): ApiJson<CalendarYear>,
) -> Result<Json<CalendarYear>, Error> {
    let year = path_year(&year)?;
    if req.year != year {
        let message = format!("年份 year：请求里的 year 应与地址一致（{year}）");
        return Err(Error::invalid_field("year", message));
    }
    Ok(Json(
        state.backend.calendar.replace(&staff, req, &client, now.unix()).await?,
    ))
}
