//! What a command hands back to the shell and how it prints diagnostics: the exit status and
//! the colour choice, declared once. A leaf module: it imports only [`crate::diagnostics`], so
//! the commands and the domain modules that print (`serve`) can both use it without a cycle.

use crate::diagnostics::{Diagnostic, FIRST_FEW, by_code, plural};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// The process exit status of every subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Success; warnings allowed.
    Ok = 0,
    /// Errors in the plan, a failed verify, or a file that cannot be read or written; for
    /// `diff --exit-code`, the two sides differ.
    Failed = 1,
    /// Bad usage (clap's status too): e.g. `serve` given something that is not a folder.
    Usage = 2,
    /// `diff` only: OLD or NEW has plan errors (1 there means "they differ").
    SideHasErrors = 3,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}

/// Whether to colour reports on stderr: a terminal, and NO_COLOR unset.
pub fn stderr_colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints diagnostics as a compiler would, one after the other.
pub fn diagnostics(diagnostics: &[Diagnostic], err: &mut dyn Write, colour: bool) {
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render(colour));
    }
}

/// A build prints every warning up to this many; past it, a summary per code.
pub const WARNINGS_IN_FULL: usize = 20;

/// A build's warnings: every one while there are at most [`WARNINGS_IN_FULL`]; past that, the
/// first few of each code with the count of the rest, then the count per code and how to see
/// them all (`waveplan check DIR`, which prints every one).
pub fn warnings(warnings: &[Diagnostic], err: &mut dyn Write, colour: bool, dir: &Path) {
    if warnings.len() <= WARNINGS_IN_FULL {
        diagnostics(warnings, err, colour);
        return;
    }
    let groups = by_code(warnings);
    for (code, group) in &groups {
        for d in group.iter().take(FIRST_FEW) {
            let _ = writeln!(err, "{}", d.render(colour));
        }
        if group.len() > FIRST_FEW {
            let _ = writeln!(
                err,
                "... and {}\n",
                plural(group.len() - FIRST_FEW, &format!("more {code} warning"))
            );
        }
    }
    let counts: Vec<String> = groups
        .iter()
        .map(|(code, group)| format!("{code} {}", group.len()))
        .collect();
    let _ = writeln!(
        err,
        "{} by code: {}\n  = note: `waveplan check {}` prints them all; the site lists them on warnings/index.html",
        plural(warnings.len(), "warning"),
        counts.join(", "),
        dir.display()
    );
}
