//! The portal process: configuration, the HTTP surface and its middleware. `main.rs` is the
//! command line; the library form lets the benchmarks drive the real router.
//!
//! The HTTP surface by kind: `api` (JSON handlers), `forms` (the pages' plain form posts),
//! `pages` (rendering a page from a handler), `extract` (what handlers take), and `routes`,
//! which wires them together and is the only module that knows them all. `ops` holds the
//! operator's commands beside serving (`check-config`, `backup`, `restore`).

pub mod api;
pub mod client_ip;
pub mod config;
pub mod csrf;
pub mod extract;
pub mod forms;
pub mod metrics;
pub mod middleware;
pub mod ops;
pub mod page_cache;
pub mod pages;
pub mod rate_limit;
pub mod redirect;
pub mod routes;
pub mod shutdown;
pub mod site_check;
pub mod state;
pub mod telemetry;
