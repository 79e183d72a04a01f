//! What `GET /api/v1/wechat/js-config?url=…` answers: the signed part of WeChat JS-SDK's
//! `wx.config` for one page of the portal (the page adds `jsApiList`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JsConfig {
    /// The official account's AppID (`appId`).
    pub app_id: String,
    /// When it was signed, Unix seconds (`timestamp`).
    pub timestamp: i64,
    /// Random letters and digits (`nonceStr`).
    pub nonce_str: String,
    /// Lowercase hex SHA-1 over the ticket, `nonce_str`, `timestamp` and the page's address
    /// without its `#fragment` (`signature`).
    pub signature: String,
}
