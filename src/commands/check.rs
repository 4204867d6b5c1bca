//! `waveplan check`: validates a plan and reports errors and warnings, as text or JSON.

use crate::diagnostics::{Diagnostic, Severity, summary};
use crate::inputs::{self, PLAN_FILE};
use crate::report::{self, Exit};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Reads and validates a plan folder: every diagnostic, errors and warnings. The site is built
/// in memory too, so `check` reports what `build` would (template errors, static files that
/// collide with pages) without writing anything.
pub fn diagnose(dir: &Path) -> Vec<Diagnostic> {
    match inputs::read_dir(dir) {
        Ok(inputs) => match crate::build::build(&inputs) {
            Ok(built) => built.warnings,
            Err(diagnostics) => diagnostics,
        },
        Err(diagnostics) => diagnostics,
    }
}

/// `waveplan check [DIR] [--format text|json] [--deny-warnings]`.
pub fn check(
    dir: &Path,
    format: Format,
    deny_warnings: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let diagnostics = diagnose(dir);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match format {
        Format::Json => {
            let doc = serde_json::json!({
                "ok": !failed,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            );
        }
        Format::Text => {
            report::diagnostics(&diagnostics, err, report::stderr_colour());
            let verdict = if failed { "failed" } else { "ok" };
            let _ = writeln!(
                err,
                "check {verdict}: {} ({})",
                dir.join(PLAN_FILE).display(),
                summary(&diagnostics)
            );
        }
    }
    if failed { Exit::Failed } else { Exit::Ok }
}
