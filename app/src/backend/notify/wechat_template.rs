//! WeChat official-account template messages (模板消息): `GET {api}/cgi-bin/token` for an
//! access token (kept until shortly before it expires), then
//! `POST {api}/cgi-bin/message/template/send?access_token=…` with the openid, the template,
//! a link into the portal and the data. The template chosen in the official account's admin
//! must have the keywords `thing1` (事项, at most 20 characters) and `time2` (时间).

use std::sync::Mutex;
use std::time::Duration;

use super::notifier::Notice;

pub struct WeChatTemplates {
    client: reqwest::Client,
    app_id: String,
    secret: String,
    template_id: String,
    /// https://api.weixin.qq.com (configurable, for tests and proxies)
    api_base: String,
    /// Where the message's link points: the portal's public address.
    public_url: String,
    /// The access token and the Unix time to renew it at.
    token: Mutex<Option<(String, i64)>>,
}

#[derive(serde::Deserialize)]
struct Answer {
    access_token: Option<String>,
    expires_in: Option<u64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl WeChatTemplates {
    pub fn new(
        app_id: &str,
        secret: &str,
        template_id: &str,
        api_base: &str,
        public_url: &str,
    ) -> Result<WeChatTemplates, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("WeChat client: {e}"))?;
        Ok(WeChatTemplates {
            client,
            app_id: app_id.to_owned(),
            secret: secret.to_owned(),
            template_id: template_id.to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
            public_url: public_url.trim_end_matches('/').to_owned(),
            token: Mutex::new(None),
        })
    }

    async fn access_token(&self, now: i64) -> Result<String, String> {
        if let Some((token, until)) = self.token.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            if now < until {
                return Ok(token);
            }
        }
        let answer: Answer = self
            .client
            .get(format!("{}/cgi-bin/token", self.api_base))
            .query(&[
                ("grant_type", "client_credential"),
                ("appid", self.app_id.as_str()),
                ("secret", self.secret.as_str()),
            ])
            .send()
            .await
            .map_err(|e| format!("WeChat token: {}", e.without_url()))?
            .json()
            .await
            .map_err(|e| format!("WeChat token answer: {e}"))?;
        let token = answer.access_token.ok_or_else(|| {
            format!(
                "WeChat token: {} {}",
                answer.errcode.unwrap_or(0),
                answer.errmsg.unwrap_or_default()
            )
        })?;
        // Renew five minutes early: another server may have asked for a newer token meanwhile.
        let life = answer.expires_in.unwrap_or(7200).saturating_sub(300);
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((token.clone(), now.saturating_add_unsigned(life)));
        Ok(token)
    }

    pub async fn send(&self, openid: &str, notice: &Notice, now: i64) -> Result<(), String> {
        let token = self.access_token(now).await?;
        let title: String = notice.title.chars().take(20).collect();
        let body = serde_json::json!({
            "touser": openid,
            "template_id": self.template_id,
            "url": format!("{}{}", self.public_url, notice.link),
            "data": {
                "thing1": { "value": title },
                "time2": { "value": crate::backend::rfc3339(now).get(..10).unwrap_or_default() },
            },
        });
        let answer: Answer = self
            .client
            .post(format!("{}/cgi-bin/message/template/send", self.api_base))
            .query(&[("access_token", token.as_str())])
            .json(&body)
            .send()
            .await
            .map_err(|e| format!("WeChat template message: {}", e.without_url()))?
            .json()
            .await
            .map_err(|e| format!("WeChat template answer: {e}"))?;
        match answer.errcode {
            None | Some(0) => Ok(()),
            Some(code) => {
                if matches!(code, 40001 | 42001) {
                    // The token was renewed elsewhere or expired early: ask anew next time.
                    *self.token.lock().unwrap_or_else(|e| e.into_inner()) = None;
                }
                Err(format!(
                    "WeChat template message: {code} {}",
                    answer.errmsg.unwrap_or_default()
                ))
            }
        }
    }
}
