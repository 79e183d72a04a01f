//! The request and response types of `/api/v1`, shared by the server and the browser.
pub mod auth;
pub mod error;
pub mod institutions;
pub mod meta;
pub mod registration;
pub mod services;
pub mod staff;

pub use error::{ApiError, ErrorCode, FieldError};

/// What a page shows after its form was posted with problems: each problem (field id,
/// message) and the values sent, so nothing typed is lost. The server provides it to the
/// render of the page (`server/src/render.rs`); every form page reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostedForm {
    pub problems: Vec<(String, String)>,
    pub values: crate::domain::registration::Answers,
}

impl PostedForm {
    pub fn value(&self, key: &str) -> String {
        self.values.get(key).cloned().unwrap_or_default()
    }
}
