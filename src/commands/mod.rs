//! The commands behind the command line, one file per subcommand (as cargo does), free of clap
//! so tests can call them directly. Each returns the process exit status ([`Exit`]).
//!
//! A command reads its arguments, calls the library (`build`, `archive`, `serve`...), prints
//! and picks the exit status. Nothing in the library imports this module.

pub mod archive;
pub mod build;
pub mod check;
pub mod diff;
pub mod import;
pub mod init;
pub mod schema;
pub mod serve;
pub mod templates;
pub mod verify;

pub use crate::report::Exit;
pub use archive::archive;
pub use build::build;
pub use check::{Format, check};
pub use diff::diff;
pub use import::import;
pub use init::init;
pub use schema::schema;
pub use serve::serve;
pub use templates::templates;
pub use verify::verify;
