//! WeChat's access_token (`GET {api}/cgi-bin/token`): what every other call to WeChat's API
//! carries, shared by every app server (see `credential`).

use std::sync::Arc;

use super::credential::SharedCredential;
use crate::backend::crypto::Vault;
use crate::backend::outbound::json_answer;
use crate::backend::store::Store;

pub struct AccessTokens {
    client: reqwest::Client,
    app_id: String,
    secret: String,
    /// https://api.weixin.qq.com (configurable, for tests and proxies)
    api_base: String,
    shared: SharedCredential,
}

#[derive(serde::Deserialize)]
struct Answer {
    access_token: Option<String>,
    expires_in: Option<u64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

/// WeChat's answer refused the access token it was given: void (40001) or expired (42001).
pub fn refuses_token(errcode: i64) -> bool {
    matches!(errcode, 40001 | 42001)
}

impl AccessTokens {
    pub fn new(
        store: Store,
        vault: Arc<Vault>,
        app_id: &str,
        secret: &str,
        api_base: &str,
    ) -> Result<AccessTokens, String> {
        let client = crate::backend::outbound::client("WeChat")?;
        Ok(AccessTokens {
            client,
            app_id: app_id.to_owned(),
            secret: secret.to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
            shared: SharedCredential::new(store, vault, app_id.to_owned(), "WeChat token"),
        })
    }

    /// A token valid at `now` (see `SharedCredential::get`).
    pub async fn get(&self, now: i64) -> Result<String, String> {
        self.shared.get(now, || self.fetch()).await
    }

    /// WeChat refused `token` (renewed elsewhere, or void early): the next use renews it.
    pub async fn refused(&self, token: &str) {
        self.shared.refused(token).await
    }

    /// The official account's AppID.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// Where WeChat's API is, without a trailing `/`.
    pub(super) fn api_base(&self) -> &str {
        &self.api_base
    }

    /// The one HTTP client for WeChat's API (its connections are kept).
    pub(super) fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Another credential of this account, kept like the token (the JS-SDK ticket).
    pub(super) fn sibling(&self, key: String, name: &'static str) -> SharedCredential {
        self.shared.sibling(key, name)
    }

    async fn fetch(&self) -> Result<(String, u64), String> {
        let request = self.client.get(format!("{}/cgi-bin/token", self.api_base)).query(&[
            ("grant_type", "client_credential"),
            ("appid", self.app_id.as_str()),
            ("secret", self.secret.as_str()),
        ]);
        let answer: Answer = json_answer(request, "WeChat token").await?;
        let token = answer.access_token.ok_or_else(|| {
            format!(
                "WeChat token: {} {}",
                answer.errcode.unwrap_or(0),
                answer.errmsg.unwrap_or_default()
            )
        })?;
        Ok((token, answer.expires_in.unwrap_or(7200)))
    }
}
