//! The HTTP client for calls to other services (the SMS gateway, WeChat): ten seconds at most,
//! so that a slow gateway never holds a person's request or the outbox for long.

use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(10);

/// Sends `request` and reads its JSON answer; `what` names the call in the errors. The URL is
/// left out of them: its query carries secrets and tokens (WeChat's appsecret, access_token).
pub async fn json_answer<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
    what: &str,
) -> Result<T, String> {
    request
        .send()
        .await
        .map_err(|e| format!("{what} unreachable: {}", e.without_url()))?
        .json()
        .await
        .map_err(|e| format!("{what} answer unreadable: {}", e.without_url()))
}

/// A client for `service` (named in the error when the TLS set-up fails).
pub fn client(service: &str) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| format!("{service} client: {e}"))
}
