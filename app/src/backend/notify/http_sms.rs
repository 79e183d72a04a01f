//! Sending SMS through the deployment's SMS gateway over HTTPS.
//!
//! The contract is deliberately plain, so that any provider (a 政务短信平台, Aliyun, Tencent
//! Cloud, …) can sit behind a small adapter: `POST {url}` with `Authorization: Bearer {token}`
//! and the JSON body `{"id": "…", "phone": "13800000000", "text": "…"}`; any 2xx answer means
//! accepted. `id` is the same on every try of one message: a gateway that has accepted an id
//! must not send that message again (Aliyun's `OutId`, Tencent's `SessionContext` can carry it).

use super::{SendFuture, SmsSender};
use crate::domain::phone::Phone;

pub struct HttpSms {
    client: reqwest::Client,
    url: String,
    token: String,
}

impl HttpSms {
    pub fn new(url: &str, token: &str) -> Result<HttpSms, String> {
        let client = crate::backend::outbound::client("SMS")?;
        Ok(HttpSms {
            client,
            url: url.to_owned(),
            token: token.to_owned(),
        })
    }
}

#[derive(serde::Serialize)]
struct Message<'a> {
    id: &'a str,
    phone: &'a str,
    text: &'a str,
}

impl SmsSender for HttpSms {
    fn send<'a>(&'a self, to: &'a Phone, text: &'a str, id: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            let answer = self
                .client
                .post(&self.url)
                .bearer_auth(&self.token)
                .json(&Message {
                    id,
                    phone: to.as_str(),
                    text,
                })
                .send()
                .await
                // reqwest's error names the URL, never the body: no number reaches the log.
                .map_err(|e| format!("SMS gateway unreachable: {}", e.without_url()))?;
            let status = answer.status();
            if status.is_success() {
                tracing::info!(target: "sms", to = %to.masked(), "SMS accepted by the gateway");
                Ok(())
            } else {
                Err(format!("SMS gateway answered {status}"))
            }
        })
    }

    fn kind(&self) -> &'static str {
        "http"
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;
    use axum::{Json, Router};

    use super::*;

    /// A fake gateway on loopback: records what it receives, answers `status`.
    async fn fake_gateway(status: StatusCode) -> (String, Arc<Mutex<Vec<(String, serde_json::Value)>>>) {
        let seen: Arc<Mutex<Vec<(String, serde_json::Value)>>> = Arc::default();
        let app = Router::new().route(
            "/sms",
            post({
                let seen = seen.clone();
                move |headers: HeaderMap, Json(body): Json<serde_json::Value>| async move {
                    let auth = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned();
                    seen.lock().unwrap().push((auth, body));
                    status
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/sms", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (url, seen)
    }

    #[tokio::test]
    async fn posts_the_message_with_the_token() {
        let (url, seen) = fake_gateway(StatusCode::OK).await;
        let sms = HttpSms::new(&url, "s3cret").unwrap();
        let phone = Phone::parse("13812345678").unwrap();
        sms.send(&phone, "验证码 123456", "m1").await.unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen[0].0, "Bearer s3cret");
        assert_eq!(
            seen[0].1,
            serde_json::json!({"id": "m1", "phone": "13812345678", "text": "验证码 123456"})
        );
    }

    #[tokio::test]
    async fn a_refusal_or_no_gateway_is_an_error_without_the_number() {
        let (url, _) = fake_gateway(StatusCode::SERVICE_UNAVAILABLE).await;
        let phone = Phone::parse("13812345678").unwrap();
        let e = HttpSms::new(&url, "t")
            .unwrap()
            .send(&phone, "x", "m2")
            .await
            .unwrap_err();
        assert!(e.contains("503"), "{e}");
        let e = HttpSms::new("http://127.0.0.1:9/sms", "t")
            .unwrap()
            .send(&phone, "x", "m3")
            .await
            .unwrap_err();
        assert!(e.contains("unreachable") && !e.contains("13812345678"), "{e}");
    }
}
