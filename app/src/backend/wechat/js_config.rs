//! The signed part of `wx.config` for a page of the portal: what WeChat's JS-SDK needs before
//! a page inside WeChat may call it (`wx.getLocation`). Only the portal's own pages are signed
//! for: a signature for another site's page would let that page act as the official account.

use std::sync::Arc;

use super::access_token::AccessTokens;
use super::jsapi_ticket::JsapiTickets;
use super::signature::{nonce, sign};
use crate::api::wechat::JsConfig;
use crate::backend::Error;

pub struct WeChatJs {
    tickets: JsapiTickets,
    app_id: String,
    /// PORTAL_PUBLIC_URL: pages of its origin are signed for.
    public_url: reqwest::Url,
}

impl WeChatJs {
    pub fn new(tokens: Arc<AccessTokens>, public_url: &str) -> Result<WeChatJs, String> {
        let public_url = reqwest::Url::parse(public_url).map_err(|e| format!("PORTAL_PUBLIC_URL: {e}"))?;
        Ok(WeChatJs {
            app_id: tokens.app_id().to_owned(),
            tickets: JsapiTickets::new(tokens),
            public_url,
        })
    }

    /// The config for the page at `url` (its `location.href`, signed as given without the
    /// `#fragment`), signed at `now` with the ticket every app server shares.
    pub async fn config(&self, url: Option<&str>, now: i64) -> Result<JsConfig, Error> {
        let url = self.own_page(url)?;
        let ticket = self.tickets.get(now).await.map_err(Error::WeChat)?;
        let nonce_str = nonce();
        Ok(JsConfig {
            app_id: self.app_id.clone(),
            timestamp: now,
            signature: sign(&ticket, &nonce_str, now, url),
            nonce_str,
        })
    }

    /// `url`, when it is the address of a page on the portal's origin (scheme, host and port,
    /// compared as the browser does).
    fn own_page<'u>(&self, url: Option<&'u str>) -> Result<&'u str, Error> {
        let url = url.map(str::trim).filter(|u| !u.is_empty()).ok_or_else(|| {
            Error::invalid_field("url", "页面地址（url）不能为空：请给出要调用微信 JS-SDK 的页面地址。")
        })?;
        let page = reqwest::Url::parse(url).map_err(|_| {
            Error::invalid_field(
                "url",
                "页面地址（url）格式不正确：应为完整网址，例如 https://sydj.example.gov.cn/institutions。",
            )
        })?;
        if page.origin() != self.public_url.origin() {
            return Err(Error::invalid_field(
                "url",
                "页面地址（url）不是本网站的页面：只为本网站的页面签名。",
            ));
        }
        Ok(url)
    }
}
