//! Reading an archive for `verify`, within budgets: the tar stream is read as it is
//! decompressed, each entry's size is checked against what is left of [`MAX_UNPACKED_BYTES`]
//! from its header before its data is read, and what follows the archive (data after the tar
//! end, after the gzip stream, a second gzip member) is a failure, not ignored.

use super::{DIR_MODE, FILE_MODE, MAX_UNPACKED_BYTES, Unreadable, check_path};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Read};

/// One thing wrong with an archive: the file it concerns (relative to the top folder, or the
/// entry path when it is outside it; empty for the archive as a whole) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: String,
    pub problem: String,
}

impl Failure {
    pub(crate) fn new(path: impl Into<String>, problem: impl Into<String>) -> Self {
        Failure {
            path: path.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

/// Bytes of tar headers, long names and padding allowed on top of the files' own bytes.
const TAR_OVERHEAD: u64 = 64 << 20;

/// The regular files of an unpacked archive, below the top folder.
pub(super) struct Unpacked {
    pub top: String,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// A reader that fails once more than `left` bytes went through it.
struct Budget<R> {
    inner: R,
    left: u64,
    exceeded: bool,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => self.left = left,
            None => {
                self.exceeded = true;
                return Err(io::Error::other(Unreadable::TooLarge.to_string()));
            }
        }
        Ok(n)
    }
}

/// Reads every entry of a `.tar.gz`. Unsafe or unexpected entries become failures; a stream
/// that cannot be read at all, or that runs past the budget, is an error.
pub(super) fn unpack(bytes: &[u8], failures: &mut Vec<Failure>) -> Result<Unpacked, Unreadable> {
    let gz = flate2::bufread::GzDecoder::new(bytes);
    if gz.header().is_none() && !bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(Unreadable::Gzip(io::Error::other("invalid gzip header")));
    }
    let mut archive = tar::Archive::new(Budget {
        inner: gz,
        left: MAX_UNPACKED_BYTES + TAR_OVERHEAD,
        exceeded: false,
    });
    let unpacked = untar(&mut archive, failures);
    let mut budget = archive.into_inner();
    if budget.exceeded {
        return Err(Unreadable::TooLarge);
    }
    let unpacked = unpacked?;
    // The rest of the gzip stream after the tar end: only zero padding belongs there.
    let mut rest = [0u8; 8192];
    let mut hidden = 0u64;
    loop {
        let n = budget.read(&mut rest).map_err(Unreadable::Gzip)?;
        if n == 0 {
            break;
        }
        hidden += rest[..n].iter().filter(|b| **b != 0).count() as u64;
    }
    if hidden > 0 {
        failures.push(Failure::new(
            "",
            format!("{hidden} bytes of data after the end of the tar archive"),
        ));
    }
    let after = budget.inner.into_inner();
    if after.starts_with(&[0x1f, 0x8b]) {
        failures.push(Failure::new(
            "",
            format!(
                "a second gzip member ({} bytes) after the archive; waveplan writes one",
                after.len()
            ),
        ));
    } else if !after.is_empty() {
        failures.push(Failure::new(
            "",
            format!(
                "{} bytes of trailing data after the gzip stream",
                after.len()
            ),
        ));
    }
    Ok(unpacked)
}

fn untar<R: Read>(
    archive: &mut tar::Archive<R>,
    failures: &mut Vec<Failure>,
) -> Result<Unpacked, Unreadable> {
    let corrupt = Unreadable::Tar;
    let mut top: Option<String> = None;
    let mut files = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut total: u64 = 0;
    for entry in archive.entries().map_err(corrupt)? {
        let mut entry = entry.map_err(corrupt)?;
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        if kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue; // metadata for other entries only
        }
        // `tar -czf x.tar.gz .` writes `./` before every path: harmless, so accepted.
        let path = raw
            .trim_start_matches("./")
            .trim_end_matches('/')
            .to_string();
        if path.is_empty() || path == "." {
            continue;
        }
        if let Err(why) = check_path(&path) {
            failures.push(Failure::new(
                crate::diagnostics::escape_controls(&raw),
                format!("unsafe entry: {why}"),
            ));
            continue;
        }
        let (first, rest) = path.split_once('/').unwrap_or((path.as_str(), ""));
        // Failures inside the top folder are named relative to it, like every other failure.
        let name = if rest.is_empty() { path.as_str() } else { rest };
        if rest.is_empty() && !kind.is_dir() {
            failures.push(Failure::new(name, "a file outside the top folder"));
            continue;
        }
        let top = top.get_or_insert_with(|| first.to_string());
        if first != top.as_str() {
            failures.push(Failure::new(
                path.clone(),
                format!("outside the top folder {top}/"),
            ));
            continue;
        }
        if !seen.insert(path.clone()) {
            failures.push(Failure::new(name, "appears more than once in the archive"));
            continue;
        }
        if let Some(problem) = unsupported(kind) {
            failures.push(Failure::new(name, problem));
            continue;
        }
        match entry.header().mode() {
            Ok(mode) if mode & 0o7777 == FILE_MODE || mode & 0o7777 == DIR_MODE => {}
            Ok(mode) => failures.push(Failure::new(
                name,
                format!(
                    "mode {:04o}; archives hold only {FILE_MODE:04o} and {DIR_MODE:04o}",
                    mode & 0o7777
                ),
            )),
            Err(_) => failures.push(Failure::new(name, "an unreadable mode")),
        }
        if kind.is_dir() {
            continue; // folders carry nothing to check; their files are checked
        }
        // Refused from the header, before a byte of it is read.
        let size = entry.size();
        if total.saturating_add(size) > MAX_UNPACKED_BYTES {
            return Err(Unreadable::EntryTooLarge {
                name: name.to_string(),
                size,
            });
        }
        total += size;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        (&mut entry)
            .take(size)
            .read_to_end(&mut bytes)
            .map_err(corrupt)?;
        files.insert(rest.to_string(), bytes);
    }
    match top {
        Some(top) => Ok(Unpacked { top, files }),
        // Refused entries are reported as such rather than as an empty archive.
        None if !failures.is_empty() => Ok(Unpacked {
            top: String::new(),
            files,
        }),
        None => Err(Unreadable::Empty),
    }
}

/// Why an entry type is refused, if it is: only regular files and folders belong in an archive.
fn unsupported(kind: tar::EntryType) -> Option<&'static str> {
    if kind.is_file() || kind.is_contiguous() || kind.is_dir() {
        None
    } else if kind.is_symlink() {
        Some("a symbolic link (archives hold regular files only)")
    } else if kind.is_hard_link() {
        Some("a hard link (archives hold regular files only)")
    } else {
        Some("an unsupported entry type (archives hold regular files and folders only)")
    }
}
