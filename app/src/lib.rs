//! The portal application: what the browser and the server share (domain types, pages,
//! components, API types) plus the server-side services behind the `ssr` feature.
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod pages;
pub mod text;
pub mod ui;
pub mod web;

#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "hydrate")]
pub mod wx;

mod app;
pub use app::{shell, App};
