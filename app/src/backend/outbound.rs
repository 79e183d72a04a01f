//! The HTTP client for calls to other services (the SMS gateway, WeChat): ten seconds at most,
//! so that a slow gateway never holds a person's request or the outbox for long.

use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(10);

/// A client for `service` (named in the error when the TLS set-up fails).
pub fn client(service: &str) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| format!("{service} client: {e}"))
}
