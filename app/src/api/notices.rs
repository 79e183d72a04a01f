//! The person's inbox over `/api/v1`: what the office told them (a decision, a new service).

use serde::{Deserialize, Serialize};

/// One notice in the person's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NoticeView {
    pub id: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub read: bool,
}
