//! Server-side services (only with the `ssr` feature): what the API handlers and server
//! functions call. Storage is reached only through `store`.
pub mod error;
pub mod institutions;
pub mod store;

pub use error::{fn_error, Error};

use institutions::Directory;
use store::Store;

/// What handlers and server functions work with; the server builds one at start-up and
/// provides it to every page render and server function as context.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub directory: Directory,
    /// The address people reach the portal at (QR codes point there).
    pub public_url: String,
}

/// The services, inside a server function or a page render.
pub fn services() -> Result<Services, leptos::prelude::ServerFnError> {
    leptos::prelude::use_context::<Services>()
        .ok_or_else(|| leptos::prelude::ServerFnError::new("services are not provided"))
}

/// The current time as stored in the database: RFC 3339, UTC, second precision.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}
