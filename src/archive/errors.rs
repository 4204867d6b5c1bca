//! Why an archive could not be written or read.

use super::{INFO, MAX_UNPACKED_BYTES};
use std::io;

/// Why a path cannot go into an archive (and come out the same everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadPath {
    #[error("absolute path")]
    Absolute,
    #[error("a path with an empty, `.` or `..` part")]
    DotPart,
    #[error("a backslash or control character in the path")]
    Character,
}

/// Why an archive could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("cannot archive {path}: {why}")]
    Path { path: String, why: BadPath },
    #[error("cannot write {info}: {source}", info = INFO)]
    Info { source: serde_json::Error },
    #[error("{0} would be both a file and a folder")]
    FileAndFolder(String),
    #[error("cannot add {path} to the archive: {source}")]
    Add { path: String, source: io::Error },
    #[error("cannot finish the archive: {0}")]
    Finish(io::Error),
    #[error("cannot compress the archive: {0}")]
    Compress(io::Error),
}

/// Why bytes cannot be read as an archive at all (what can be read is checked and reported
/// as failures instead).
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    #[error("not a readable .tar.gz archive (gzip: {0})")]
    Gzip(io::Error),
    #[error("unpacks to more than {} MiB; refusing to read it", MAX_UNPACKED_BYTES >> 20)]
    TooLarge,
    #[error("not a readable .tar.gz archive (tar: {0})")]
    Tar(io::Error),
    #[error("an empty archive: it holds no files")]
    Empty,
    /// Refused from its tar header, before a byte of it is read.
    #[error("{name} is {} MiB by its tar header: the archive would unpack to more than the {} MiB verify reads; refusing it", size >> 20, MAX_UNPACKED_BYTES >> 20)]
    EntryTooLarge { name: String, size: u64 },
}
