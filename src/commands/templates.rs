//! `waveplan templates DIR`: the built-in templates and static files, written out for editing.

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
    #[error("{} already holds {}; nothing was written (delete or move them first)", dir.display(), existing.join(", "))]
    Exists { dir: PathBuf, existing: Vec<String> },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes the built-in templates and static files into `dir/templates` and `dir/static` for
/// editing. Writes nothing if any of them exists. Returns the paths written.
fn write_builtins(dir: &Path) -> Result<Vec<String>, BuiltinsError> {
    let files = crate::site::builtin_files();
    let existing: Vec<String> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| dir.join(p).exists())
        .cloned()
        .collect();
    if !existing.is_empty() {
        return Err(BuiltinsError::Exists {
            dir: dir.to_path_buf(),
            existing,
        });
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, bytes))
            .map_err(|source| BuiltinsError::Write {
                path: target.clone(),
                source,
            })?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
