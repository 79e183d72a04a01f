//! The portal process: configuration, the HTTP surface and its middleware. `main.rs` is the
//! command line; the library form lets the benchmarks drive the real router.

pub mod api;
pub mod client_ip;
pub mod config;
pub mod csrf;
pub mod extract;
pub mod health;
pub mod middleware;
pub mod providers;
pub mod rate_limit;
pub mod redirect;
pub mod register;
pub mod render;
pub mod routes;
pub mod services;
pub mod shutdown;
pub mod sign_in;
pub mod staff;
pub mod staff_forms;
pub mod state;
pub mod telemetry;
