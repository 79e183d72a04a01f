//! Components shared by pages.
pub mod care_mode;
pub mod layout;
