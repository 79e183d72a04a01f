//! The request and response types of `/api/v1`, shared by the server and the browser. The
//! pages' own server functions and data types live beside the pages (`pages/<section>/data.rs`).
pub mod auth;
pub mod calendar;
pub mod error;
pub mod institutions;
pub mod lists;
pub mod meta;
pub mod notices;
pub mod registration;
pub mod service_311;
pub mod statistics;
pub mod wechat;

pub use error::{ApiError, ErrorCode, FieldError};
