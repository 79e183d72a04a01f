//! One module per section of the portal.
pub mod account;
pub mod home;
pub mod institutions;
pub mod not_found;
pub mod register;
pub mod services;
pub mod staff;
