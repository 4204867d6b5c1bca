//! Writing a built site to disk: into a temporary folder beside the output folder, then
//! swapped in, so a failed build never leaves the output half-written or emptied.

use crate::build::Site;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file every built site has: an existing folder without it is not replaced.
pub const SITE_MARKER: &str = "plan.json";

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
    let written = write_tree(site, &staging);
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
    let _ = fs::remove_dir_all(&retired);
    Ok(())
}

fn write_tree(site: &Site, root: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(root).map_err(|e| WriteError::Io(root.to_path_buf(), e))?;
    for (path, bytes) in &site.files {
        let target = root.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| WriteError::Io(dir.to_path_buf(), e))?;
        }
        fs::write(&target, bytes).map_err(|e| WriteError::Io(target.clone(), e))?;
    }
    Ok(())
}
