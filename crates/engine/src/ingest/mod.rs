//! Bytes to tables. See the module docs of each stage.
