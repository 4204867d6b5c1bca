//! `waveplan schema`: the JSON Schema of plan.toml, for editors; or the key tables of the
//! reference (`docs/plan-format.md`) in markdown.

use crate::report::Exit;
use std::io::Write;

/// `waveplan schema [--format json|markdown]`.
pub fn schema(markdown: bool, out: &mut dyn Write) -> Exit {
    if markdown {
        let _ = write!(out, "{}", crate::reference::markdown());
    } else {
        let _ = writeln!(out, "{}", crate::reference::json_schema_text());
    }
    Exit::Ok
}
