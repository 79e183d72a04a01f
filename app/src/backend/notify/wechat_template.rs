//! WeChat official-account template messages (模板消息):
//! `POST {api}/cgi-bin/message/template/send?access_token=…` with the openid, the template,
//! a link into the portal and the data, with the access token every app server shares
//! (`backend::wechat`). The template chosen in the official account's admin must have the
//! keywords `thing1` (事项, at most 20 characters) and `time2` (时间).

use std::sync::Arc;

use super::notifier::Notice;
use crate::backend::outbound::json_answer;
use crate::backend::wechat::access_token::{refuses_token, AccessTokens};

pub struct WeChatTemplates {
    client: reqwest::Client,
    tokens: Arc<AccessTokens>,
    template_id: String,
    /// https://api.weixin.qq.com (configurable, for tests and proxies)
    api_base: String,
    /// Where the message's link points: the portal's public address.
    public_url: String,
}

#[derive(serde::Deserialize)]
struct Answer {
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl WeChatTemplates {
    pub fn new(
        tokens: Arc<AccessTokens>,
        template_id: &str,
        api_base: &str,
        public_url: &str,
    ) -> Result<WeChatTemplates, String> {
        let client = crate::backend::outbound::client("WeChat")?;
        Ok(WeChatTemplates {
            client,
            tokens,
            template_id: template_id.to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }

    /// `id` is the same on every try of one message: WeChat sends one message per openid and
    /// `client_msg_id` (within 10 minutes), so a repeated try is dropped.
    pub async fn send(&self, openid: &str, notice: &Notice, id: &str, now: i64) -> Result<(), String> {
        let token = self.tokens.get(now).await?;
        let title: String = notice.title.chars().take(20).collect();
        let body = serde_json::json!({
            "touser": openid,
            "template_id": self.template_id,
            "client_msg_id": id,
            "url": format!("{}{}", self.public_url, notice.link),
            "data": {
                "thing1": { "value": title },
                "time2": { "value": crate::backend::rfc3339(now).get(..10).unwrap_or_default() },
            },
        });
        let request = self
            .client
            .post(format!("{}/cgi-bin/message/template/send", self.api_base))
            .query(&[("access_token", token.as_str())])
            .json(&body);
        let answer: Answer = json_answer(request, "WeChat template message").await?;
        match answer.errcode {
            None | Some(0) => Ok(()),
            Some(code) => {
                if refuses_token(code) {
                    // The token was voided or expired early: renew it next time.
                    self.tokens.refused(&token).await;
                }
                Err(format!(
                    "WeChat template message: {code} {}",
                    answer.errmsg.unwrap_or_default()
                ))
            }
        }
    }
}
