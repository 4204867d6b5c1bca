//! `waveplan templates DIR`: the built-in templates and static files, written out for editing.

use crate::report::Exit;
use std::io::Write;
use std::path::Path;

/// `waveplan templates DIR`: writes the built-in templates and static files for editing;
/// never overwrites a file.
pub fn templates(dir: &Path, err: &mut dyn Write) -> Exit {
    match write_builtins(dir) {
        Ok(written) => {
            let _ = writeln!(
                err,
                "wrote {} files into {}/templates and {}/static; files of the same name there override the built-ins (delete the ones you do not change)",
                written.len(),
                dir.display(),
                dir.display()
            );
            Exit::Ok
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Exit::Failed
        }
    }
}

/// Writes the built-in templates and static files into `dir/templates` and `dir/static` for
/// editing. Writes nothing if any of them exists. Returns the paths written.
fn write_builtins(dir: &Path) -> Result<Vec<String>, String> {
    let files = crate::site::builtin_files();
    let existing: Vec<&str> = files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| dir.join(p).exists())
        .collect();
    if !existing.is_empty() {
        return Err(format!(
            "{} already holds {}; nothing was written (delete or move them first)",
            dir.display(),
            existing.join(", ")
        ));
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, bytes))
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
