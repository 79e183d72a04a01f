//! `/api/v1/lists/{kind}`: the 政策清单 and 服务清单, read by everyone, replaced by
//! provincial administrators.

use app::api::lists::{ListKind, ListView};
use app::api::ApiError;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use axum::extract::{Path, State};
use axum::Json;

use crate::extract::{ApiJson, Staff};
use crate::state::AppState;

fn list_kind(kind: &str) -> Result<ListKind, Error> {
    ListKind::parse(kind).ok_or(Error::NotFound)
}

/// 政策清单 (`policy`) or 服务清单 (`service`).
#[utoipa::path(get, path = "/api/v1/lists/{kind}", tag = "就业服务", responses(
    (status = 200, body = ListView),
    (status = 404, body = ApiError),
))]
pub async fn list(State(state): State<AppState>, Path(kind): Path<String>) -> Result<Json<ListView>, Error> {
    Ok(Json(state.backend.lists.get(list_kind(&kind)?).await?))
}

/// Replaces a whole list (provincial administrators; audited).
#[utoipa::path(put, path = "/api/v1/staff/lists/{kind}", tag = "就业服务（工作人员）", request_body = ListView, responses(
    (status = 200, body = ListView),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
    (status = 404, body = ApiError),
))]
pub async fn replace_list(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Path(kind): Path<String>,
    ApiJson(req): ApiJson<ListView>,
) -> Result<Json<ListView>, Error> {
    let kind = list_kind(&kind)?;
    if req.kind != kind {
        let message = format!("清单类型：请求里的 kind 应与地址一致（{}）", kind.as_str());
        return Err(Error::invalid_field("kind", message));
    }
    Ok(Json(
        state
            .backend
            .lists
            .replace(&staff, kind, &req.entries, &client, now.unix())
            .await?,
    ))
}
