//! `waveplan init DIR`: a new plan folder holding the built-in example plan.

use crate::inputs::escape_path;
use crate::output::{NewFilesError, write_new_files};
use crate::report::Exit;
use std::io::Write;
use std::path::Path;

/// `waveplan init DIR`: writes the built-in example plan, with the `#:schema` line and
/// `plan.schema.json` for editors (`reference::init_files`); never overwrites a file, and
/// writes nothing when a file stands where the plan needs a folder.
pub fn init(dir: &Path, err: &mut dyn Write) -> Exit {
    let init_files = crate::reference::init_files();
    let files: Vec<(String, &[u8])> = init_files
        .iter()
        .map(|(path, bytes)| ((*path).to_string(), bytes.as_ref()))
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
        "created a plan in {shown} ({} files); next: waveplan check {shown}",
        files.len()
    );
    Exit::Ok
}
