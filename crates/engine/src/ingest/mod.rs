//! Bytes to tables. See the module docs of each stage.

pub mod status;

pub use status::classify_status;
