//! `waveplan init [--example NAME] DIR`: a new plan folder holding a built-in example plan.

use crate::embedded::{EXAMPLES, example};
use crate::inputs::escape_path;
use crate::output::{NewFilesError, write_new_files};
use crate::report::Exit;
use std::io::Write;
use std::path::Path;

/// `waveplan init DIR`: writes the built-in example plan `name` (the first of
/// [`EXAMPLES`] when `None`), with the `#:schema` line and `plan.schema.json` for editors
/// (`reference::init_files`); never overwrites a file, and writes nothing when a file stands
/// where the plan needs a folder. An unknown name is bad usage, and the error lists the names.
pub fn init(dir: &Path, name: Option<&str>, err: &mut dyn Write) -> Exit {
    let chosen = match name {
        None => EXAMPLES[0],
        Some(name) => match example(name) {
            Some(e) => e,
            None => {
                let _ = writeln!(err, "error: there is no example `{name}`");
                for e in EXAMPLES {
                    let _ = writeln!(err, "  = {}: {}", e.name, e.about);
                }
                let _ = writeln!(
                    err,
                    "  = help: waveplan init --example {} {}",
                    EXAMPLES[EXAMPLES.len() - 1].name,
                    escape_path(dir)
                );
                return Exit::Usage;
            }
        },
    };
    let init_files = crate::reference::init_files(chosen);
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
        "created a plan in {shown} ({} files, example `{}`); next: waveplan check {shown}",
        files.len(),
        chosen.name
    );
    Exit::Ok
}
