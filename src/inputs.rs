//! Reading a plan folder into memory.
//!
//! Everything a build reads is read here, once, into [`Inputs`]: a sorted map from the path
//! relative to the plan folder (always with `/`) to the bytes. The rest of waveplan never
//! touches the file system for inputs, so `serve` can rebuild from memory and an archive's
//! `source/` is exactly what the build read.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

pub const PLAN_FILE: &str = "plan.toml";

/// Workload notes: `workloads/<id>.md`.
pub const WORKLOADS_DIR: &str = "workloads";
/// Rollback notes: `rollback/<id>.md`.
pub const ROLLBACK_DIR: &str = "rollback";
/// Free pages: `pages/<slug>.md`.
pub const PAGES_DIR: &str = "pages";
/// Files the plan links to (rollback scripts...), copied into the site at the same path.
pub const ASSETS_DIR: &str = "assets";
/// Templates overriding the built-ins by name.
pub const TEMPLATES_DIR: &str = "templates";
/// Files copied to the site root, overriding the built-in static files by name.
pub const STATIC_DIR: &str = "static";

/// The folders of a plan folder that waveplan reads, and whether it descends into them.
pub const INPUT_DIRS: &[(&str, bool)] = &[
    (WORKLOADS_DIR, false),
    (ROLLBACK_DIR, false),
    (PAGES_DIR, false),
    (ASSETS_DIR, true),
    (TEMPLATES_DIR, true),
    (STATIC_DIR, true),
];

/// The note folders: each of their `.md` files shows on a page of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteFolder {
    Workloads,
    Rollback,
    Pages,
}

impl NoteFolder {
    pub const ALL: [NoteFolder; 3] = [
        NoteFolder::Workloads,
        NoteFolder::Rollback,
        NoteFolder::Pages,
    ];

    pub fn dir(self) -> &'static str {
        match self {
            NoteFolder::Workloads => WORKLOADS_DIR,
            NoteFolder::Rollback => ROLLBACK_DIR,
            NoteFolder::Pages => PAGES_DIR,
        }
    }

    /// The folder and the stem (workload id or page slug) of a note's path, relative to the
    /// plan folder: `workloads/<id>.md`, `rollback/<id>.md` or `pages/<slug>.md`, directly in
    /// the folder and not an ignored name. `None` for any other path.
    pub fn of(path: &str) -> Option<(NoteFolder, &str)> {
        let (dir, name) = path.split_once('/')?;
        let folder = NoteFolder::ALL.into_iter().find(|f| f.dir() == dir)?;
        let stem = name.strip_suffix(".md")?;
        (!name.contains('/') && !is_ignored_name(name)).then_some((folder, stem))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Inputs {
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Files below `dir/`, with their path relative to it.
    pub fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        let prefix = format!("{dir}/");
        self.files
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .map(move |(k, v)| (&k[dir.len() + 1..], v.as_slice()))
    }
}

/// The text of an input file without the byte order mark some editors write first: every
/// reader of plan.toml, notes and templates sees the text from its first character.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Whether a file name is one waveplan should never read: hidden files and editor leftovers.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Reads one file of the plan folder again (for `serve`, after a change), as [`read_dir`]
/// reads it. `rel` is relative to `dir`, with `/`.
pub fn read_file(dir: &Path, rel: &str) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    read_input(&dir.join(rel), rel, &mut problems).ok_or(problems)
}

/// Whether `rel`, a path relative to the plan folder (with `/`), is a file [`read_dir`]
/// reads: plan.toml, or a file of an input folder that is not ignored (for reading a plan
/// from elsewhere than a folder, such as a git revision).
pub fn is_input_path(rel: &str) -> bool {
    if rel == PLAN_FILE {
        return true;
    }
    let Some((dir, rest)) = rel.split_once('/') else {
        return false;
    };
    INPUT_DIRS
        .iter()
        .any(|&(d, recursive)| d == dir && (recursive || !rest.contains('/')))
        && !rest.split('/').any(is_ignored_name)
}

/// Reads `plan.toml` and the input folders of `dir`.
pub fn read_dir(dir: &Path) -> Result<Inputs, Vec<Diagnostic>> {
    let mut inputs = Inputs::default();
    let mut problems = Vec::new();
    let plan_path = dir.join(PLAN_FILE);
    match fs::read(&plan_path) {
        Ok(bytes) => inputs.insert(PLAN_FILE, bytes),
        Err(err) => {
            let message = if err.kind() == std::io::ErrorKind::NotFound {
                format!("no {PLAN_FILE} in {}", dir.display())
            } else {
                format!("cannot read {}: {err}", plan_path.display())
            };
            problems.push(
                Diagnostic::error("E-no-plan", message)
                    .in_file(PLAN_FILE)
                    .help(format!(
                        "create a plan with `waveplan init {}`",
                        dir.display()
                    )),
            );
            return Err(problems);
        }
    }
    for &(sub, recursive) in INPUT_DIRS {
        let path = dir.join(sub);
        if path.is_dir() {
            read_tree(&path, sub, recursive, &mut inputs, &mut problems);
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(problems)
    }
}

fn read_tree(
    path: &Path,
    rel: &str,
    recursive: bool,
    inputs: &mut Inputs,
    problems: &mut Vec<Diagnostic>,
) {
    let entries = match fs::read_dir(path) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(
                Diagnostic::error("E-read", format!("cannot read folder: {err}")).in_file(rel),
            );
            return;
        }
    };
    let mut names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    for entry in names {
        let Some(name) = entry
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
        else {
            problems.push(
                Diagnostic::error("E-read", "file name is not valid UTF-8")
                    .in_file(&format!("{rel}/{}", entry.display()))
                    .help("rename the file using UTF-8 characters"),
            );
            continue;
        };
        if is_ignored_name(&name) {
            continue;
        }
        let child = format!("{rel}/{name}");
        if entry.is_dir() {
            if recursive {
                read_tree(&entry, &child, recursive, inputs, problems);
            }
            continue;
        }
        if let Some(bytes) = read_input(&entry, &child, problems) {
            inputs.insert(child, bytes);
        }
    }
}

/// Reads the input file at `path`, known to the build as `rel`; a problem goes to `problems`.
fn read_input(path: &Path, rel: &str, problems: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    match fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            problems
                .push(Diagnostic::error("E-read", format!("cannot read file: {err}")).in_file(rel));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_paths() {
        let is_note_path = |path| NoteFolder::of(path).is_some();
        assert_eq!(
            NoteFolder::of("workloads/crm.md"),
            Some((NoteFolder::Workloads, "crm"))
        );
        assert_eq!(
            NoteFolder::of("rollback/crm.md"),
            Some((NoteFolder::Rollback, "crm"))
        );
        assert_eq!(
            NoteFolder::of("pages/glossary.md"),
            Some((NoteFolder::Pages, "glossary"))
        );
        assert!(!is_note_path("plan.toml"));
        assert!(!is_note_path("workloads/crm.txt"));
        assert!(!is_note_path("workloads/sub/crm.md"));
        assert!(!is_note_path("assets/crm.md"));
        assert!(!is_note_path("templates/page.md"));
        assert!(!is_note_path("workloads/.crm.md"));
    }
}
