//! `waveplan diff OLD [NEW]` (spec section 11): what changed between two revisions of a plan,
//! on the inputs and on the results of planning.
//!
//! - [`sources`]: a side from a plan folder, a waveplan archive or `git:REV`;
//! - [`compare`]: the [`crate::changes::Changes`] between two planned sides (`keys`: the
//!   inputs as written);
//! - [`render`]: text, markdown and JSON.

pub mod compare;
mod keys;
pub mod render;
pub mod sources;

use crate::diagnostics::{Diagnostic, summary};
use crate::inputs::Inputs;
use crate::report::{self, Exit};
use compare::Planned;
use sources::{ReadError, Source};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// One side read and planned.
struct Side {
    source: Source,
    inputs: Inputs,
    plan: crate::model::Plan,
    computed: crate::planning::Computed,
    warnings: Vec<Diagnostic>,
}

/// `waveplan diff OLD [NEW]`: 0, or 1 with `exit_code` when anything differs; 2 on bad usage;
/// 3 when a side has plan errors.
pub fn command(
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
    let [old, new] = <[Side; 2]>::try_from(sides).unwrap_or_else(|_| unreachable!());
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

impl Side {
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

fn read_side(source: Source) -> Result<Side, SideError> {
    let inputs = match source.read() {
        Ok(inputs) => inputs,
        Err(ReadError::Source(e)) => return Err(SideError::Usage(e.0)),
        Err(ReadError::Plan(diagnostics)) => return Err(SideError::Plan(source, diagnostics)),
    };
    match crate::build::plan(&inputs) {
        Ok((plan, computed, warnings)) => Ok(Side {
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
