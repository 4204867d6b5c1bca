//! The one way waveplan reads a file of a plan folder: a regular file inside the folder, up to a
//! size cap, never blocking. Every input goes through [`read_regular_file`], and so must every
//! input a later feature adds (results, scenarios, baselines, spreadsheets): see
//! `docs/security.md`.
//!
//! The path is resolved first (links followed) and must stay inside the plan folder; its type is
//! checked before it is opened (a FIFO, socket or device is never opened), it is opened without
//! following a last link and without blocking, and checked again on the open file, so a file
//! swapped for a FIFO in between cannot make a rebuild wait.

use std::fmt;
use std::fs::{self, File, FileType};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Why a plan file was not read.
#[derive(Debug)]
pub enum InputError {
    /// Nothing at that path (or a link to nothing).
    NotFound,
    /// A link that resolves outside the plan folder.
    Outside(PathBuf),
    /// Not a regular file: "a FIFO", "a socket", "a device", "a folder".
    NotRegular(&'static str),
    /// Larger than the cap for its kind of input.
    TooLarge {
        size: u64,
        cap: u64,
    },
    Io(io::Error),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound => f.write_str("no such file (or a link to nothing)"),
            InputError::Outside(target) => write!(
                f,
                "a link that leads outside the plan folder (to {}); waveplan reads only files inside it",
                super::escape_path(target)
            ),
            InputError::NotRegular(kind) => write!(
                f,
                "{kind}, not a regular file; waveplan reads only regular files"
            ),
            InputError::TooLarge { size, cap } => write!(
                f,
                "{} is larger than the {} this kind of input may have",
                mib(*size),
                mib(*cap)
            ),
            InputError::Io(e) => write!(f, "cannot read it: {e}"),
        }
    }
}

impl InputError {
    /// What to do about it, for the diagnostic's help line.
    pub fn help(&self) -> &'static str {
        match self {
            InputError::NotFound => "create the file, or remove the link",
            InputError::Outside(_) => "copy the file into the plan folder instead of linking to it",
            InputError::NotRegular(_) => {
                "remove it from the plan folder, or replace it with a file"
            }
            InputError::TooLarge { .. } => {
                "keep large files out of the plan folder and link to them from a note"
            }
            InputError::Io(_) => "check the file's permissions",
        }
    }
}

/// "3.2 MiB".
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
}

fn io_error(e: io::Error) -> InputError {
    if e.kind() == io::ErrorKind::NotFound {
        InputError::NotFound
    } else {
        InputError::Io(e)
    }
}

/// What a file type is, when it is not a regular file.
pub fn kind_of(t: FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    if t.is_dir() {
        Some("a folder")
    } else if t.is_file() {
        None
    } else {
        Some("a special file")
    }
}

/// The real path of `root/rel`, if it is inside `root` (which must be canonical).
pub fn resolve_inside(root: &Path, rel: &str) -> Result<PathBuf, InputError> {
    let real = fs::canonicalize(root.join(rel)).map_err(io_error)?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(InputError::Outside(real))
    }
}

/// Reads `root/rel` (`rel` with `/`), which must be a regular file inside `root` of at most `cap`
/// bytes. `root` must be canonical (see [`std::fs::canonicalize`]). Never blocks on a FIFO and
/// never opens a device.
pub fn read_regular_file(root: &Path, rel: &str, cap: u64) -> Result<Vec<u8>, InputError> {
    let real = resolve_inside(root, rel)?;
    let before = fs::metadata(&real).map_err(io_error)?;
    if let Some(kind) = kind_of(before.file_type()) {
        return Err(InputError::NotRegular(kind));
    }
    let file = open_nonblocking(&real).map_err(io_error)?;
    // Checked again on what was opened: the path may have changed in between.
    let meta = file.metadata().map_err(InputError::Io)?;
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(InputError::NotRegular(kind));
    }
    if meta.len() > cap {
        return Err(InputError::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grows while it is read still stops at the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(InputError::TooLarge {
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn root() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(tmp.path()).unwrap().join("plan");
        fs::create_dir_all(&root).unwrap();
        (tmp, root)
    }

    #[test]
    fn a_regular_file_inside_is_read() {
        let (_tmp, root) = root();
        fs::write(root.join("a.md"), "hello").unwrap();
        std::os::unix::fs::symlink("a.md", root.join("b.md")).unwrap();
        assert_eq!(read_regular_file(&root, "a.md", 10).unwrap(), b"hello");
        assert_eq!(read_regular_file(&root, "b.md", 10).unwrap(), b"hello");
    }

    #[test]
    fn links_out_fifos_and_large_files_are_refused() {
        let (_tmp, root) = root();
        std::os::unix::fs::symlink("/etc/hostname", root.join("out.md")).unwrap();
        assert!(matches!(
            read_regular_file(&root, "out.md", 1 << 20),
            Err(InputError::Outside(_))
        ));
        let fifo = std::ffi::CString::new(root.join("pipe.md").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        assert!(matches!(
            read_regular_file(&root, "pipe.md", 1 << 20),
            Err(InputError::NotRegular(_))
        ));
        fs::write(root.join("big.md"), vec![b'x'; 11]).unwrap();
        assert!(matches!(
            read_regular_file(&root, "big.md", 10),
            Err(InputError::TooLarge { size: 11, cap: 10 })
        ));
        assert!(matches!(
            read_regular_file(&root, "none.md", 10),
            Err(InputError::NotFound)
        ));
    }
}
