//! `waveplan verify`: an archive's digests, its manifest against its files, archive.json
//! against `source/`, and `source/` rebuilt against `site/`.

use super::*;

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
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, Unreadable> {
    let mut tar_bytes = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut tar_bytes)
        .map_err(Unreadable::Gzip)?;
    if tar_bytes.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(Unreadable::TooLarge);
    }
    Ok(tar_bytes)
}

/// Reads every tar entry. Unsafe or unexpected entries become failures; a tar stream that
/// cannot be read at all is an error.
fn untar(tar_bytes: &[u8], failures: &mut Vec<Failure>) -> Result<Unpacked, Unreadable> {
    let corrupt = Unreadable::Tar;
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
    let site_prefix = format!("{SITE_DIR}/");
    let inputs = source_inputs(&unpacked.files);
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

/// The files of an archive whose manifest holds (every digest, files and manifest one to
/// one), without rebuilding it: what `diff` and a plan's `baseline` read. `Err` lists what
/// is wrong.
pub fn read_checked(bytes: &[u8]) -> Result<Contents, Vec<Failure>> {
    let tar_bytes = gunzip(bytes).map_err(|why| vec![Failure::new("", why.to_string())])?;
    let mut failures = Vec::new();
    let unpacked =
        untar(&tar_bytes, &mut failures).map_err(|why| vec![Failure::new("", why.to_string())])?;
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

/// Verifies the bytes of a `.tar.gz` archive. `Err` when it cannot be read as one at all.
pub fn verify_bytes(bytes: &[u8]) -> Result<Verification, Unreadable> {
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
