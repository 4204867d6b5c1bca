//! Reading a plan folder into memory.
//!
//! Everything a build reads is read here, once, into [`Inputs`]: a sorted map from the path
//! relative to the plan folder (always with `/`) to the bytes. The rest of waveplan never
//! touches the file system for inputs, so `serve` can rebuild from memory and an archive's
//! `source/` is exactly what the build read.
//!
//! Inputs are regular files inside the plan folder, each within a size cap; see
//! [`read_regular_file`] and `docs/security.md`.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod regular;

pub use regular::{InputError, kind_of, read_regular_file, resolve_inside};

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
    let root = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    read_regular_file(&root, rel, cap_for(rel)).map_err(|e| vec![refusal(rel, &e)])
}

/// The error for an input that was not read.
fn refusal(rel: &str, e: &InputError) -> Diagnostic {
    Diagnostic::error("E-read", e.to_string())
        .in_file(rel)
        .help(e.help())
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

/// The most a plan.toml may hold (a 100,000-workload plan is about 26 MiB).
pub const PLAN_CAP: u64 = 64 << 20;
/// The most a note (`workloads/`, `rollback/`, `pages/`) may hold.
pub const NOTE_CAP: u64 = 16 << 20;
/// The most a template may hold.
pub const TEMPLATE_CAP: u64 = 4 << 20;
/// The most one asset or static file may hold.
pub const FILE_CAP: u64 = 64 << 20;
/// The most all the inputs of a plan folder may hold together.
pub const TOTAL_CAP: u64 = 160 << 20;

/// The size cap of the input at `rel` (relative to the plan folder, with `/`).
pub fn cap_for(rel: &str) -> u64 {
    match rel.split_once('/').map_or(rel, |(first, _)| first) {
        PLAN_FILE => PLAN_CAP,
        "workloads" | "rollback" | "pages" => NOTE_CAP,
        "templates" => TEMPLATE_CAP,
        _ => FILE_CAP,
    }
}

/// A path for messages: invalid UTF-8 bytes as `\xNN`, control characters escaped.
pub fn escape_path(path: &Path) -> String {
    escape_os(path.as_os_str())
}

/// A file name for messages: invalid UTF-8 bytes as `\xNN`, control characters escaped.
pub fn escape_os(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(name).to_vec();
    #[cfg(not(unix))]
    let bytes = name.to_string_lossy().into_owned().into_bytes();
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(&crate::diagnostics::escape_controls(chunk.valid()));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Whether `path` (which need not exist) is the plan file of the plan folder `root`, or inside one
/// of its input folders: what waveplan reads, so never a place to write.
pub fn is_input_location(root: &Path, path: &Path) -> bool {
    let (root, path) = (resolve(root), resolve(path));
    let Ok(rel) = path.strip_prefix(&root) else {
        return false;
    };
    let first = rel.components().next().map(|c| c.as_os_str());
    first.is_some_and(|first| first == PLAN_FILE || INPUT_DIRS.iter().any(|(dir, _)| first == *dir))
}

/// `path` made absolute with its longest existing part resolved (links followed), so two
/// spellings of one place compare equal even when the place does not exist yet.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// `[plan] baseline` of a plan.toml, when it names a file inside the plan folder (a path
/// that leaves it is reported by the build, and never read).
pub fn baseline_path(plan_toml: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Doc {
        plan: Option<PlanPart>,
    }
    #[derive(serde::Deserialize)]
    struct PlanPart {
        baseline: Option<String>,
    }
    let text = std::str::from_utf8(plan_toml).ok()?;
    let doc: Doc = toml::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    let path = doc.plan?.baseline?;
    let path = path.trim_start_matches("./");
    let inside = !path.starts_with('/')
        && !path.contains('\\')
        && !path.split('/').any(|p| p.is_empty() || p == "..");
    inside.then(|| path.to_string())
}

/// Reads `plan.toml` and the input folders of `dir`. Every file read is a regular file inside
/// the plan folder, within its size cap (see [`read_regular_file`]); a link to a folder is never
/// followed, so no walk can loop.
pub fn read_dir(dir: &Path) -> Result<Inputs, Vec<Diagnostic>> {
    let mut reader = Reader {
        root: match fs::canonicalize(dir) {
            Ok(root) => root,
            Err(_) => dir.to_path_buf(),
        },
        inputs: Inputs::default(),
        problems: Vec::new(),
        total: 0,
    };
    match read_regular_file(&reader.root, PLAN_FILE, PLAN_CAP) {
        Ok(bytes) => reader.add(PLAN_FILE.to_string(), bytes),
        Err(InputError::NotFound) => {
            reader.problems.push(
                Diagnostic::error(
                    "E-no-plan",
                    format!("no {PLAN_FILE} in {}", escape_path(dir)),
                )
                .in_file(PLAN_FILE)
                .help(format!(
                    "create a plan with `waveplan init {}`",
                    escape_path(dir)
                )),
            );
            return Err(reader.problems);
        }
        Err(e) => {
            reader.refuse(PLAN_FILE, &e);
            return Err(reader.problems);
        }
    }
    for &(sub, recursive) in INPUT_DIRS {
        match fs::symlink_metadata(reader.root.join(sub)) {
            Ok(meta) if meta.is_dir() => reader.read_tree(sub, recursive),
            Ok(meta)
                if meta.file_type().is_symlink()
                    && fs::metadata(reader.root.join(sub)).is_ok_and(|m| m.is_dir()) =>
            {
                reader.folder_link(sub);
            }
            _ => {}
        }
    }
    // The baseline archive is an input like an asset, wherever in the folder it is kept; the
    // build reports one that is missing.
    if let Some(rel) = reader.inputs.get(PLAN_FILE).and_then(baseline_path)
        && reader.inputs.get(&rel).is_none()
        && let Ok(bytes) = read_regular_file(&reader.root, &rel, FILE_CAP)
    {
        reader.add(rel, bytes);
    }
    if reader.total > TOTAL_CAP {
        reader.problems.push(
            Diagnostic::error(
                "E-read",
                format!(
                    "the plan folder's inputs hold {}, more than the {} waveplan reads",
                    regular::mib(reader.total),
                    regular::mib(TOTAL_CAP)
                ),
            )
            .help("keep large files out of the plan folder and link to them from a note"),
        );
    }
    if reader.problems.is_empty() {
        Ok(reader.inputs)
    } else {
        Err(reader.problems)
    }
}

struct Reader {
    root: PathBuf,
    inputs: Inputs,
    problems: Vec<Diagnostic>,
    total: u64,
}

impl Reader {
    fn add(&mut self, rel: String, bytes: Vec<u8>) {
        self.total += bytes.len() as u64;
        self.inputs.insert(rel, bytes);
    }

    fn refuse(&mut self, rel: &str, e: &InputError) {
        self.problems.push(refusal(rel, e));
    }

    fn folder_link(&mut self, rel: &str) {
        self.problems.push(
            Diagnostic::error(
                "E-read",
                "a link to a folder; waveplan does not follow links to folders",
            )
            .in_file(rel)
            .help("put the folder itself in the plan folder, or link its files one by one"),
        );
    }

    fn read_tree(&mut self, rel: &str, recursive: bool) {
        let entries = match fs::read_dir(self.root.join(rel)) {
            Ok(entries) => entries,
            Err(err) => {
                self.problems.push(
                    Diagnostic::error("E-read", format!("cannot read folder: {err}")).in_file(rel),
                );
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                self.problems.push(
                    Diagnostic::error("E-read", "file name is not valid UTF-8")
                        .in_file(&format!("{rel}/{}", escape_os(&entry.file_name())))
                        .help("rename the file using UTF-8 characters"),
                );
                continue;
            };
            if is_ignored_name(&name) {
                continue;
            }
            let child = format!("{rel}/{name}");
            let Ok(kind) = entry.file_type() else {
                continue; // gone since the listing
            };
            if kind.is_dir() {
                if recursive {
                    self.read_tree(&child, recursive);
                }
                continue;
            }
            if kind.is_symlink() && fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
                if recursive {
                    self.folder_link(&child);
                }
                continue;
            }
            match read_regular_file(&self.root, &child, cap_for(&child)) {
                Ok(bytes) => self.add(child, bytes),
                Err(e) => self.refuse(&child, &e),
            }
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
