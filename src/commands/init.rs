//! `waveplan init DIR`: a new plan folder holding the built-in example plan.

use crate::report::Exit;
use std::io::Write;
use std::path::Path;

/// `waveplan init DIR`: writes the built-in example plan, with the `#:schema` line and
/// `plan.schema.json` for editors (`reference::init_files`); never overwrites a file.
pub fn init(dir: &Path, err: &mut dyn Write) -> Exit {
    let files = crate::reference::init_files();
    let existing: Vec<&str> = files
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
        return Exit::Failed;
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, bytes));
        if let Err(e) = written {
            let _ = writeln!(err, "error: cannot write {}: {e}", target.display());
            return Exit::Failed;
        }
    }
    let _ = writeln!(
        err,
        "created a plan in {} ({} files); next: waveplan check {0}",
        dir.display(),
        files.len()
    );
    Exit::Ok
}
