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

use crate::build::Built;
use crate::diagnostics::{Diagnostic, summary};
use crate::inputs::{self, Inputs};
use crate::report;
pub use crate::report::Exit;
pub use archive::archive;
pub use build::build;
pub use check::{Format, check};
pub use diff::diff;
pub use import::import;
pub use init::init;
pub use schema::schema;
pub use serve::serve;
use std::io::Write;
use std::path::Path;
pub use templates::templates;
pub use verify::verify;

/// Reads and builds the plan folder `dir` for the command `what` (`build`, `archive`), printing
/// the warnings (a summary per code when there are many; none when `quiet`); on errors prints
/// them and "`what` failed: ...; nothing was written".
fn build_or_report<S>(
    dir: &Path,
    what: &str,
    quiet: bool,
    err: &mut dyn Write,
    colour: bool,
    build: impl FnOnce(&Inputs) -> Result<Built<S>, Vec<Diagnostic>>,
) -> Result<(Inputs, Built<S>), Exit> {
    // A build of thousands of pages shows its progress on a terminal (cleared before the
    // warnings print).
    let built = crate::progress_line::show_while(
        &crate::progress_line::PAGES,
        crate::progress_line::wanted(quiet),
        || inputs::read_dir(dir).and_then(|inputs| build(&inputs).map(|built| (inputs, built))),
    );
    match built {
        Ok((inputs, built)) => {
            if !quiet {
                report::warnings(&built.warnings, err, colour, dir);
            }
            Ok((inputs, built))
        }
        Err(diagnostics) => {
            report::diagnostics(&diagnostics, err, colour);
            let _ = writeln!(
                err,
                "{what} failed: {}; nothing was written",
                summary(&diagnostics)
            );
            Err(Exit::Failed)
        }
    }
}
