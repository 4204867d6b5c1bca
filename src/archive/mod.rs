//! Archives: a reproducible `.tar.gz` of a signed-off plan (its source and its built site), and
//! the check that an archive is intact and still rebuilds to the same site.
//!
//! An archive holds one top folder `<slug(title)>-<slug(revision)>/` with `site/`, `source/`,
//! `archive.json` and `MANIFEST.sha256`. Everything is made in memory and written once, so the
//! same plan gives the same bytes and a failed run leaves nothing behind. The layout, the fixed
//! header fields and what `verify` checks are described in `docs/archive.md`.

use crate::diagnostics::{Diagnostic, summary};
use crate::digest::sha256_hex;
use crate::inputs::{self, Inputs, PLAN_FILE};
use crate::model::Plan;
use crate::planning::{ApprovalState, Status, approvals};
use flate2::{Compression, GzBuilder};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

mod errors;
mod unpack;
mod verify;

pub use errors::{BadPath, PackError, Unreadable};
pub use unpack::Failure;
pub use verify::{
    VERIFY_TIME, Verification, read_archive_file, read_checked, source_inputs, verify_bytes,
};

/// A build of a plan, as an archive holds it: the site's files, the plan and its status.
/// Archives sit below the build (a plan's `baseline` is an archive), so `verify` is handed
/// the function that rebuilds `source/` (`crate::build::rebuilt`) instead of calling it.
pub struct Rebuilt {
    pub site: BTreeMap<String, Vec<u8>>,
    pub plan: Plan,
    pub status: Status,
}

/// A build of a plan, borrowed: what [`Contents::new`] archives.
#[derive(Clone, Copy)]
pub struct BuiltRef<'a> {
    pub site: &'a BTreeMap<String, Vec<u8>>,
    pub plan: &'a Plan,
    pub status: Status,
}

/// How `verify` rebuilds an archive's `source/`.
pub type Rebuild = fn(&Inputs) -> Result<Rebuilt, Vec<Diagnostic>>;

pub const MANIFEST: &str = "MANIFEST.sha256";
pub const INFO: &str = "archive.json";
pub const SITE_DIR: &str = "site";
pub const SOURCE_DIR: &str = "source";

/// Every entry's modification time: 2000-01-01T00:00:00Z. Fixed so archives are reproducible;
/// not 0 because some tools treat a 1970 time as "missing" and zip cannot store it.
pub const MTIME: u64 = 946_684_800;
const FILE_MODE: u32 = 0o644;
const DIR_MODE: u32 = 0o755;
/// A fixed level: the deflate stream and the gzip XFL byte depend on it.
const GZIP_LEVEL: u32 = 9;
/// The gzip OS byte: 255 means "unknown", the same whichever platform made the archive.
const GZIP_OS_UNKNOWN: u8 = 255;
/// verify holds an archive's files in memory; a corrupt or hostile one must not exhaust it.
/// Twice what a plan folder may hold (its source and the site that copies its assets) and room
/// for the pages: with the rebuild, verify stays within 1 GiB.
pub const MAX_UNPACKED_BYTES: u64 = 2 * inputs::TOTAL_CAP + (64 << 20);

/// The keys archive.json must have, in the order they are written.
pub const INFO_KEYS: &[&str] = &[
    "title",
    "revision",
    "status",
    "approvals",
    "waveplan_version",
    "source_sha256",
    "files",
];

/// archive.json: what was archived, for people and for `verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveInfo {
    pub title: String,
    pub revision: String,
    /// "approved" or "draft".
    pub status: String,
    pub approvals: Vec<ApprovalInfo>,
    pub waveplan_version: String,
    /// See [`source_sha256`].
    pub source_sha256: String,
    /// Files in the archive other than MANIFEST.sha256: the number of manifest lines.
    pub files: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalInfo {
    pub role: String,
    pub name: String,
    /// "plan" or "wave-N".
    pub scope: String,
    /// `YYYY-MM-DD`, or null while the approval is pending.
    pub signed_on: Option<String>,
}

impl ArchiveInfo {
    /// What archive.json says for `plan`, given the digest of its source and the file count.
    pub fn describe(plan: &Plan, status: Status, source_sha256: String, files: usize) -> Self {
        ArchiveInfo {
            title: plan.meta.title.clone(),
            revision: plan.meta.revision.clone(),
            status: status.as_str().to_string(),
            approvals: plan
                .approvals
                .iter()
                .map(|a| ApprovalInfo {
                    role: a.role.clone(),
                    name: a.name.clone(),
                    scope: a.scope.to_string(),
                    signed_on: a.signed_on.map(|d| d.to_string()),
                })
                .collect(),
            waveplan_version: crate::VERSION.to_string(),
            source_sha256,
            files,
        }
    }
}

/// One `sha256sum -c` line: digest, two spaces (text mode), path, newline.
fn manifest_line(path: &str, bytes: &[u8]) -> String {
    format!("{}  {path}\n", sha256_hex(bytes))
}

/// MANIFEST.sha256 for `files` (paths relative to the top folder), in path order.
pub fn manifest(files: &BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .map(|(path, bytes)| manifest_line(path, bytes))
        .collect()
}

/// The digest of `source/` as a whole: the SHA-256 of the MANIFEST.sha256 lines of the files
/// below `source/`, in path order. Hashing names with contents means a renamed file changes it
/// too, and anyone can recompute it: `grep '  source/' MANIFEST.sha256 | sha256sum`.
pub fn source_sha256(files: &BTreeMap<String, Vec<u8>>) -> String {
    let prefix = format!("{SOURCE_DIR}/");
    let lines: String = files
        .iter()
        .filter(|(path, _)| path.starts_with(&prefix))
        .map(|(path, bytes)| manifest_line(path, bytes))
        .collect();
    sha256_hex(lines.as_bytes())
}

/// The top folder of a plan's archive.
pub fn top_folder(plan: &Plan) -> String {
    format!(
        "{}-{}",
        crate::export::slug(&plan.meta.title),
        crate::export::slug(&plan.meta.revision)
    )
}

/// Checks that a path can go into an archive and come out the same everywhere: relative, no
/// `.` or `..` or empty parts, no backslash, no control characters (a newline would also need
/// the escaped form of `sha256sum` lines, which we never write).
pub fn check_path(path: &str) -> Result<(), BadPath> {
    if path.starts_with('/') {
        return Err(BadPath::Absolute);
    }
    if path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err(BadPath::DotPart);
    }
    if path.contains('\\') || path.chars().any(char::is_control) {
        return Err(BadPath::Character);
    }
    Ok(())
}

/// The files of an archive, below its top folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub top: String,
    /// Path relative to the top folder -> bytes; includes archive.json and MANIFEST.sha256.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Contents {
    /// Assembles `site/`, `source/`, archive.json and the manifest of a build of `inputs`.
    pub fn new(inputs: &Inputs, built: BuiltRef<'_>) -> Result<Self, PackError> {
        let mut files = BTreeMap::new();
        for (dir, map) in [(SITE_DIR, built.site), (SOURCE_DIR, &inputs.files)] {
            for (path, bytes) in map {
                check_path(path).map_err(|why| PackError::Path {
                    path: format!("{dir}/{path}"),
                    why,
                })?;
                files.insert(format!("{dir}/{path}"), bytes.clone());
            }
        }
        // archive.json is listed in the manifest, so it counts itself.
        let count = files.len() + 1;
        let info = ArchiveInfo::describe(built.plan, built.status, source_sha256(&files), count);
        let mut json =
            serde_json::to_string_pretty(&info).map_err(|source| PackError::Info { source })?;
        json.push('\n');
        files.insert(INFO.to_string(), json.into_bytes());
        let manifest = manifest(&files);
        files.insert(MANIFEST.to_string(), manifest.into_bytes());
        Ok(Contents {
            top: top_folder(built.plan),
            files,
        })
    }

    /// Every tar entry: folders (ending in `/`) and files, full paths, sorted by bytes. A folder
    /// sorts before what it holds because it is a prefix of it.
    fn entries(&self) -> Result<BTreeMap<String, Option<&[u8]>>, PackError> {
        let mut entries = BTreeMap::new();
        entries.insert(format!("{}/", self.top), None);
        for (path, bytes) in &self.files {
            let mut dir = self.top.clone();
            let parts: Vec<&str> = path.split('/').collect();
            for part in parts.iter().take(parts.len().saturating_sub(1)) {
                dir = format!("{dir}/{part}");
                entries.insert(format!("{dir}/"), None);
            }
            entries.insert(format!("{}/{path}", self.top), Some(bytes.as_slice()));
        }
        // A path that is both a file and a folder could not be extracted.
        for (path, data) in &entries {
            if data.is_some() && entries.contains_key(&format!("{path}/")) {
                return Err(PackError::FileAndFolder(path.clone()));
            }
        }
        Ok(entries)
    }

    /// The `.tar.gz` bytes. Every variable header field is fixed; see `docs/archive.md`.
    pub fn pack(&self) -> Result<Vec<u8>, PackError> {
        let entries = self.entries()?;
        let gz = GzBuilder::new().mtime(0).operating_system(GZIP_OS_UNKNOWN);
        let encoder = gz.write(Vec::new(), Compression::new(GZIP_LEVEL));
        let mut tar = tar::Builder::new(encoder);
        for (path, data) in entries {
            let appended = match data {
                Some(bytes) => tar.append_data(
                    &mut header(tar::EntryType::Regular, bytes.len()),
                    &path,
                    bytes,
                ),
                None => tar.append_data(
                    &mut header(tar::EntryType::Directory, 0),
                    &path,
                    io::empty(),
                ),
            };
            appended.map_err(|source| PackError::Add { path, source })?;
        }
        let encoder = tar.into_inner().map_err(PackError::Finish)?;
        encoder.finish().map_err(PackError::Compress)
    }
}

/// A GNU header with owner 0:0 and no owner names, the fixed time, and a fixed mode. GNU long
/// name entries (made by `append_data` for paths over 100 bytes) get the same fixed fields.
fn header(kind: tar::EntryType, size: usize) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(kind);
    header.set_size(size as u64);
    header.set_mode(if kind.is_dir() { DIR_MODE } else { FILE_MODE });
    header.set_uid(0);
    header.set_gid(0);
    header.set_mtime(MTIME);
    header
}

/// Writes `bytes` to `path` through `.NAME.tmp-<pid>` beside it, synced and then renamed, so
/// `path` is either the old file or the complete new one. The temporary file never survives.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = parent.join(tmp_name);
    let written = write_synced(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    } else if let Ok(dir) = fs::File::open(&parent) {
        // Makes the rename itself durable; not every platform can sync a folder, so best effort.
        let _ = dir.sync_all();
    }
    written
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Why the plan is a draft, one error per pending or stale plan-scoped approval (or one saying
/// there is none), pointing at plan.toml.
pub fn draft_reasons(plan: &Plan, states: &[ApprovalState]) -> Vec<Diagnostic> {
    let plan_scoped: Vec<_> = approvals::plan_scoped(plan, states).collect();
    if plan_scoped.is_empty() {
        return vec![
            Diagnostic::error(
                "E-draft",
                "the plan is a draft: it has no plan-scoped approval",
            )
            .in_file(PLAN_FILE)
            .help("add an [[approval]] with scope = \"plan\" and signed_on, or pass --allow-draft"),
        ];
    }
    plan_scoped
        .into_iter()
        .filter_map(|(a, state)| {
            let (message, help) = match state {
                ApprovalState::Signed => return None,
                ApprovalState::Pending => (
                    format!("plan-scoped approval pending: {} ({}) has not signed", a.name, a.role),
                    "add signed_on = YYYY-MM-DD once signed, or pass --allow-draft to archive a draft".to_string(),
                ),
                ApprovalState::Stale { revision, reason } => (
                    format!("plan-scoped approval stale: {} ({}) signed for {revision}, and {reason}", a.name, a.role),
                    format!("ask {} to sign revision {} (`revision` and `signed_on`), or pass --allow-draft", a.name, plan.meta.revision),
                ),
            };
            Some(plan.point(Diagnostic::error("E-draft", message), &a.loc).help(help))
        })
        .collect()
}

/// Refuses an archive path that is a folder or one of the plan's inputs (it would overwrite
/// the plan's own source, e.g. `-o plan.toml`).
pub fn check_target(dir: &Path, out: &Path) -> Result<(), String> {
    let shown = inputs::escape_path(out);
    if out.is_dir() {
        return Err(format!(
            "{shown} is a folder; -o names the archive file, e.g. -o plan.tar.gz"
        ));
    }
    if inputs::is_input_location(dir, out) {
        return Err(format!(
            "{shown} is one of the plan's inputs (plan.toml or a file in an input folder); the archive would overwrite the plan it archives\n  = help: write the archive outside the input folders, e.g. -o plan.tar.gz"
        ));
    }
    Ok(())
}
