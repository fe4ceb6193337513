//! The pure core: scenarios, validation, scoring and runs. Nothing here draws to a
//! terminal; the CLI and the TUI are thin layers over it.

pub mod audit;
pub mod best_path;
pub mod bounded_read;
pub mod curriculum;
pub mod diagram;
pub mod diff;
pub mod excerpt;
pub mod finding;
pub mod graph;
pub mod library;
pub mod limits;
pub mod paths;
pub mod rubric;
pub mod sanitize;
pub mod scenario;
pub mod schema;
pub mod scoring;
pub mod session;
pub mod starter;
pub mod store;
pub mod transcript;
pub mod validate;
