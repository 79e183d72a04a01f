//! `/api/v1/institutions` and `/api/v1/divisions`: finding institutions, the division
//! picker, and importing the institution list.

use app::api::institutions::{
    DivisionList, ImportReport, Institution, InstitutionFilter, InstitutionList, NearestAnswer, NearestQuery,
};
use app::api::ApiError;
use app::backend::auth::staff::StaffSession;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::extract::Staff;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct NearestParams {
    /// Latitude in degrees, e.g. 28.2345.
    lat: Option<String>,
    /// Longitude in degrees, e.g. 112.9313.
    lon: Option<String>,
    /// `wgs84` (what a phone's location gives; the default) or `gcj02` (Chinese maps).
    datum: Option<String>,
    /// How many, 1–50 (default 10).
    limit: Option<String>,
    /// Only institutions handling this service, e.g. `unemployment_registration` or 失业登记.
    service: Option<String>,
}

/// The nearest institutions to a position, nearest first, with their distance in metres.
#[utoipa::path(get, path = "/api/v1/institutions/nearest", tag = "服务机构", params(NearestParams), responses(
    (status = 200, body = NearestAnswer),
    (status = 400, description = "参数有误，fields 说明哪个参数", body = ApiError),
))]
pub async fn nearest(
    State(state): State<AppState>,
    Query(p): Query<NearestParams>,
) -> Result<impl IntoResponse, Error> {
    let query = NearestQuery::parse(
        p.lat.as_deref(),
        p.lon.as_deref(),
        p.datum.as_deref(),
        p.limit.as_deref(),
        p.service.as_deref(),
    )
    .map_err(Error::Invalid)?;
    let json = state.backend.directory.nearest_json(&query).await?;
    Ok(([(CONTENT_TYPE, "application/json")], json))
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// A division code (6, 9 or 12 digits): institutions serving it and the divisions below.
    division: Option<String>,
    /// `prefecture`, `county`, `township` or `community`.
    level: Option<String>,
    /// Only institutions handling this service.
    service: Option<String>,
    /// Part of the name.
    q: Option<String>,
    /// How many, 1–500 (default 200).
    limit: Option<String>,
}

/// The institution list by region, level, service and name.
#[utoipa::path(get, path = "/api/v1/institutions", tag = "服务机构", params(ListParams), responses(
    (status = 200, body = InstitutionList),
    (status = 400, body = ApiError),
))]
pub async fn list(State(state): State<AppState>, Query(p): Query<ListParams>) -> Result<Json<InstitutionList>, Error> {
    let filter = InstitutionFilter::parse(
        p.division.as_deref(),
        p.level.as_deref(),
        p.service.as_deref(),
        p.q.as_deref(),
        p.limit.as_deref(),
    )
    .map_err(Error::Invalid)?;
    Ok(Json(InstitutionList {
        items: state.backend.directory.list(&filter).await?,
    }))
}

/// One institution.
#[utoipa::path(get, path = "/api/v1/institutions/{code}", tag = "服务机构", params(("code" = String, Path)), responses(
    (status = 200, body = Institution),
    (status = 404, body = ApiError),
))]
pub async fn one(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Institution>, Error> {
    Ok(Json(state.backend.directory.get(&code).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct DivisionParams {
    /// The parent division; 430000 (the default) lists the 14 市州.
    parent: Option<String>,
}

/// The divisions directly below one, for the 市州 → 县市区 → 乡镇街道 picker.
#[utoipa::path(get, path = "/api/v1/divisions", tag = "服务机构", params(DivisionParams), responses(
    (status = 200, body = DivisionList),
))]
pub async fn divisions(
    State(state): State<AppState>,
    Query(p): Query<DivisionParams>,
) -> Result<Json<DivisionList>, Error> {
    let parent = p.parent.unwrap_or_else(|| "430000".to_owned());
    Ok(Json(DivisionList {
        items: state.backend.directory.child_divisions(parent.trim()).await?,
    }))
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
    let apply_valid_rows = params.apply_valid_rows.unwrap_or(false);
    let directory = &state.backend.directory;
    let report = directory
        .import_csv(&body, apply_valid_rows, &staff.scope, &now.rfc3339())
        .await?;
    audit_import(&state, &staff, &report, &client, now).await?;
    if report.applied > 0 {
        directory.refresh_if_changed().await?;
    }
    Ok(Json(report))
}

/// The import in the audit log, by its counts.
async fn audit_import(
    state: &AppState,
    staff: &StaffSession,
    report: &ImportReport,
    client: &str,
    now: Now,
) -> Result<(), Error> {
    let subject = format!(
        "rows={} valid={} applied={} errors={}",
        report.rows,
        report.valid,
        report.applied,
        report.errors.len()
    );
    let auth = &state.backend.auth;
    auth.audit(
        staff,
        "import_institutions",
        &subject,
        client,
        "机构清单导入",
        now.unix(),
    )
    .await
}
