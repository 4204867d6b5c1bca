//! `waveplan init DIR`: a new plan folder holding the built-in example plan.

use crate::inputs::escape_path;
use crate::output::{NewFilesError, write_new_files};
use crate::report::Exit;
use std::io::Write;
use std::path::Path;

/// `waveplan init DIR`: writes the built-in example plan; never overwrites a file.
pub fn init(dir: &Path, err: &mut dyn Write) -> Exit {
    let files: Vec<(String, &[u8])> = crate::embedded::CONTENT
        .iter()
        .map(|(path, bytes)| ((*path).to_string(), *bytes))
        .collect();
    let shown = escape_path(dir);
    let problem = match write_new_files(dir, &files) {
        Ok(()) => None,
        Err(NewFilesError::NotAFolder) => Some(format!("{shown} is a file, not a folder")),
        Err(NewFilesError::Blocked(files)) => Some(format!(
            "{shown} holds files where the plan needs folders ({}); nothing was written\n  = help: choose a new or empty folder",
            NewFilesError::some(&files)
        )),
        Err(NewFilesError::Existing(files)) => Some(format!(
            "{shown} already holds a plan; init writes nothing over existing files ({})\n  = help: choose a new or empty folder",
            NewFilesError::some(&files)
        )),
        Err(NewFilesError::Io(path, e)) => {
            Some(format!("cannot write {}: {e}", escape_path(&path)))
        }
    };
    if let Some(problem) = problem {
        let _ = writeln!(err, "error: {problem}");
        return Exit::Failed;
    }
    let _ = writeln!(
        err,
        "created a plan in {} ({} files); next: waveplan check {0}",
        dir.display(),
        crate::embedded::CONTENT.len()
    );
    Exit::Ok
}
