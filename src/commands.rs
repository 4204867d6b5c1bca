//! The commands behind the command line, free of clap so tests can call them directly.
//! Each returns the process exit status: 0 success, 1 errors in the plan, 2 bad usage.

use crate::diagnostics::{Diagnostic, Severity, summary};
use crate::inputs::{self, PLAN_FILE};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const EXIT_OK: i32 = 0;
pub const EXIT_PLAN_ERROR: i32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Whether to colour reports on stderr: a terminal, and NO_COLOR unset.
pub fn stderr_colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Reads and validates a plan folder: every diagnostic, and whether it has errors.
pub fn diagnose(dir: &Path) -> Vec<Diagnostic> {
    match inputs::read_dir(dir) {
        Ok(inputs) => match crate::build::plan(&inputs) {
            Ok((_, _, warnings)) => warnings,
            Err(diagnostics) => diagnostics,
        },
        Err(diagnostics) => diagnostics,
    }
}

/// Prints diagnostics as a compiler would, then a summary line.
pub fn report(diagnostics: &[Diagnostic], err: &mut dyn Write, colour: bool) {
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render(colour));
    }
}

/// `waveplan check`.
pub fn check(
    dir: &Path,
    format: Format,
    deny_warnings: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
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
            report(&diagnostics, err, stderr_colour());
            let verdict = if failed { "failed" } else { "ok" };
            let _ = writeln!(
                err,
                "check {verdict}: {} ({})",
                dir.join(PLAN_FILE).display(),
                summary(&diagnostics)
            );
        }
    }
    if failed { EXIT_PLAN_ERROR } else { EXIT_OK }
}

/// `waveplan archive DIR -o FILE [--allow-draft]`: a reproducible `.tar.gz` of a signed-off plan.
pub fn archive(dir: &Path, out: &Path, allow_draft: bool, err: &mut dyn Write) -> i32 {
    crate::archive::archive_command(dir, out, allow_draft, err)
}

/// `waveplan verify FILE`: checks an archive's digests and that its source rebuilds its site.
pub fn verify(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    crate::archive::verify_command(file, out, err)
}

/// `waveplan diff OLD [NEW]`: what changed between two revisions (spec section 11).
pub fn diff(
    old: &str,
    new: Option<&str>,
    format: crate::diff::Format,
    exit_code: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    crate::diff::command(old, new, format, exit_code, out, err)
}

/// `waveplan schema`.
pub fn schema(out: &mut dyn Write) -> i32 {
    let text = serde_json::to_string_pretty(&crate::schema::json_schema()).unwrap_or_default();
    let _ = writeln!(out, "{text}");
    EXIT_OK
}

/// `waveplan init DIR`: writes the built-in example plan; never overwrites a file.
pub fn init(dir: &Path, err: &mut dyn Write) -> i32 {
    let existing: Vec<&str> = crate::embedded::CONTENT
        .iter()
        .map(|(path, _)| *path)
        .filter(|path| dir.join(path).exists())
        .collect();
    if !existing.is_empty() {
        let _ = writeln!(
            err,
            "error: {} already holds a plan; init writes nothing over existing files ({}{})\n  = help: choose a new or empty folder",
            dir.display(),
            existing
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
            if existing.len() > 3 { ", ..." } else { "" }
        );
        return EXIT_PLAN_ERROR;
    }
    for (path, bytes) in crate::embedded::CONTENT {
        let target = dir.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, bytes));
        if let Err(e) = written {
            let _ = writeln!(err, "error: cannot write {}: {e}", target.display());
            return EXIT_PLAN_ERROR;
        }
    }
    let _ = writeln!(
        err,
        "created a plan in {} ({} files); next: waveplan check {0}",
        dir.display(),
        crate::embedded::CONTENT.len()
    );
    EXIT_OK
}

/// `waveplan templates DIR`: writes the built-in templates and static files for editing;
/// never overwrites a file.
pub fn templates(dir: &Path, err: &mut dyn Write) -> i32 {
    match crate::site::write_builtins(dir) {
        Ok(written) => {
            let _ = writeln!(
                err,
                "wrote {} files into {}/templates and {}/static; files of the same name there override the built-ins (delete the ones you do not change)",
                written.len(),
                dir.display(),
                dir.display()
            );
            EXIT_OK
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_PLAN_ERROR
        }
    }
}

/// `waveplan serve [DIR] [--bind IP] [--port N]`: the live preview, built and served from
/// memory. Runs until the process is stopped (Ctrl-C).
pub fn serve(dir: &Path, bind: std::net::IpAddr, port: u16, err: &mut dyn Write) -> i32 {
    let options = crate::serve::Options {
        dir: dir.to_path_buf(),
        bind,
        port,
    };
    crate::serve::run(&options, err)
}

/// `waveplan build`: renders the site into `out` (default `DIR/public`).
pub fn build(dir: &Path, out: Option<&Path>, err: &mut dyn Write) -> i32 {
    let started = Instant::now();
    let out: PathBuf = out.map_or_else(|| dir.join("public"), Path::to_path_buf);
    let built = inputs::read_dir(dir).and_then(|inputs| crate::build::build(&inputs));
    let built = match built {
        Ok(built) => built,
        Err(diagnostics) => {
            report(&diagnostics, err, stderr_colour());
            let _ = writeln!(
                err,
                "build failed: {}; nothing was written",
                summary(&diagnostics)
            );
            return EXIT_PLAN_ERROR;
        }
    };
    report(&built.warnings, err, stderr_colour());
    if let Err(e) = crate::output::write_site(&built.site, &out, dir) {
        let _ = writeln!(err, "error: {e}");
        return EXIT_PLAN_ERROR;
    }
    let pages = built
        .site
        .files
        .keys()
        .filter(|k| k.ends_with(".html"))
        .count();
    let _ = writeln!(
        err,
        "built {}: {} workloads, {} waves, {} pages, {} files, {} in {} ms ({})",
        out.display(),
        built.plan.workloads.len(),
        built.computed.waves.len(),
        pages,
        built.site.files.len(),
        crate::diagnostics::plural(built.warnings.len(), "warning"),
        started.elapsed().as_millis(),
        built.computed.status.as_str(),
    );
    EXIT_OK
}

/// `waveplan import`: discovery exports into a new plan folder or merged into a plan. The
/// report goes to `out`; on any error nothing is written.
pub fn import(
    options: &crate::import::Options,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let outcome = crate::import::prepare(options).and_then(|outcome| {
        crate::import::write(&outcome)
            .map(|()| outcome)
            .map_err(|d| vec![*d])
    });
    match outcome {
        Ok(outcome) => {
            let text = match format {
                Format::Text => outcome.report.text(),
                Format::Json => outcome.report.json() + "\n",
            };
            let _ = write!(out, "{text}");
            EXIT_OK
        }
        Err(diagnostics) => {
            report(&diagnostics, err, stderr_colour());
            let _ = writeln!(
                err,
                "import failed: {}; nothing was written",
                summary(&diagnostics)
            );
            EXIT_PLAN_ERROR
        }
    }
}
