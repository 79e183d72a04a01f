//! One module per section of the portal; each keeps the server functions and page-data types
//! its pages load in its `data` module.
pub mod account;
pub mod home;
pub mod institutions;
pub mod not_found;
mod posted;
pub mod register;
pub mod services;
pub mod staff;

pub use posted::{FormValues, PostedForm};
