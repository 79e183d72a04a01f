//! `/api/v1/wechat/js-config`: the signed part of WeChat JS-SDK's `wx.config` for a page of the
//! portal open inside WeChat (for `wx.getLocation`).

use app::api::wechat::JsConfig;
use app::api::ApiError;
use app::backend::clock::Now;
use app::backend::Error;
use axum::extract::{Query, State};
use axum::http::header;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct JsConfigParams {
    /// The page's address (`location.href`), on the portal's own site; a `#fragment` is left out
    /// of the signature.
    url: Option<String>,
}

/// The config for one page, signed now: never stored (the signature carries its time).
#[utoipa::path(get, path = "/api/v1/wechat/js-config", tag = "微信", params(JsConfigParams), responses(
    (status = 200, body = JsConfig),
    (status = 400, description = "url 缺少、格式不正确或不是本网站的页面", body = ApiError),
    (status = 404, description = "未配置微信公众号", body = ApiError),
    (status = 503, description = "微信接口暂时不可用", body = ApiError),
))]
pub async fn js_config(
    State(state): State<AppState>,
    now: Now,
    Query(p): Query<JsConfigParams>,
) -> Result<([(header::HeaderName, &'static str); 1], Json<JsConfig>), Error> {
    let config = state.backend.wechat_js_config(p.url.as_deref(), now.unix()).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(config)))
}
