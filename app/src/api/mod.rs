//! The request and response types of `/api/v1`, shared by the server and the browser.
pub mod auth;
pub mod error;
pub mod institutions;
pub mod meta;
pub mod registration;
pub mod services;
pub mod staff;

pub use error::{ApiError, ErrorCode, FieldError};
