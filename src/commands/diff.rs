//! `waveplan diff OLD [NEW]`: reads and plans both sides, then compares and renders them
//! through [`crate::diff`].

use crate::diagnostics::{Diagnostic, summary};
use crate::diff::compare::{self, Planned};
use crate::diff::sources::{ReadError, Source};
use crate::diff::{Format, render};
use crate::inputs::Inputs;
use crate::report::{self, Exit};
use std::io::Write;
use std::path::Path;

/// One side read and planned.
struct ReadSide {
    source: Source,
    inputs: Inputs,
    plan: crate::model::Plan,
    computed: crate::planning::Computed,
    warnings: Vec<Diagnostic>,
}

/// `waveplan diff OLD [NEW]`: 0, or 1 with `exit_code` when anything differs; 2 on bad usage;
/// 3 when a side has plan errors.
pub fn diff(
    old: &str,
    new: Option<&str>,
    format: Format,
    exit_code: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let new = new.unwrap_or(".");
    // git:REV reads the NEW folder (or the current folder when NEW is itself git:REV).
    let git_dir = if new.starts_with("git:") {
        Path::new(".")
    } else {
        Path::new(new)
    };
    let parsed = Source::parse(old, git_dir).and_then(|o| Ok((o, Source::parse(new, git_dir)?)));
    let (old_source, new_source) = match parsed {
        Ok(pair) => pair,
        Err(e) => return usage(err, &e.0),
    };
    if matches!(old_source, Source::Git { .. }) && matches!(new_source, Source::Archive(_)) {
        return usage(
            err,
            &format!(
                "`{old}` reads the NEW plan folder at a revision, but NEW ({new}) is not a folder"
            ),
        );
    }
    let mut sides = Vec::new();
    let mut failed = false;
    for (role, source) in [("OLD", old_source), ("NEW", new_source)] {
        match read_side(source) {
            Ok(side) => sides.push(side),
            Err(SideError::Usage(message)) => return usage(err, &message),
            Err(SideError::Plan(source, diagnostics)) => {
                let _ = writeln!(err, "{role} ({}) has plan errors:", source.label());
                report::diagnostics(&diagnostics, err, report::stderr_colour());
                let _ = writeln!(err, "{role}: {}", summary(&diagnostics));
                failed = true;
            }
        }
    }
    if failed {
        let _ = writeln!(err, "diff failed: fix the plan errors above");
        return Exit::SideHasErrors;
    }
    let [old, new] = <[ReadSide; 2]>::try_from(sides).unwrap_or_else(|_| unreachable!());
    let mut changes = compare::compare(&old.planned_ref(), &new.planned_ref());
    changes.old.source = Some(old.source.label());
    changes.new.source = Some(new.source.label());
    let text = match format {
        Format::Text => render::text(&changes),
        Format::Json => render::json(&changes),
        Format::Markdown => render::markdown(&changes),
    };
    let _ = out.write_all(text.as_bytes());
    if exit_code && !changes.is_empty() {
        Exit::Failed
    } else {
        Exit::Ok
    }
}

impl ReadSide {
    fn planned_ref(&self) -> Planned<'_> {
        Planned {
            inputs: &self.inputs,
            plan: &self.plan,
            computed: &self.computed,
            warnings: &self.warnings,
        }
    }
}

enum SideError {
    Usage(String),
    Plan(Source, Vec<Diagnostic>),
}

fn read_side(source: Source) -> Result<ReadSide, SideError> {
    let inputs = match source.read() {
        Ok(inputs) => inputs,
        Err(ReadError::Source(e)) => return Err(SideError::Usage(e.0)),
        Err(ReadError::Plan(diagnostics)) => return Err(SideError::Plan(source, diagnostics)),
    };
    match crate::build::plan(&inputs) {
        Ok((plan, computed, warnings)) => Ok(ReadSide {
            source,
            inputs,
            plan,
            computed,
            warnings,
        }),
        Err(diagnostics) => Err(SideError::Plan(source, diagnostics)),
    }
}

fn usage(err: &mut dyn Write, message: &str) -> Exit {
    let _ = writeln!(
        err,
        "error: {message}\n  = usage: waveplan diff OLD [NEW] (each a plan folder, a waveplan archive or git:REV)"
    );
    Exit::Usage
}
