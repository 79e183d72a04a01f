//! The service layer's one error type, mapped once to an HTTP answer in the API error shape.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::api::{ApiError, ErrorCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The database could not be reached or answered with an error.
    #[error("storage: {0}")]
    Storage(#[from] sqlx::Error),
    /// Wait before trying again; the message says how long, in Chinese.
    #[error("rate limited for {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64, message: String },
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but not allowed to do this; the message says why, in Chinese.
    #[error("forbidden")]
    Forbidden(String),
    /// The request conflicts with what is stored; the message says what to do, in Chinese.
    #[error("conflict")]
    Conflict(String),
    /// A service we depend on (the SMS gateway) failed; the detail is logged.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// WeChat's API failed or could not be reached; the detail is logged.
    #[error("WeChat: {0}")]
    WeChat(String),
    /// A defect of ours; the detail is logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
}

/// A domain check's problems, each naming its field.
impl From<Vec<crate::domain::registration::check::Problem>> for Error {
    fn from(problems: Vec<crate::domain::registration::check::Problem>) -> Error {
        Error::Invalid(problems.into_iter().map(FieldError::from).collect())
    }
}

impl Error {
    /// Invalid input in one field: `message` names the field and says how to fix it.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Error {
        Error::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// The Chinese message a person reads for this error (never the logged detail): for
    /// invalid input, what each field needs.
    pub fn user_message(&self) -> String {
        match self {
            Error::Invalid(fields) if !fields.is_empty() => {
                fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("；")
            }
            _ => self.status_and_body().1.message,
        }
    }

    pub fn status_and_body(&self) -> (StatusCode, ApiError) {
        match self {
            Error::NotFound => (StatusCode::NOT_FOUND, ApiError::new(ErrorCode::NotFound)),
            Error::Invalid(fields) => (StatusCode::BAD_REQUEST, ApiError::invalid(fields.clone())),
            Error::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ApiError {
                    message: "短信发送暂时不可用，请稍后重试；如急需办理，请拨打 12333。".into(),
                    ..ApiError::new(ErrorCode::ServiceUnavailable)
                },
            ),
            Error::Storage(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ApiError::new(ErrorCode::ServiceUnavailable),
            ),
            Error::WeChat(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ApiError {
                    message: "微信服务暂时不可用，请稍后重试。".into(),
                    ..ApiError::new(ErrorCode::ServiceUnavailable)
                },
            ),
            Error::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ApiError::new(ErrorCode::Internal)),
            Error::RateLimited { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                ApiError {
                    message: message.clone(),
                    ..ApiError::new(ErrorCode::RateLimited)
                },
            ),
            Error::Unauthenticated => (StatusCode::UNAUTHORIZED, ApiError::new(ErrorCode::Unauthenticated)),
            Error::Forbidden(message) => (
                StatusCode::FORBIDDEN,
                ApiError {
                    message: message.clone(),
                    ..ApiError::new(ErrorCode::Forbidden)
                },
            ),
            Error::Conflict(message) => (
                StatusCode::CONFLICT,
                ApiError {
                    message: message.clone(),
                    ..ApiError::new(ErrorCode::Conflict)
                },
            ),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        if status.is_server_error() {
            // The detail goes to the log only; people get the Chinese message.
            tracing::error!(error = %self, "request failed");
        }
        let mut res = (status, Json(body)).into_response();
        if let Error::RateLimited { retry_after_secs, .. } = self {
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, retry_after_secs.into());
        }
        res
    }
}

/// For server functions: the person's message only (the detail goes to the log).
pub fn fn_error(e: Error) -> leptos::prelude::ServerFnError {
    let (status, body) = e.status_and_body();
    if status.is_server_error() {
        tracing::error!(error = %e, "server function failed");
    }
    leptos::prelude::ServerFnError::new(body.message)
}
