//! A site written into the output folder as it is made: each file goes into [`STAGING`], a
//! folder of waveplan's own inside the output folder (same file system, under the build's
//! lock), named by a number, unless the output folder already holds the same bytes there.
//! [`Staging::commit`] then checks the folder against the manifest and moves the new files
//! into place, one rename each. A staging dropped without a commit (the plan or a template
//! failed) is removed: the output folder is left as it was.

use super::{WriteError, io_at, manifest};
use crate::site::Sink;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// The staging folder inside the output folder; never part of the site or the manifest.
pub const STAGING: &str = ".waveplan-staging";

/// Where a file of the site is before the commit.
enum Staged {
    /// The output folder holds these bytes already: nothing to move.
    Unchanged,
    /// `STAGING/<number>`.
    At(usize),
}

/// An output folder taking a site file by file (a [`Sink`]); see the module.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// The outermost folder this build made for `out`, removed again if it fails.
    made: Option<PathBuf>,
    _lock: manifest::Lock,
    next: AtomicUsize,
    staged: Mutex<Vec<(String, Staged)>>,
    /// The first file that could not be staged.
    failed: Mutex<Option<WriteError>>,
    committed: bool,
}

fn unpoisoned<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Staging {
    /// Opens `out` for a build of the plan in `plan_dir`: checks the target, makes the folder,
    /// takes its lock (saying on `notice` when it waits for another build), refuses a folder
    /// of other files, and clears what a build that was killed may have left in [`STAGING`].
    pub fn open(
        out: &Path,
        plan_dir: &Path,
        notice: &mut dyn Write,
    ) -> Result<Staging, WriteError> {
        super::check_target(out, plan_dir)?;
        let made = out
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
            .last()
            .map(Path::to_path_buf);
        fs::create_dir_all(out).map_err(io_at(out))?;
        let staging = |lock: manifest::Lock| -> Result<Staging, WriteError> {
            let dir = out.join(STAGING);
            clear(&dir).map_err(io_at(out))?;
            fs::create_dir(&dir).map_err(io_at(out))?;
            Ok(Staging {
                out: out.to_path_buf(),
                dir,
                made: made.clone(),
                _lock: lock,
                next: AtomicUsize::new(0),
                staged: Mutex::new(Vec::new()),
                failed: Mutex::new(None),
                committed: false,
            })
        };
        let opened = manifest::Lock::take(out, notice)
            .map_err(io_at(out))
            .and_then(|lock| {
                manifest::refuse_other_files(out)?;
                staging(lock)
            });
        if opened.is_err() {
            remove_made(made.as_deref(), out);
        }
        opened
    }

    /// Moves the staged files into place, replacing only what the last build wrote and
    /// keeping the user's files; `paths` is every path of the site. Fails on the first file
    /// that could not be staged, or on something of the user's in the way (then nothing of
    /// the folder's is replaced).
    pub fn commit(mut self, paths: &BTreeSet<String>) -> Result<(), WriteError> {
        if let Some(e) = unpoisoned(&self.failed).take() {
            return Err(e);
        }
        let out = self.out.clone();
        let old = manifest::read(&out, &|p| paths.contains(p))?;
        let new: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        let obstacles = super::obstacles(&out, &new, &old)?;
        // Listed first, so that whatever happens next every file waveplan may have written
        // is known.
        let union: BTreeSet<&str> = old.iter().map(String::as_str).chain(new.clone()).collect();
        manifest::write(&out, &union)?;
        for path in &obstacles {
            super::remove_ours(&out, path, &old)?;
        }
        let staged = std::mem::take(&mut *unpoisoned(&self.staged));
        self.move_in(&staged)?;
        for gone in old.iter().filter(|p| !new.contains(p.as_str())) {
            let target = out.join(gone);
            if fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) {
                fs::remove_file(&target).map_err(io_at(&target))?;
            }
            super::prune(&out, gone);
        }
        manifest::write(&out, &new)?;
        self.committed = true;
        fs::remove_dir(&self.dir).map_err(io_at(&out))
    }

    /// Makes the folders of the staged files and renames each over its path, on every core: a
    /// reader sees the old file or the new one, and a link a user may have put there is
    /// replaced, never followed.
    fn move_in(&self, staged: &[(String, Staged)]) -> Result<(), WriteError> {
        let mut dirs: BTreeSet<&str> = BTreeSet::new();
        for (path, _) in staged {
            if let Some((dir, _)) = path.rsplit_once('/') {
                dirs.insert(dir);
            }
        }
        for dir in dirs {
            let target = self.out.join(dir);
            fs::create_dir_all(&target).map_err(io_at(&target))?;
        }
        staged
            .par_iter()
            .try_for_each(|(path, staged)| match staged {
                Staged::Unchanged => Ok(()),
                Staged::At(n) => {
                    let target = self.out.join(path);
                    fs::rename(self.dir.join(n.to_string()), &target).map_err(io_at(&target))
                }
            })
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        if unpoisoned(&self.failed).is_some() {
            return;
        }
        let target = self.out.join(path);
        let staged = if unchanged(&target, &bytes) {
            Staged::Unchanged
        } else {
            let n = self.next.fetch_add(1, Ordering::Relaxed);
            if let Err(e) = fs::write(self.dir.join(n.to_string()), &bytes) {
                // The user's path in the message, never the staging folder's.
                unpoisoned(&self.failed).get_or_insert(WriteError::Io(target, e));
                return;
            }
            Staged::At(n)
        };
        unpoisoned(&self.staged).push((path.to_string(), staged));
    }
}

impl Drop for Staging {
    /// Without a commit, the staged files go, and the output folder too if this build made it.
    fn drop(&mut self) {
        if !self.committed {
            let _ = clear(&self.dir);
            remove_made(self.made.as_deref(), &self.out);
        }
    }
}

/// Removes what stands at `dir` (the staging folder of a build that did not finish).
fn clear(dir: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(dir),
        Ok(_) => fs::remove_file(dir),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Removes the empty folders from `out` up to `made`, the outermost one a build made.
fn remove_made(made: Option<&Path>, out: &Path) {
    let Some(made) = made else { return };
    for dir in out.ancestors() {
        if fs::remove_dir(dir).is_err() || dir == made {
            break;
        }
    }
}

/// Whether the file at `path` holds exactly `bytes` (a regular file, not a link).
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}
