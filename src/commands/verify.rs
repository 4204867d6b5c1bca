//! `waveplan verify`: checks an archive and prints what it found.

use crate::archive::{read_archive_file, verify_bytes};
use crate::report::{self, Exit};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

/// `waveplan verify FILE`: the report goes to `out`; an unreadable archive is an error on `err`.
pub fn verify(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let shown = crate::inputs::escape_path(file);
    let verified = read_archive_file(file)
        .map_err(|e| format!("cannot read {shown}: {e}"))
        .and_then(|bytes| {
            verify_bytes(&bytes, crate::build::rebuilt).map_err(|why| format!("{shown}: {why}"))
        });
    let v = match verified {
        Ok(v) => v,
        Err(message) => {
            let _ = writeln!(err, "error: {message}\nverify failed: {}", shown);
            return Exit::Failed;
        }
    };
    if let Some(version) = &v.made_by {
        // First, because it explains a rebuild that differs.
        let _ = writeln!(
            out,
            "made by waveplan {version}, this is {}",
            crate::VERSION
        );
    }
    if v.ok() {
        let _ = writeln!(
            out,
            "verified: {} files, manifest ok, source digest ok, rebuild identical ({}/ in {})",
            v.files, v.top, shown,
        );
        return Exit::Ok;
    }
    for failure in &v.failures {
        let _ = writeln!(out, "FAILED {failure}");
    }
    report::diagnostics(&v.build_errors, out, false);
    let named: BTreeSet<&str> = v
        .failures
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| !p.is_empty())
        .collect();
    let _ = writeln!(
        out,
        "verify failed: {} problems, {} files named ({})",
        v.failures.len(),
        named.len(),
        shown
    );
    Exit::Failed
}
