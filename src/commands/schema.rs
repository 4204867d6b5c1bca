//! `waveplan schema`: the JSON Schema of plan.toml, for editors.

use crate::report::Exit;
use std::io::Write;

/// `waveplan schema`.
pub fn schema(out: &mut dyn Write) -> Exit {
    let text = serde_json::to_string_pretty(&crate::schema::json_schema()).unwrap_or_default();
    let _ = writeln!(out, "{text}");
    Exit::Ok
}
