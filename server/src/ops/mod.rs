//! The operator's commands beside `serve`: `check-config` (what would run, and whether it can)
//! and `backup`/`restore` of a SQLite database.

pub mod backup;
pub mod check_config;
