//! waveplan: a cloud migration plan in, a static website out.
//!
//! The data flows one way: files ([`inputs`]) -> plan ([`load`], [`model`]) -> computed plan
//! (`plan`) -> a map of output files (`site`) -> disk, server or archive. See
//! `docs/architecture.md`.

pub mod archive;
pub mod baseline;
pub mod build;
pub mod changes;
pub mod commands;
pub mod diagnostics;
pub mod diff;
pub mod digest;
pub mod embedded;
pub mod export;
pub mod import;
pub mod inputs;
pub mod load;
pub mod model;
pub mod output;
pub mod planning;
pub mod progress_line;
pub mod reference;
pub mod report;
pub mod schema;
pub mod serve;
pub mod site;

/// The version recorded in archives and shown in page footers.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
