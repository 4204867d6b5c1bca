//! `waveplan verify`: an archive's digests, its manifest against its files, archive.json
//! against `source/`, and `source/` rebuilt against `site/`.

use super::unpack::{Failure, Unpacked, unpack};
use super::*;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long `verify` may take to reach a verdict, the rebuild of `source/` included.
pub const VERIFY_TIME: Duration = Duration::from_secs(60);

/// The verdict's time budget: [`VERIFY_TIME`], or `WAVEPLAN_VERIFY_SECONDS` when set (for tests
/// and for slow machines; see `docs/security.md`).
fn budget() -> Duration {
    std::env::var("WAVEPLAN_VERIFY_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(VERIFY_TIME, Duration::from_secs)
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
fn check_rebuild(
    unpacked: &Unpacked,
    info: Option<&ArchiveInfo>,
    rebuild: Rebuild,
    v: &mut Verification,
    deadline: Instant,
) {
    let site_prefix = format!("{SITE_DIR}/");
    let Some(inputs) = fitting_source(unpacked, v) else {
        return;
    };
    // The rebuild runs where it can be abandoned: a template that loops past the budget gets a
    // verdict, not a hang. (The thread is left to the end of the process.)
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("waveplan-verify".into())
        .spawn(move || {
            let _ = sender.send(rebuild(&inputs));
        });
    if spawned.is_err() {
        v.failures
            .push(Failure::new(SOURCE_DIR, "cannot start the rebuild"));
        return;
    }
    let left = deadline.saturating_duration_since(Instant::now());
    let Ok(built) = receiver.recv_timeout(left) else {
        v.failures.push(Failure::new(
            SOURCE_DIR,
            format!(
                "the rebuild did not finish within the {} s verify allows; an archive that cannot be rebuilt in time is not verified",
                budget().as_secs()
            ),
        ));
        return;
    };
    let built = match built {
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
        let expected = ArchiveInfo::describe(&built.plan, built.status, String::new(), 0);
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
    for (path, bytes) in &built.site {
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
    for path in archived.keys().filter(|p| !built.site.contains_key(**p)) {
        v.failures.push(Failure::new(
            format!("{site_prefix}{path}"),
            "not made by rebuilding source/ (an extra file)",
        ));
    }
}

/// The files of an archive whose manifest holds (every digest, files and manifest one to
/// one), without rebuilding it: what `diff` and a plan's `baseline` read. `Err` lists what
/// is wrong.
pub fn read_checked(bytes: &[u8]) -> Result<Contents, Vec<Failure>> {
    let mut failures = Vec::new();
    let unpacked =
        unpack(bytes, &mut failures).map_err(|why| vec![Failure::new("", why.to_string())])?;
    check_manifest(&unpacked.files, &mut failures);
    if failures.is_empty() {
        Ok(Contents {
            top: unpacked.top,
            files: unpacked.files,
        })
    } else {
        Err(failures)
    }
}

/// The plan folder an archive's `source/` holds, as the inputs of a build.
pub fn source_inputs(files: &BTreeMap<String, Vec<u8>>) -> Inputs {
    let prefix = format!("{SOURCE_DIR}/");
    let mut inputs = Inputs::default();
    for (path, bytes) in files {
        if let Some(rel) = path.strip_prefix(&prefix) {
            inputs.insert(rel, bytes.clone());
        }
    }
    inputs
}

/// `source/` as the inputs of a build, if it is one a plan folder could hold: not empty, every
/// file within its size cap, all of them within the plan folder's.
fn fitting_source(unpacked: &Unpacked, v: &mut Verification) -> Option<Inputs> {
    let inputs = source_inputs(&unpacked.files);
    if inputs.files.is_empty() {
        v.failures.push(Failure::new(
            SOURCE_DIR,
            "holds no files: nothing to rebuild",
        ));
        return None;
    }
    let before = v.failures.len();
    for (rel, bytes) in &inputs.files {
        let cap = inputs::cap_for(rel);
        if bytes.len() as u64 > cap {
            v.failures.push(Failure::new(
                format!("{SOURCE_DIR}/{rel}"),
                format!("larger than the {} MiB a build reads", cap >> 20),
            ));
        }
    }
    let total: u64 = inputs.files.values().map(|b| b.len() as u64).sum();
    if total > inputs::TOTAL_CAP {
        v.failures.push(Failure::new(
            SOURCE_DIR,
            format!(
                "holds more than the {} MiB a build reads",
                inputs::TOTAL_CAP >> 20
            ),
        ));
    }
    (v.failures.len() == before).then_some(inputs)
}

/// The bytes of an archive file: a regular file (never a FIFO to wait on) no larger than what
/// verify unpacks. For `verify`, and for every other command that reads an archive.
pub fn read_archive_file(file: &Path) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(file).map_err(|e| e.to_string())?;
    if let Some(kind) = inputs::kind_of(meta.file_type()) {
        return Err(format!("{kind}, not an archive file"));
    }
    if meta.len() > MAX_UNPACKED_BYTES {
        return Err(format!(
            "larger than the {} MiB waveplan reads of an archive",
            MAX_UNPACKED_BYTES >> 20
        ));
    }
    fs::read(file).map_err(|e| e.to_string())
}

/// Verifies the bytes of a `.tar.gz` archive, rebuilding its `source/` with `rebuild`. `Err`
/// when it cannot be read as one at all.
pub fn verify_bytes(bytes: &[u8], rebuild: Rebuild) -> Result<Verification, Unreadable> {
    let deadline = Instant::now() + budget();
    let mut v = Verification::default();
    let unpacked = unpack(bytes, &mut v.failures)?;
    v.top = unpacked.top.clone();
    v.files = unpacked.files.keys().filter(|p| *p != MANIFEST).count();
    check_manifest(&unpacked.files, &mut v.failures);
    let info = check_info(&unpacked.files, &mut v.failures);
    if let Some(info) = &info
        && info.waveplan_version != crate::VERSION
    {
        v.made_by = Some(info.waveplan_version.clone());
    }
    check_rebuild(&unpacked, info.as_ref(), rebuild, &mut v, deadline);
    Ok(v)
}
