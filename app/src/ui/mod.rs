//! Components shared by pages.
pub mod care_mode;
pub mod chart;
pub mod csrf;
pub mod error_summary;
pub mod institution_card;
pub mod layout;
pub mod phone;
pub mod select;
pub mod step_checks;
pub mod table;
pub mod wechat;
