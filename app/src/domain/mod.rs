//! Pure domain rules and types: no I/O, no framework. Compiled into the wasm and the server.
pub mod calendar;
pub mod date;
pub mod geo;
pub mod id_number;
pub mod institution;
pub mod name;
pub mod phone;
pub mod registration;
pub mod service_311;
pub mod statistics;
