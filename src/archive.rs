//! Archives: a reproducible `.tar.gz` of a signed-off plan (its source and its built site), and
//! the check that an archive is intact and still rebuilds to the same site.
//!
//! An archive holds one top folder `<slug(title)>-<slug(revision)>/` with `site/`, `source/`,
//! `archive.json` and `MANIFEST.sha256`. Everything is made in memory and written once, so the
//! same plan gives the same bytes and a failed run leaves nothing behind. The layout, the fixed
//! header fields and what `verify` checks are described in `docs/archive.md`.

use crate::build::{self, Built};
use crate::commands::{EXIT_OK, EXIT_PLAN_ERROR, report, stderr_colour};
use crate::diagnostics::{Diagnostic, summary};
use crate::inputs::{self, Inputs, PLAN_FILE};
use crate::model::{Plan, Scope};
use crate::planning::Status;
use flate2::{Compression, GzBuilder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

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
/// verify reads an archive fully into memory; a corrupt or hostile one must not exhaust it.
pub const MAX_UNPACKED_BYTES: u64 = 2 << 30;

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

/// Lowercase hex SHA-256 (sha2 0.11 digests have no `LowerHex`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
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
pub fn check_path(path: &str) -> Result<(), String> {
    if path.starts_with('/') {
        return Err("absolute path".into());
    }
    if path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err("a path with an empty, `.` or `..` part".into());
    }
    if path.contains('\\') || path.chars().any(char::is_control) {
        return Err("a backslash or control character in the path".into());
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
    pub fn new(inputs: &Inputs, built: &Built) -> Result<Self, String> {
        let mut files = BTreeMap::new();
        for (dir, map) in [(SITE_DIR, &built.site.files), (SOURCE_DIR, &inputs.files)] {
            for (path, bytes) in map {
                check_path(path).map_err(|why| format!("cannot archive {dir}/{path}: {why}"))?;
                files.insert(format!("{dir}/{path}"), bytes.clone());
            }
        }
        // archive.json is listed in the manifest, so it counts itself.
        let count = files.len() + 1;
        let info = ArchiveInfo::describe(
            &built.plan,
            built.computed.status,
            source_sha256(&files),
            count,
        );
        let mut json =
            serde_json::to_string_pretty(&info).map_err(|e| format!("cannot write {INFO}: {e}"))?;
        json.push('\n');
        files.insert(INFO.to_string(), json.into_bytes());
        let manifest = manifest(&files);
        files.insert(MANIFEST.to_string(), manifest.into_bytes());
        Ok(Contents {
            top: top_folder(&built.plan),
            files,
        })
    }

    /// Every tar entry: folders (ending in `/`) and files, full paths, sorted by bytes. A folder
    /// sorts before what it holds because it is a prefix of it.
    fn entries(&self) -> Result<BTreeMap<String, Option<&[u8]>>, String> {
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
                return Err(format!("{path} would be both a file and a folder"));
            }
        }
        Ok(entries)
    }

    /// The `.tar.gz` bytes. Every variable header field is fixed; see `docs/archive.md`.
    pub fn pack(&self) -> Result<Vec<u8>, String> {
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
            appended.map_err(|e| format!("cannot add {path} to the archive: {e}"))?;
        }
        let encoder = tar
            .into_inner()
            .map_err(|e| format!("cannot finish the archive: {e}"))?;
        encoder
            .finish()
            .map_err(|e| format!("cannot compress the archive: {e}"))
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

/// Why the plan is a draft, one error per pending plan-scoped approval (or one saying there is
/// none), pointing at plan.toml.
pub fn draft_reasons(plan: &Plan) -> Vec<Diagnostic> {
    let plan_scoped: Vec<_> = plan
        .approvals
        .iter()
        .filter(|a| a.scope == Scope::Plan)
        .collect();
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
        .filter(|a| a.signed_on.is_none())
        .map(|a| {
            let message = format!("plan-scoped approval pending: {} ({}) has not signed", a.name, a.role);
            plan.point(Diagnostic::error("E-draft", message), &a.loc)
                .help("add signed_on = YYYY-MM-DD once signed, or pass --allow-draft to archive a draft")
        })
        .collect()
}

/// `waveplan archive DIR -o FILE [--allow-draft]`.
pub fn archive_command(dir: &Path, out: &Path, allow_draft: bool, err: &mut dyn Write) -> i32 {
    let colour = stderr_colour();
    let built =
        inputs::read_dir(dir).and_then(|inputs| build::build(&inputs).map(|built| (inputs, built)));
    let (inputs, built) = match built {
        Ok(pair) => pair,
        Err(diagnostics) => {
            report(&diagnostics, err, colour);
            let _ = writeln!(
                err,
                "archive failed: {}; nothing was written",
                summary(&diagnostics)
            );
            return EXIT_PLAN_ERROR;
        }
    };
    report(&built.warnings, err, colour);
    if built.computed.status == Status::Draft {
        if !allow_draft {
            report(&draft_reasons(&built.plan), err, colour);
            let _ = writeln!(
                err,
                "archive refused: the plan is a draft (an archive records a signed-off plan); nothing was written\n  = help: pass --allow-draft to archive it marked as a draft"
            );
            return EXIT_PLAN_ERROR;
        }
        let _ = writeln!(
            err,
            "note: archiving a draft (--allow-draft): archive.json says \"draft\""
        );
    }
    if out.is_dir() {
        let _ = writeln!(
            err,
            "error: {} is a folder; -o names the archive file, e.g. -o plan.tar.gz",
            out.display()
        );
        return EXIT_PLAN_ERROR;
    }
    let packed = Contents::new(&inputs, &built).and_then(|c| c.pack().map(|bytes| (c, bytes)));
    let (contents, bytes) = match packed {
        Ok(pair) => pair,
        Err(message) => {
            let _ = writeln!(err, "error: {message}; nothing was written");
            return EXIT_PLAN_ERROR;
        }
    };
    if let Err(e) = write_atomic(out, &bytes) {
        let _ = writeln!(
            err,
            "error: cannot write {}: {e}; nothing was written",
            out.display()
        );
        return EXIT_PLAN_ERROR;
    }
    let _ = writeln!(
        err,
        "archived {}: {}/ with {} files ({} site, {} source, {INFO}) and {MANIFEST}, {}, sha256 {}",
        out.display(),
        contents.top,
        contents.files.len().saturating_sub(1),
        built.site.files.len(),
        inputs.files.len(),
        built.computed.status.as_str(),
        sha256_hex(&bytes),
    );
    EXIT_OK
}

/// One thing wrong with an archive: the file it concerns (relative to the top folder, or the
/// entry path when it is outside it; empty for the archive as a whole) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: String,
    pub problem: String,
}

impl Failure {
    fn new(path: impl Into<String>, problem: impl Into<String>) -> Self {
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

/// The outcome of verifying an archive that could be read.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    pub top: String,
    /// Files below the top folder, MANIFEST.sha256 excluded.
    pub files: usize,
    /// The version archive.json names, when it is not this one.
    pub made_by: Option<String>,
    pub failures: Vec<Failure>,
    /// Errors from rebuilding `source/`, when it no longer builds.
    pub build_errors: Vec<Diagnostic>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The regular files of an unpacked archive, below the top folder.
struct Unpacked {
    top: String,
    files: BTreeMap<String, Vec<u8>>,
}

/// Decompresses a `.tar.gz` fully, refusing more than [`MAX_UNPACKED_BYTES`].
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut tar_bytes = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut tar_bytes)
        .map_err(|e| format!("not a readable .tar.gz archive (gzip: {e})"))?;
    if tar_bytes.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(format!(
            "unpacks to more than {} MiB; refusing to read it",
            MAX_UNPACKED_BYTES >> 20
        ));
    }
    Ok(tar_bytes)
}

/// Reads every tar entry. Unsafe or unexpected entries become failures; a tar stream that
/// cannot be read at all is an error.
fn untar(tar_bytes: &[u8], failures: &mut Vec<Failure>) -> Result<Unpacked, String> {
    let corrupt = |e: io::Error| format!("not a readable .tar.gz archive (tar: {e})");
    let mut archive = tar::Archive::new(tar_bytes);
    let mut top: Option<String> = None;
    let mut files = BTreeMap::new();
    let mut seen = BTreeSet::new();
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
            failures.push(Failure::new(raw, format!("unsafe entry: {why}")));
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
        if kind.is_dir() {
            continue; // folders carry nothing to check; their files are checked
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(corrupt)?;
        files.insert(rest.to_string(), bytes);
    }
    match top {
        Some(top) => Ok(Unpacked { top, files }),
        // Refused entries are reported as such rather than as an empty archive.
        None if !failures.is_empty() => Ok(Unpacked {
            top: String::new(),
            files,
        }),
        None => Err("an empty archive: it holds no files".into()),
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

/// MANIFEST.sha256 parsed: path -> digest. Malformed and repeated lines become failures.
fn parse_manifest(text: &str, failures: &mut Vec<Failure>) -> BTreeMap<String, String> {
    let mut listed = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let parsed = line.split_once("  ").filter(|(digest, path)| {
            digest.len() == 64
                && digest
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                && !path.is_empty()
        });
        match parsed {
            None => failures.push(Failure::new(
                MANIFEST,
                format!("line {} is not `<sha256>  <path>`", n + 1),
            )),
            Some((_, path)) if path == MANIFEST => {
                failures.push(Failure::new(
                    MANIFEST,
                    format!("line {} lists the manifest itself", n + 1),
                ));
            }
            Some((digest, path)) => {
                if listed
                    .insert(path.to_string(), digest.to_string())
                    .is_some()
                {
                    failures.push(Failure::new(
                        path,
                        format!("listed more than once in {MANIFEST}"),
                    ));
                }
            }
        }
    }
    listed
}

/// Every digest matches, and the manifest and the files match one to one.
fn check_manifest(files: &BTreeMap<String, Vec<u8>>, failures: &mut Vec<Failure>) {
    let Some(bytes) = files.get(MANIFEST) else {
        failures.push(Failure::new(MANIFEST, "missing"));
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        failures.push(Failure::new(MANIFEST, "not UTF-8 text"));
        return;
    };
    let listed = parse_manifest(text, failures);
    for (path, digest) in &listed {
        match files.get(path) {
            None => failures.push(Failure::new(
                path,
                format!("listed in {MANIFEST} but missing from the archive"),
            )),
            Some(bytes) if sha256_hex(bytes) != *digest => {
                failures.push(Failure::new(
                    path,
                    format!("SHA-256 does not match {MANIFEST} (the file was changed)"),
                ));
            }
            Some(_) => {}
        }
    }
    for path in files
        .keys()
        .filter(|p| *p != MANIFEST && !listed.contains_key(*p))
    {
        failures.push(Failure::new(
            path,
            format!("not listed in {MANIFEST} (an extra file)"),
        ));
    }
}

/// archive.json parsed and checked against the files of the archive (not the plan: that needs
/// a build, see [`check_info_against_plan`]).
fn check_info(
    files: &BTreeMap<String, Vec<u8>>,
    failures: &mut Vec<Failure>,
) -> Option<ArchiveInfo> {
    let Some(bytes) = files.get(INFO) else {
        failures.push(Failure::new(INFO, "missing"));
        return None;
    };
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => {
            failures.push(Failure::new(INFO, format!("not valid JSON: {e}")));
            return None;
        }
    };
    let missing: Vec<&str> = INFO_KEYS
        .iter()
        .copied()
        .filter(|k| value.get(k).is_none())
        .collect();
    if !missing.is_empty() {
        failures.push(Failure::new(
            INFO,
            format!("missing keys: {}", missing.join(", ")),
        ));
        return None;
    }
    let info: ArchiveInfo = match serde_json::from_value(value) {
        Ok(info) => info,
        Err(e) => {
            failures.push(Failure::new(INFO, format!("a key has the wrong type: {e}")));
            return None;
        }
    };
    let digest = source_sha256(files);
    if info.source_sha256 != digest {
        failures.push(Failure::new(
            INFO,
            format!(
                "source_sha256 is {} but source/ digests to {digest}",
                info.source_sha256
            ),
        ));
    }
    let count = files.keys().filter(|p| *p != MANIFEST).count();
    if info.files != count {
        failures.push(Failure::new(
            INFO,
            format!("says {} files but the archive holds {count}", info.files),
        ));
    }
    Some(info)
}

/// archive.json's plan fields agree with the plan rebuilt from `source/`.
fn check_info_against_plan(
    info: &ArchiveInfo,
    expected: &ArchiveInfo,
    failures: &mut Vec<Failure>,
) {
    field("title", &info.title, &expected.title, failures);
    field("revision", &info.revision, &expected.revision, failures);
    field("status", &info.status, &expected.status, failures);
    field("approvals", &info.approvals, &expected.approvals, failures);
}

/// One archive.json field against its expected value, both quoted as compact JSON.
fn field<T: Serialize + PartialEq>(key: &str, got: &T, want: &T, failures: &mut Vec<Failure>) {
    if got != want {
        let json = |v: &T| serde_json::to_string(v).unwrap_or_default();
        failures.push(Failure::new(
            INFO,
            format!(
                "{key} is {} but source/{PLAN_FILE} gives {}",
                json(got),
                json(want)
            ),
        ));
    }
}

/// Rebuilds `source/` in memory and compares the result with `site/`, file by file.
fn check_rebuild(unpacked: &Unpacked, info: Option<&ArchiveInfo>, v: &mut Verification) {
    let source_prefix = format!("{SOURCE_DIR}/");
    let site_prefix = format!("{SITE_DIR}/");
    let mut inputs = Inputs::default();
    for (path, bytes) in &unpacked.files {
        if let Some(rel) = path.strip_prefix(&source_prefix) {
            inputs.insert(rel, bytes.clone());
        }
    }
    if inputs.files.is_empty() {
        v.failures.push(Failure::new(
            SOURCE_DIR,
            "holds no files: nothing to rebuild",
        ));
        return;
    }
    let built = match build::build(&inputs) {
        Ok(built) => built,
        Err(diagnostics) => {
            v.failures.push(Failure::new(
                SOURCE_DIR,
                format!("does not build: {}", summary(&diagnostics)),
            ));
            v.build_errors = diagnostics;
            return;
        }
    };
    if let Some(info) = info {
        let expected = ArchiveInfo::describe(&built.plan, built.computed.status, String::new(), 0);
        check_info_against_plan(info, &expected, &mut v.failures);
    }
    let top = top_folder(&built.plan);
    if unpacked.top != top {
        v.failures.push(Failure::new(
            "",
            format!(
                "the top folder is {}/ but source/{PLAN_FILE} gives {top}/",
                unpacked.top
            ),
        ));
    }
    let archived: BTreeMap<&str, &Vec<u8>> = unpacked
        .files
        .iter()
        .filter_map(|(p, b)| Some((p.strip_prefix(&site_prefix)?, b)))
        .collect();
    for (path, bytes) in &built.site.files {
        match archived.get(path.as_str()) {
            None => v.failures.push(Failure::new(
                format!("{site_prefix}{path}"),
                "missing from the archive, but rebuilding source/ makes it",
            )),
            Some(archived) if *archived != bytes => {
                v.failures.push(Failure::new(
                    format!("{site_prefix}{path}"),
                    "differs from the rebuild of source/",
                ));
            }
            Some(_) => {}
        }
    }
    for path in archived
        .keys()
        .filter(|p| !built.site.files.contains_key(**p))
    {
        v.failures.push(Failure::new(
            format!("{site_prefix}{path}"),
            "not made by rebuilding source/ (an extra file)",
        ));
    }
}

/// Verifies the bytes of a `.tar.gz` archive. `Err` when it cannot be read as one at all.
pub fn verify_bytes(bytes: &[u8]) -> Result<Verification, String> {
    let tar_bytes = gunzip(bytes)?;
    let mut v = Verification::default();
    let unpacked = untar(&tar_bytes, &mut v.failures)?;
    v.top = unpacked.top.clone();
    v.files = unpacked.files.keys().filter(|p| *p != MANIFEST).count();
    check_manifest(&unpacked.files, &mut v.failures);
    let info = check_info(&unpacked.files, &mut v.failures);
    if let Some(info) = &info
        && info.waveplan_version != crate::VERSION
    {
        v.made_by = Some(info.waveplan_version.clone());
    }
    check_rebuild(&unpacked, info.as_ref(), &mut v);
    Ok(v)
}

/// `waveplan verify FILE`: the report goes to `out`; an unreadable archive is an error on `err`.
pub fn verify_command(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let verified = fs::read(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))
        .and_then(|bytes| verify_bytes(&bytes).map_err(|why| format!("{}: {why}", file.display())));
    let v = match verified {
        Ok(v) => v,
        Err(message) => {
            let _ = writeln!(err, "error: {message}\nverify failed: {}", file.display());
            return EXIT_PLAN_ERROR;
        }
    };
    if let Some(version) = &v.made_by {
        // First, because it explains a rebuild that differs.
        let _ = writeln!(
            out,
            "made by waveplan {version}, this is {}",
            crate::VERSION
        );
    }
    if v.ok() {
        let _ = writeln!(
            out,
            "verified: {} files, manifest ok, source digest ok, rebuild identical ({}/ in {})",
            v.files,
            v.top,
            file.display(),
        );
        return EXIT_OK;
    }
    for failure in &v.failures {
        let _ = writeln!(out, "FAILED {failure}");
    }
    report(&v.build_errors, out, false);
    let named: BTreeSet<&str> = v
        .failures
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| !p.is_empty())
        .collect();
    let _ = writeln!(
        out,
        "verify failed: {} problems, {} files named ({})",
        v.failures.len(),
        named.len(),
        file.display()
    );
    EXIT_PLAN_ERROR
}
