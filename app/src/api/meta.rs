//! What `GET /api/v1` answers: where the API's description lives.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiRoot {
    pub name: String,
    pub version: String,
    /// Path of the OpenAPI document.
    pub openapi: String,
}
