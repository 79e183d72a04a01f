//! Server-side services (only with the `ssr` feature): what the API handlers and server
//! functions call. Storage is reached only through `store`.
pub mod error;
pub mod store;

pub use error::Error;
