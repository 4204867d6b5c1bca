//! `waveplan import`: discovery exports into a new plan folder or merged into a plan.

use super::Format;
use crate::diagnostics::summary;
use crate::import::{self, ImportOptions};
use crate::report::{self, Exit};
use std::io::Write;

/// The report goes to `out`; on any error nothing is written.
pub fn import(
    options: &ImportOptions,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let outcome = import::prepare(options).and_then(|outcome| {
        import::write(&outcome)
            .map(|()| outcome)
            .map_err(|d| vec![*d])
    });
    match outcome {
        Ok(outcome) => {
            let text = match format {
                Format::Text => outcome.report.text(),
                Format::Json => outcome.report.json() + "\n",
            };
            let _ = write!(out, "{text}");
            Exit::Ok
        }
        Err(diagnostics) => {
            report::diagnostics(&diagnostics, err, report::stderr_colour());
            let _ = writeln!(
                err,
                "import failed: {}; nothing was written",
                summary(&diagnostics)
            );
            Exit::Failed
        }
    }
}
