//! The pages' plain form posts, for browsers without JavaScript: each does what the page's
//! island would, then redirects on, or shows the page again with the problems named
//! (`pages::again`).

pub mod care_mode;
pub mod providers;
pub mod register;
pub mod service_311;
pub mod sign_in;
pub mod staff;
pub mod staff_applications;
pub mod staff_assist;
pub mod staff_endings;
