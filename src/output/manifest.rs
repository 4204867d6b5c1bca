//! The output folder's own records: [`MANIFEST`] (what the last build wrote) and the lock that
//! keeps two builds from writing into one folder at once.

use super::{SITE_MARKER, WriteError};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The file in an output folder that lists, one path per entry, the files waveplan wrote
/// there. It is not part of the site: not in plan.json, not in an archive's `site/`.
pub const MANIFEST: &str = ".waveplan-manifest";
/// Foreign files named in a refusal.
pub const SHOWN: usize = 3;
/// The most a manifest may hold; a site of 100,000 workloads lists about 10 MiB of paths.
const MANIFEST_CAP: u64 = 64 << 20;

#[derive(serde::Serialize, serde::Deserialize)]
struct Listing {
    /// Always "waveplan": says what the file is to someone who finds it.
    written_by: String,
    files: Vec<String>,
}

/// A path waveplan may delete or replace: relative, without empty, `.` or `..` parts.
fn safe(path: &str) -> bool {
    !path.starts_with('/')
        && !path.contains('\0')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The files the last build wrote into `out`. Without a manifest: nothing for an empty folder;
/// for a site built by an older waveplan whose every file the new site (`is_site`) writes
/// again, those files; anything else is refused.
pub fn read(out: &Path, is_site: &dyn Fn(&str) -> bool) -> Result<BTreeSet<String>, WriteError> {
    let path = out.join(MANIFEST);
    match fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => {
            let bad = |why: String| WriteError::BadManifest(path.clone(), why);
            let mut bytes = Vec::new();
            File::open(&path)
                .and_then(|f| f.take(MANIFEST_CAP).read_to_end(&mut bytes))
                .map_err(|e| bad(e.to_string()))?;
            let listing: Listing =
                serde_json::from_slice(&bytes).map_err(|e| bad(format!("not a manifest: {e}")))?;
            if let Some(unsafe_path) = listing.files.iter().find(|p| !safe(p)) {
                return Err(bad(format!(
                    "it lists {unsafe_path:?}, which is not a path inside the folder"
                )));
            }
            Ok(listing.files.into_iter().collect())
        }
        Ok(_) => Err(WriteError::BadManifest(path, "not a regular file".into())),
        Err(_) => {
            let legacy = out.join(SITE_MARKER).is_file();
            let mut foreign = Vec::new();
            let mut all = BTreeSet::new();
            walk(out, "", &mut |rel| {
                if is_site(rel) {
                    all.insert(rel.to_string());
                } else {
                    foreign.push(rel.to_string());
                }
                foreign.len() < SHOWN
            })
            .map_err(|e| WriteError::Io(out.to_path_buf(), e))?;
            if foreign.is_empty() && (all.is_empty() || legacy) {
                Ok(all)
            } else {
                Err(WriteError::NotASite {
                    dir: out.to_path_buf(),
                    foreign: foreign.iter().map(|f| escape(f)).collect(),
                    legacy,
                })
            }
        }
    }
}

/// Before anything is written: a folder with neither a manifest nor a site of an older
/// waveplan (a `plan.json`) must be empty, else it is refused as [`read`] would refuse it.
pub fn refuse_other_files(out: &Path) -> Result<(), WriteError> {
    if fs::symlink_metadata(out.join(MANIFEST)).is_ok() || out.join(SITE_MARKER).is_file() {
        return Ok(());
    }
    read(out, &|_| false).map(|_| ())
}

fn escape(path: &str) -> String {
    crate::diagnostics::escape_controls(path).into_owned()
}

/// Calls `visit` with every file (anything not a folder) below `dir/rel`, relative to `dir`,
/// without following links; stops when `visit` returns false.
fn walk(dir: &Path, rel: &str, visit: &mut dyn FnMut(&str) -> bool) -> io::Result<bool> {
    let mut entries: Vec<_> = fs::read_dir(dir.join(rel))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if rel.is_empty() && name == super::STAGING {
            continue;
        }
        let child = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let go_on = if entry.file_type()?.is_dir() {
            walk(dir, &child, visit)?
        } else {
            visit(&child)
        };
        if !go_on {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Every file below `out/rel`, relative to `out`.
pub fn files_under(out: &Path, rel: &str) -> io::Result<Vec<String>> {
    let mut files = Vec::new();
    walk(out, rel, &mut |f| {
        files.push(f.to_string());
        true
    })?;
    Ok(files)
}

/// Records `files` as what waveplan wrote into `out`.
pub fn write(out: &Path, files: &BTreeSet<&str>) -> Result<(), WriteError> {
    let listing = Listing {
        written_by: "waveplan".into(),
        files: files.iter().map(|f| (*f).to_string()).collect(),
    };
    let mut json = serde_json::to_vec_pretty(&listing).unwrap_or_default();
    json.push(b'\n');
    let path = out.join(MANIFEST);
    replace_file(&path, &json).map_err(|e| WriteError::Io(path, e))
}

/// Writes `bytes` to `.NAME.waveplan-PID` beside `target` and renames it over `target`; the
/// temporary file never survives an error.
pub fn replace_file(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".waveplan-{}", std::process::id()));
    let tmp: PathBuf = target.with_file_name(tmp_name);
    let written = File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, target));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// An exclusive lock on an output folder, held while a build writes into it and released when
/// dropped (or when the process ends, however it ends: nothing is left to clean up).
pub struct Lock(#[allow(dead_code)] File);

impl Lock {
    /// Takes the lock on `dir`, waiting for another build that holds it (and saying so).
    pub fn take(dir: &Path, notice: &mut dyn Write) -> io::Result<Lock> {
        let file = File::open(dir)?;
        if !try_lock(&file, false)? {
            let _ = writeln!(
                notice,
                "waiting for another waveplan build into {} to finish",
                crate::inputs::escape_path(dir)
            );
            let _ = notice.flush();
            try_lock(&file, true)?;
        }
        Ok(Lock(file))
    }
}

/// `flock`: true when taken; with `wait`, blocks until it is.
#[cfg(unix)]
fn try_lock(file: &File, wait: bool) -> io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    let flags = if wait {
        libc::LOCK_EX
    } else {
        libc::LOCK_EX | libc::LOCK_NB
    };
    loop {
        // SAFETY: flock on a file descriptor this `File` owns for the duration of the call.
        if unsafe { libc::flock(file.as_raw_fd(), flags) } == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.kind() {
            io::ErrorKind::Interrupted => continue,
            io::ErrorKind::WouldBlock if !wait => return Ok(false),
            _ => return Err(e),
        }
    }
}

#[cfg(not(unix))]
fn try_lock(_file: &File, _wait: bool) -> io::Result<bool> {
    Ok(true)
}
