//! `waveplan templates DIR`: the built-in templates and static files, written out for editing.

use crate::inputs::escape_path;
use crate::output::{NewFilesError, write_new_files};
use crate::report::Exit;
use std::io::Write;
use std::path::{Path, PathBuf};

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
        Err(why) => {
            let _ = writeln!(err, "error: {why}");
            Exit::Failed
        }
    }
}

/// Why the built-ins were not written.
#[derive(Debug, thiserror::Error)]
enum BuiltinsError {
    #[error("{} is a file, not a folder", escape_path(dir))]
    NotAFolder { dir: PathBuf },
    #[error("{} holds files where folders must be ({}); nothing was written", escape_path(dir), blocked.join(", "))]
    Blocked { dir: PathBuf, blocked: Vec<String> },
    #[error("{} already holds {}; nothing was written (delete or move them first)", escape_path(dir), existing.join(", "))]
    Exists { dir: PathBuf, existing: Vec<String> },
    #[error("cannot write {}: {source}", escape_path(path))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes the built-in templates and static files into `dir/templates` and `dir/static` for
/// editing. Writes nothing if any of them exists, or if a file stands where a folder must be.
/// Returns the paths written.
fn write_builtins(dir: &Path) -> Result<Vec<String>, BuiltinsError> {
    let files = crate::site::builtin_files();
    let dir_buf = dir.to_path_buf();
    write_new_files(dir, &files).map_err(|e| match e {
        NewFilesError::NotAFolder => BuiltinsError::NotAFolder { dir: dir_buf },
        NewFilesError::Blocked(blocked) => BuiltinsError::Blocked {
            dir: dir_buf,
            blocked,
        },
        NewFilesError::Existing(existing) => BuiltinsError::Exists {
            dir: dir_buf,
            existing,
        },
        NewFilesError::Io(path, source) => BuiltinsError::Write { path, source },
    })?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
