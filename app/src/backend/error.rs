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
}

impl Error {
    pub fn status_and_body(&self) -> (StatusCode, ApiError) {
        match self {
            Error::NotFound => (StatusCode::NOT_FOUND, ApiError::new(ErrorCode::NotFound)),
            Error::Invalid(fields) => (StatusCode::BAD_REQUEST, ApiError::invalid(fields.clone())),
            Error::Storage(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ApiError::new(ErrorCode::ServiceUnavailable),
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
        (status, Json(body)).into_response()
    }
}
