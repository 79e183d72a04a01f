//! Other ways to prove who someone is: one trait for every identity provider a Hunan
//! deployment uses (WeChat official-account web authorisation now; the province's unified
//! identity / 电子社保卡 by OIDC behind the same trait later). A provider's account is bound
//! to a person who signed in by phone once; after that it signs them in by itself.

use crate::backend::outbound::json_answer;
use crate::web::percent_encode;
use std::future::Future;
use std::pin::Pin;

pub type ExchangeFuture<'a> = Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'a>>;

pub trait IdentityProvider: Send + Sync {
    /// Short stable name stored with the binding (`wechat`).
    fn name(&self) -> &'static str;
    /// Where to send the browser; the provider comes back to `redirect_uri` with `code` and `state`.
    fn authorize_url(&self, redirect_uri: &str, state: &str) -> String;
    /// The provider's stable id of the person (the WeChat openid) for the `code` it gave.
    fn exchange<'a>(&'a self, code: &'a str) -> ExchangeFuture<'a>;
}

/// 微信公众号网页授权 with `snsapi_base` (silent: yields the openid only).
pub struct WeChat {
    client: reqwest::Client,
    app_id: String,
    secret: String,
    /// https://open.weixin.qq.com (configurable, for tests and proxies)
    open_base: String,
    /// https://api.weixin.qq.com
    api_base: String,
}

impl WeChat {
    pub fn new(app_id: &str, secret: &str, open_base: &str, api_base: &str) -> Result<WeChat, String> {
        let client = crate::backend::outbound::client("WeChat")?;
        Ok(WeChat {
            client,
            app_id: app_id.to_owned(),
            secret: secret.to_owned(),
            open_base: open_base.trim_end_matches('/').to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
        })
    }
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    openid: Option<String>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl IdentityProvider for WeChat {
    fn name(&self) -> &'static str {
        "wechat"
    }

    fn authorize_url(&self, redirect_uri: &str, state: &str) -> String {
        format!(
            "{}/connect/oauth2/authorize?appid={}&redirect_uri={}&response_type=code&scope=snsapi_base&state={}#wechat_redirect",
            self.open_base,
            percent_encode(&self.app_id),
            percent_encode(redirect_uri),
            percent_encode(state)
        )
    }

    fn exchange<'a>(&'a self, code: &'a str) -> ExchangeFuture<'a> {
        Box::pin(async move {
            let url = format!("{}/sns/oauth2/access_token", self.api_base);
            let request = self.client.get(url).query(&[
                ("appid", self.app_id.as_str()),
                ("secret", self.secret.as_str()),
                ("code", code),
                ("grant_type", "authorization_code"),
            ]);
            let answer: TokenAnswer = json_answer(request, "WeChat").await?;
            match (answer.openid, answer.errcode) {
                (Some(openid), None | Some(0)) if !openid.is_empty() => Ok(openid),
                (_, code) => Err(format!(
                    "WeChat refused the code: {:?} {}",
                    code,
                    answer.errmsg.unwrap_or_default()
                )),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::testing::fake_wechat;

    #[tokio::test]
    async fn exchanges_a_code_for_the_openid() {
        let base = fake_wechat().await;
        let wechat = WeChat::new("wx123", "s3cret", "https://open.weixin.qq.com", &base).unwrap();
        assert_eq!(wechat.exchange("good").await.unwrap(), "oABC123");
        let e = wechat.exchange("bad").await.unwrap_err();
        assert!(e.contains("40029"), "{e}");
        let e = WeChat::new("wx123", "s3cret", "x", "http://127.0.0.1:9")
            .unwrap()
            .exchange("good")
            .await
            .unwrap_err();
        assert!(e.contains("unreachable") && !e.contains("s3cret"), "{e}");
    }

    #[test]
    fn the_authorize_url_is_the_documented_one() {
        let wechat = WeChat::new("wx123", "s", "https://open.weixin.qq.com/", "https://api.weixin.qq.com").unwrap();
        assert_eq!(
            wechat.authorize_url("https://sydj.example.cn/signin/wechat/callback", "st8"),
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx123&redirect_uri=https%3A%2F%2Fsydj.example.cn%2Fsignin%2Fwechat%2Fcallback&response_type=code&scope=snsapi_base&state=st8#wechat_redirect"
        );
    }
}
