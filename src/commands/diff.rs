//! `waveplan diff OLD [NEW]`: what changed between two revisions of a plan.

use crate::report::Exit;
use std::io::Write;

/// `waveplan diff OLD [NEW]`: what changed between two revisions (spec section 11).
pub fn diff(
    old: &str,
    new: Option<&str>,
    format: crate::diff::Format,
    exit_code: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    crate::diff::command(old, new, format, exit_code, out, err)
}
