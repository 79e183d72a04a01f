//! Pure domain rules and types: no I/O, no framework. Compiled into the wasm and the server.
pub mod geo;
pub mod institution;
pub mod phone;
