//! `waveplan templates DIR`: the built-in templates and static files, written out for editing.

use crate::inputs::escape_path;
use crate::output::{NewFilesError, write_new_files};
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
/// editing. Writes nothing if any of them exists, or if a file stands where a folder must be.
/// Returns the paths written.
fn write_builtins(dir: &Path) -> Result<Vec<String>, String> {
    let files = crate::site::builtin_files();
    let shown = escape_path(dir);
    write_new_files(dir, &files).map_err(|e| match e {
        NewFilesError::NotAFolder => format!("{shown} is a file, not a folder"),
        NewFilesError::Blocked(paths) => format!(
            "{shown} holds files where folders must be ({}); nothing was written",
            paths.join(", ")
        ),
        NewFilesError::Existing(paths) => format!(
            "{shown} already holds {}; nothing was written (delete or move them first)",
            paths.join(", ")
        ),
        NewFilesError::Io(path, e) => format!("cannot write {}: {e}", escape_path(&path)),
    })?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
