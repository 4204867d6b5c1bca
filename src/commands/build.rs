//! `waveplan build`: renders the site and writes it to disk.

use crate::diagnostics::plural;
use crate::output::Staging;
use crate::report::{self, Exit};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `waveplan build [DIR] [-o OUT] [--quiet]`: renders the site into `out` (default
/// `DIR/public`). `quiet` prints only errors.
pub fn build(dir: &Path, out: Option<&Path>, quiet: bool, err: &mut dyn Write) -> Exit {
    let started = Instant::now();
    let colour = report::stderr_colour();
    let out: PathBuf = out.map_or_else(|| dir.join("public"), Path::to_path_buf);
    // Before anything is read or built: a wrong -o, or a folder of other files, is refused
    // whatever the plan says. The pages go into the folder's staging as they are made; a
    // build that fails leaves the folder as it was.
    let staging = match Staging::open(&out, dir, err) {
        Ok(staging) => staging,
        Err(e) => {
            let _ = writeln!(err, "error: {e}\nbuild failed; nothing was written");
            return Exit::Failed;
        }
    };
    let built = match super::build_or_report(dir, "build", quiet, err, colour, |inputs| {
        crate::build::build_into(inputs, &staging)
    }) {
        Ok((_, built)) => built,
        Err(exit) => return exit,
    };
    if let Err(e) = staging.commit(&built.site) {
        let _ = writeln!(err, "error: {e}\nbuild failed");
        return Exit::Failed;
    }
    if quiet {
        return Exit::Ok;
    }
    let pages = built.site.iter().filter(|k| k.ends_with(".html")).count();
    let _ = writeln!(
        err,
        "built {}: {} workloads, {} waves, {} pages, {} files, {} in {} ms ({})",
        crate::inputs::escape_path(&out),
        built.plan.workloads.len(),
        built.computed.waves.len(),
        pages,
        built.site.len(),
        plural(built.warnings.len(), "warning"),
        started.elapsed().as_millis(),
        built.computed.status.as_str(),
    );
    Exit::Ok
}
