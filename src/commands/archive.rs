//! `waveplan archive`: builds a signed-off plan and writes its reproducible `.tar.gz`.

use crate::archive::{Contents, INFO, MANIFEST, check_target, draft_reasons, write_atomic};
use crate::digest::sha256_hex;
use crate::planning::Status;
use crate::report::{self, Exit};
use std::io::Write;
use std::path::Path;

/// `waveplan archive DIR -o FILE [--allow-draft]`.
pub fn archive(dir: &Path, out: &Path, allow_draft: bool, err: &mut dyn Write) -> Exit {
    let colour = report::stderr_colour();
    if let Err(message) = check_target(dir, out) {
        let _ = writeln!(err, "error: {message}\narchive failed; nothing was written");
        return Exit::Failed;
    }
    let (inputs, built) =
        match super::build_or_report(dir, "archive", false, err, colour, crate::build::build) {
            Ok(pair) => pair,
            Err(exit) => return exit,
        };
    if built.computed.status == Status::Draft {
        if !allow_draft {
            report::diagnostics(
                &draft_reasons(&built.plan, &built.computed.approvals),
                err,
                colour,
            );
            let _ = writeln!(
                err,
                "archive refused: the plan is a draft (an archive records a signed-off plan); nothing was written\n  = help: pass --allow-draft to archive it marked as a draft"
            );
            return Exit::Failed;
        }
        let _ = writeln!(
            err,
            "note: archiving a draft (--allow-draft): archive.json says \"draft\""
        );
    }
    let packed =
        Contents::new(&inputs, built.archived()).and_then(|c| c.pack().map(|bytes| (c, bytes)));
    let (contents, bytes) = match packed {
        Ok(pair) => pair,
        Err(message) => {
            let _ = writeln!(err, "error: {message}; nothing was written");
            return Exit::Failed;
        }
    };
    if let Err(e) = write_atomic(out, &bytes) {
        let _ = writeln!(
            err,
            "error: cannot write {}: {e}; nothing was written",
            crate::inputs::escape_path(out)
        );
        return Exit::Failed;
    }
    let _ = writeln!(
        err,
        "archived {}: {}/ with {} files ({} site, {} source, {INFO}) and {MANIFEST}, {}, sha256 {}",
        out.display(),
        contents.top,
        contents.files.len().saturating_sub(1),
        built.site.files.len(),
        inputs.files.len(),
        built.computed.status.as_str(),
        sha256_hex(&bytes),
    );
    Exit::Ok
}
