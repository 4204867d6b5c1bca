//! Writing a built site to disk, into a folder that may also hold the user's own files.
//!
//! An output folder is waveplan's only where waveplan says so: every build records the files it
//! wrote in [`MANIFEST`] inside the folder, and the next build replaces and deletes only those.
//! Anything else there (`.git/`, `CNAME`, a README) is kept. A non-empty folder without a
//! manifest is refused, except a site built by an older waveplan whose every file is one this
//! build writes. A build holds a lock on the folder while it writes, so a second build into the
//! same folder waits for the first. The files are written as they are made into a staging
//! folder inside the output folder and moved into place once the whole site is made
//! ([`Staging`]), so a build that fails leaves the folder as it was. See `docs/security.md`.

use crate::inputs::{self, escape_path};
use crate::site::Site;
use crate::site::urls::Export;
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

mod manifest;
mod staging;

pub use manifest::MANIFEST;
pub use staging::{STAGING, Staging};

/// A file every built site has.
pub const SITE_MARKER: &str = Export::PlanJson.path();

#[derive(Debug)]
pub enum WriteError {
    /// `-o` names a file, not a folder.
    NotAFolder(PathBuf),
    /// The output folder would hold or replace the plan folder itself.
    ContainsPlan(PathBuf),
    /// The output folder is inside what the build reads (plan.toml or an input folder).
    InsideInputs(PathBuf),
    /// A non-empty folder without a manifest: files in it waveplan did not write.
    NotASite {
        dir: PathBuf,
        foreign: Vec<String>,
        /// It has a plan.json: a site built by a waveplan that kept no manifest.
        legacy: bool,
    },
    /// Something not written by waveplan stands where the site needs to write.
    InTheWay {
        path: PathBuf,
        what: &'static str,
    },
    /// The manifest cannot be read.
    BadManifest(PathBuf, String),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotAFolder(p) => write!(
                f,
                "{} is a file, not a folder; -o names the folder to write the site into\n  = help: choose a folder, e.g. -o public",
                escape_path(p)
            ),
            WriteError::ContainsPlan(p) => write!(
                f,
                "the output folder {} is or holds the plan folder\n  = help: write the site to a folder of its own, e.g. -o public",
                escape_path(p)
            ),
            WriteError::InsideInputs(p) => write!(
                f,
                "the output folder {} is inside what the build reads (plan.toml or an input folder); the site would be read back as input\n  = help: write the site to a folder of its own, e.g. -o public",
                escape_path(p)
            ),
            WriteError::NotASite {
                dir,
                foreign,
                legacy,
            } => {
                write!(
                    f,
                    "{} holds files waveplan did not write ({}{}) and no {MANIFEST}; refusing to write into it",
                    escape_path(dir),
                    foreign.join(", "),
                    if foreign.len() >= manifest::SHOWN {
                        ", ..."
                    } else {
                        ""
                    }
                )?;
                if *legacy {
                    write!(
                        f,
                        "\n  = note: it looks like a site built by an older waveplan, which kept no list of what it wrote\n  = help: move your own files out, build once, then put them back: from then on they are kept"
                    )
                } else {
                    write!(
                        f,
                        "\n  = help: choose a new or empty folder with -o; waveplan writes only into folders it made or that are empty"
                    )
                }
            }
            WriteError::InTheWay { path, what } => write!(
                f,
                "{} is {what} that waveplan did not write, where the site has a file of its own; nothing was replaced\n  = help: move it away, or rename the page or static file it collides with",
                escape_path(path)
            ),
            WriteError::BadManifest(p, why) => write!(
                f,
                "{} cannot be read ({why}); refusing to write into the folder\n  = help: remove the folder and build again",
                escape_path(p)
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}", escape_path(p)),
        }
    }
}

fn io_at(path: &Path) -> impl Fn(io::Error) -> WriteError + '_ {
    move |e| WriteError::Io(path.to_path_buf(), e)
}

/// Checks that `out` may receive a site of the plan in `plan_dir`, before anything is built or
/// written: not a file, not the plan folder or a folder holding it, not inside its inputs.
pub fn check_target(out: &Path, plan_dir: &Path) -> Result<(), WriteError> {
    if fs::metadata(out).is_ok_and(|m| !m.is_dir()) {
        return Err(WriteError::NotAFolder(out.to_path_buf()));
    }
    let (real_out, real_plan) = (inputs::resolve(out), inputs::resolve(plan_dir));
    if real_plan.starts_with(&real_out) {
        return Err(WriteError::ContainsPlan(out.to_path_buf()));
    }
    if inputs::is_input_location(plan_dir, out) {
        return Err(WriteError::InsideInputs(out.to_path_buf()));
    }
    Ok(())
}

/// Writes `site` into `out`, replacing only the files the last build there wrote. Says on
/// `notice` when it waits for another build into the same folder.
pub fn write_site(
    site: &Site,
    out: &Path,
    plan_dir: &Path,
    notice: &mut dyn Write,
) -> Result<(), WriteError> {
    use crate::site::Sink;
    let staging = Staging::open(out, plan_dir, notice)?;
    for (path, bytes) in &site.files {
        staging.put(path, bytes.clone());
    }
    staging.commit(&site.files.keys().cloned().collect())
}

/// Paths (files or folders) in `out` that stand where the new site writes and that the last
/// build wrote, to be removed first. Anything else in the way is an error.
fn obstacles(
    out: &Path,
    new: &BTreeSet<&str>,
    old: &BTreeSet<String>,
) -> Result<BTreeSet<String>, WriteError> {
    let mut found = BTreeSet::new();
    let mut checked = BTreeSet::new();
    for path in new {
        // Each folder the file goes into must be a real folder, or missing.
        let mut prefix = String::new();
        for part in path
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(&[][..], |(_, d)| d)
        {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if !checked.insert(prefix.clone()) {
                continue;
            }
            let target = out.join(&prefix);
            match fs::symlink_metadata(&target) {
                Err(_) => break,
                Ok(m) if m.is_dir() => {}
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(WriteError::InTheWay {
                        path: target,
                        what: "a link",
                    });
                }
                Ok(_) if old.contains(&prefix) => {
                    found.insert(prefix.clone());
                    break;
                }
                Ok(_) => {
                    return Err(WriteError::InTheWay {
                        path: target,
                        what: "a file",
                    });
                }
            }
        }
        let target = out.join(path);
        match fs::symlink_metadata(&target) {
            Err(_) => {}
            Ok(m) if m.is_file() && old.contains(*path) => {}
            Ok(m) if m.is_dir() => {
                let all_ours = manifest::files_under(out, path)
                    .is_ok_and(|files| files.iter().all(|f| old.contains(f)));
                if !all_ours {
                    return Err(WriteError::InTheWay {
                        path: target,
                        what: "a folder",
                    });
                }
                found.insert((*path).to_string());
            }
            Ok(m) if m.file_type().is_symlink() => {
                return Err(WriteError::InTheWay {
                    path: target,
                    what: "a link",
                });
            }
            Ok(_) => {
                return Err(WriteError::InTheWay {
                    path: target,
                    what: "a file",
                });
            }
        }
    }
    Ok(found)
}

/// Removes a file or folder of the last build that stands in the new site's way.
fn remove_ours(out: &Path, path: &str, old: &BTreeSet<String>) -> Result<(), WriteError> {
    let target = out.join(path);
    if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        let files = manifest::files_under(out, path).map_err(io_at(&target))?;
        for file in files.iter().filter(|f| old.contains(*f)) {
            let at = out.join(file);
            fs::remove_file(&at).map_err(io_at(&at))?;
            prune(out, file);
        }
        Ok(())
    } else {
        fs::remove_file(&target).map_err(io_at(&target))
    }
}

/// Removes the folders of `path` that are left empty, innermost first, never `out` itself.
fn prune(out: &Path, path: &str) {
    let mut rest = path;
    while let Some((dir, _)) = rest.rsplit_once('/') {
        if fs::remove_dir(out.join(dir)).is_err() {
            break;
        }
        rest = dir;
    }
}

/// Writes new files below `dir` (`init`, `templates`), never over anything: every target and
/// every folder it goes into is checked first, so a problem (an existing file, a file where a
/// folder must be) is reported before a single file is written. Returns the existing paths
/// that stopped it, or the first write error.
pub fn write_new_files(dir: &Path, files: &[(String, &[u8])]) -> Result<(), NewFilesError> {
    let mut existing = Vec::new();
    let mut blocked = BTreeSet::new();
    for (path, _) in files {
        if fs::symlink_metadata(dir.join(path)).is_ok() {
            existing.push(path.clone());
        }
        let mut folder = String::new();
        for part in path
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(&[][..], |(_, d)| d)
        {
            if !folder.is_empty() {
                folder.push('/');
            }
            folder.push_str(part);
            if fs::metadata(dir.join(&folder)).is_ok_and(|m| !m.is_dir()) {
                blocked.insert(folder.clone());
            }
        }
    }
    if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(NewFilesError::NotAFolder);
    }
    if !blocked.is_empty() {
        return Err(NewFilesError::Blocked(blocked.into_iter().collect()));
    }
    if !existing.is_empty() {
        return Err(NewFilesError::Existing(existing));
    }
    for (path, bytes) in files {
        let target = dir.join(path);
        target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&target, bytes))
            .map_err(|e| NewFilesError::Io(target, e))?;
    }
    Ok(())
}

/// Why [`write_new_files`] wrote nothing (or, for `Io`, stopped).
#[derive(Debug)]
pub enum NewFilesError {
    /// The folder to write into is a file.
    NotAFolder,
    /// Files that stand where folders must be made.
    Blocked(Vec<String>),
    /// Files that exist already.
    Existing(Vec<String>),
    Io(PathBuf, io::Error),
}

impl NewFilesError {
    /// "a, b, c, ..." of the paths concerned.
    pub fn some(paths: &[String]) -> String {
        let shown: Vec<&str> = paths.iter().take(3).map(String::as_str).collect();
        format!(
            "{}{}",
            shown.join(", "),
            if paths.len() > 3 { ", ..." } else { "" }
        )
    }
}

#[cfg(test)]
mod tests;
