//! Writing a built site to disk: into a temporary folder beside the output folder, then
//! swapped in, so a failed build never leaves the output half-written or emptied.

use crate::site::Site;
use crate::site::urls::Export;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file every built site has: an existing folder without it is not replaced.
pub const SITE_MARKER: &str = Export::PlanJson.path();

#[derive(Debug)]
pub enum WriteError {
    /// The output folder exists, holds files, and is not a waveplan site.
    NotASite(PathBuf),
    /// The output folder would hold or replace the plan folder itself.
    ContainsPlan(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotASite(p) => write!(
                f,
                "{} exists and is not a waveplan site (it has no {SITE_MARKER}); refusing to replace it\n  = help: choose another output folder with -o, or remove it yourself",
                p.display()
            ),
            WriteError::ContainsPlan(p) => write!(
                f,
                "the output folder {} would replace the plan folder\n  = help: write the site to a folder of its own, e.g. -o public",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

/// Writes `site` to `out`, replacing what was there only once the new site is complete.
pub fn write_site(site: &Site, out: &Path, plan_dir: &Path) -> Result<(), WriteError> {
    let io_err = |p: &Path| {
        let p = p.to_path_buf();
        move |e| WriteError::Io(p, e)
    };
    let abs = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if out.exists() && abs(plan_dir).starts_with(abs(out)) {
        return Err(WriteError::ContainsPlan(out.to_path_buf()));
    }
    if out.is_dir()
        && !out.join(SITE_MARKER).is_file()
        && fs::read_dir(out).map_err(io_err(out))?.next().is_some()
    {
        return Err(WriteError::NotASite(out.to_path_buf()));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let previous = out.join(SITE_MARKER).is_file().then_some(out);
    let written = write_tree(site, &staging, previous);
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        fs::rename(out, &retired).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            WriteError::Io(out.to_path_buf(), e)
        })?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        // Put the old site back rather than leave nothing.
        let _ = fs::rename(&retired, out);
        let _ = fs::remove_dir_all(&staging);
        return Err(WriteError::Io(out.to_path_buf(), e));
    }
    remove_tree(&retired);
    Ok(())
}

/// Writes every file of the site below `root`, on every core. A file whose bytes equal those
/// of the same path in `previous` (the site being replaced) is hard-linked instead of written:
/// a rebuild then allocates no inode for what did not change, which is most of the cost of
/// rewriting thousands of small files on ext4.
fn write_tree(site: &Site, root: &Path, previous: Option<&Path>) -> Result<(), WriteError> {
    fs::create_dir_all(root).map_err(|e| WriteError::Io(root.to_path_buf(), e))?;
    // Sorted, so a folder comes before the folders inside it.
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    for path in site.files.keys() {
        let mut rest = path.as_str();
        while let Some((dir, _)) = rest.rsplit_once('/') {
            if !dirs.insert(dir) {
                break;
            }
            rest = dir;
        }
    }
    for dir in dirs {
        let target = root.join(dir);
        if let Err(e) = fs::create_dir(&target)
            && e.kind() != io::ErrorKind::AlreadyExists
        {
            return Err(WriteError::Io(target, e));
        }
    }
    site.files.par_iter().try_for_each(|(path, bytes)| {
        let target = root.join(path);
        if let Some(old) = previous.map(|p| p.join(path))
            && unchanged(&old, bytes)
            && fs::hard_link(&old, &target).is_ok()
        {
            return Ok(());
        }
        fs::write(&target, bytes).map_err(|e| WriteError::Io(target.clone(), e))
    })
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

/// Removes a folder tree, its subfolders in parallel.
fn remove_tree(path: &Path) {
    let Ok(entries) = fs::read_dir(path) else {
        return;
    };
    let entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries
        .par_iter()
        .for_each(|entry| match entry.file_type() {
            Ok(t) if t.is_dir() => remove_tree(&entry.path()),
            _ => {
                let _ = fs::remove_file(entry.path());
            }
        });
    let _ = fs::remove_dir(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        let mut site = Site::default();
        site.insert(SITE_MARKER, "{}");
        for (path, text) in files {
            site.insert(*path, text.as_bytes().to_vec());
        }
        site
    }

    fn read_all(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).unwrap().map(Result::unwrap) {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((rel, fs::read_to_string(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_rebuild_replaces_changed_files_and_drops_removed_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let (plan, out) = (tmp.path().join("plan"), tmp.path().join("public"));
        fs::create_dir_all(&plan).unwrap();
        write_site(
            &site(&[("a/b/c.html", "one"), ("keep.css", "k"), ("gone.txt", "g")]),
            &out,
            &plan,
        )
        .unwrap();
        write_site(
            &site(&[
                ("a/b/c.html", "two"),
                ("keep.css", "k"),
                ("x/y/z/new.html", "n"),
            ]),
            &out,
            &plan,
        )
        .unwrap();
        assert_eq!(
            read_all(&out),
            vec![
                ("a/b/c.html".to_string(), "two".to_string()),
                ("keep.css".into(), "k".into()),
                ("plan.json".into(), "{}".into()),
                ("x/y/z/new.html".into(), "n".into()),
            ]
        );
        // Nothing is left beside the output: no staging or retired folder.
        let beside: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside.len(), 2, "{beside:?}");
    }

    #[test]
    fn a_folder_that_is_not_a_site_is_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("docs");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("precious.txt"), "mine").unwrap();
        let err = write_site(&site(&[]), &out, &tmp.path().join("plan")).unwrap_err();
        assert!(matches!(err, WriteError::NotASite(_)));
        assert_eq!(
            fs::read_to_string(out.join("precious.txt")).unwrap(),
            "mine"
        );
        // Nor the plan folder itself.
        let err = write_site(&site(&[]), tmp.path(), &tmp.path().join("plan")).unwrap_err();
        assert!(matches!(
            err,
            WriteError::ContainsPlan(_) | WriteError::NotASite(_)
        ));
    }
}
