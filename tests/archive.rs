//! `waveplan archive` and `waveplan verify` from the outside: archives of the built-in example
//! plan verify, are byte-for-byte reproducible, refuse drafts, and every kind of tampering
//! (made by unpacking in memory and repacking) is caught and named.

use flate2::read::GzDecoder;
use proptest::prelude::*;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;
use common::{assert_contains, example_copy, waveplan};

const MANIFEST: &str = "MANIFEST.sha256";
const INFO: &str = "archive.json";

/// Runs `waveplan archive` and returns (exit code, stderr).
fn archive(plan: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let output = waveplan()
        .arg("archive")
        .arg(plan)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Archives the example plan and returns the temp dir (kept alive) and the archive path.
fn example_archive() -> (TempDir, PathBuf) {
    let (tmp, plan) = example_copy();
    let out = tmp.path().join("plan.tar.gz");
    let (code, stderr) = archive(&plan, &out, &[]);
    assert_eq!(code, 0, "archive failed:\n{stderr}");
    (tmp, out)
}

/// Runs `waveplan verify` and returns (exit code, stdout + stderr).
fn verify(file: &Path) -> (i32, String) {
    let output = waveplan().arg("verify").arg(file).output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One tar entry, as unpacked in memory.
#[derive(Clone)]
struct Entry {
    path: String,
    kind: tar::EntryType,
    data: Vec<u8>,
}

fn unpack(bytes: &[u8]) -> Vec<Entry> {
    let mut tar_bytes = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut tar_bytes)
        .expect("gunzip");
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    let mut entries = Vec::new();
    for entry in archive.entries().expect("entries") {
        let mut entry = entry.expect("entry");
        let path = String::from_utf8(entry.path_bytes().into_owned()).expect("utf-8 path");
        let kind = entry.header().entry_type();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("entry data");
        entries.push(Entry { path, kind, data });
    }
    entries
}

fn header(kind: tar::EntryType, size: usize) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(kind);
    header.set_size(size as u64);
    header.set_mode(if kind.is_dir() { 0o755 } else { 0o644 });
    header.set_mtime(946_684_800);
    header
}

fn repack(entries: &[Entry]) -> Vec<u8> {
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(encoder);
    for e in entries {
        let mut h = header(e.kind, e.data.len());
        if e.kind.is_symlink() {
            h.set_link_name("../../etc/passwd").expect("link name");
        }
        builder
            .append_data(&mut h, &e.path, e.data.as_slice())
            .expect("append");
    }
    builder.into_inner().expect("tar").finish().expect("gzip")
}

/// The top folder of an unpacked archive.
fn top(entries: &[Entry]) -> String {
    entries[0].path.trim_end_matches('/').to_string()
}

fn find<'a>(entries: &'a mut [Entry], rel: &str) -> &'a mut Entry {
    let top = top(entries);
    let path = format!("{top}/{rel}");
    entries
        .iter_mut()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("no {path} in the archive"))
}

/// Rewrites the manifest line of `rel` to match its current bytes.
fn update_manifest_line(entries: &mut [Entry], rel: &str) {
    let digest = sha256_hex(&find(entries, rel).data);
    let manifest = find(entries, MANIFEST);
    let text = String::from_utf8(manifest.data.clone()).expect("utf-8 manifest");
    let updated: String = text
        .lines()
        .map(|line| {
            if line.ends_with(&format!("  {rel}")) {
                format!("{digest}  {rel}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert_ne!(text, updated, "{rel} has no manifest line to update");
    manifest.data = updated.into_bytes();
}

/// Edits archive.json as JSON, then fixes its manifest line.
fn edit_info(entries: &mut [Entry], edit: impl FnOnce(&mut Json)) {
    let info = find(entries, INFO);
    let mut json: Json = serde_json::from_slice(&info.data).expect("archive.json is JSON");
    edit(&mut json);
    info.data = serde_json::to_vec_pretty(&json).expect("json");
    update_manifest_line(entries, INFO);
}

/// Writes tampered entries as a new archive beside the old one and verifies it.
fn verify_tampered(dir: &Path, entries: &[Entry]) -> (i32, String) {
    let path = dir.join("tampered.tar.gz");
    fs::write(&path, repack(entries)).expect("write tampered archive");
    verify(&path)
}

/// Files in `dir` other than `keep`: leftovers such as temporary files.
fn others_in(dir: &Path, keep: &[&str]) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

/// Splits plan.toml into chunks that each start at a `[table]` line.
fn toml_chunks(text: &str) -> Vec<String> {
    let mut chunks = vec![String::new()];
    for line in text.lines() {
        if line.starts_with('[') {
            chunks.push(String::new());
        }
        if let Some(last) = chunks.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    chunks
}

fn is_plan_scoped_approval(chunk: &str) -> bool {
    chunk.starts_with("[[approval]]")
        && chunk
            .lines()
            .all(|l| !l.starts_with("scope") || l.contains("\"plan\""))
}

/// Removes the `signed_on` line of the first signed plan-scoped approval; returns its name.
fn unsign_one(plan: &Path) -> String {
    let path = plan.join("plan.toml");
    let text = fs::read_to_string(&path).expect("plan.toml");
    let mut chunks = toml_chunks(&text);
    let chunk = chunks
        .iter_mut()
        .find(|c| is_plan_scoped_approval(c) && c.contains("signed_on"))
        .expect("the example has a signed plan-scoped approval");
    let name = chunk
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|rest| rest.split('"').next())
        .expect("the approval has a name")
        .to_string();
    *chunk = chunk
        .lines()
        .filter(|l| !l.starts_with("signed_on"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&path, chunks.concat()).expect("write plan.toml");
    name
}

#[test]
fn a_fresh_archive_verifies() {
    let (tmp, out) = example_archive();
    assert!(
        others_in(tmp.path(), &["plan", "plan.tar.gz"]).is_empty(),
        "a temporary file was left behind"
    );
    let (code, text) = verify(&out);
    assert_eq!(code, 0, "{text}");
    assert_contains(&text, "verified: ");
    assert_contains(&text, "manifest ok, source digest ok, rebuild identical");
}

#[test]
fn the_archive_has_one_top_folder_with_site_source_manifest_and_info() {
    let (tmp, out) = example_archive();
    let entries = unpack(&fs::read(&out).expect("archive"));
    let top = top(&entries);
    assert_eq!(top, "tailwind-traders-datacenter-exit-2-1");
    assert!(
        entries
            .iter()
            .all(|e| e.path.starts_with(&format!("{top}/")))
    );
    let names: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are sorted");
    // source/ is exactly the plan folder as read.
    let plan_toml = fs::read(tmp.path().join("plan/plan.toml")).expect("plan.toml");
    assert_eq!(
        find(&mut entries.clone(), "source/plan.toml").data,
        plan_toml
    );
    find(&mut entries.clone(), "site/plan.json");
    // The manifest lists every file but itself, sorted, in `sha256sum -c` form.
    let mut all = entries.clone();
    let manifest = String::from_utf8(find(&mut all, MANIFEST).data.clone()).expect("utf-8");
    let listed: Vec<&str> = manifest.lines().map(|l| &l[66..]).collect();
    let files: Vec<String> = entries
        .iter()
        .filter(|e| e.kind.is_file())
        .map(|e| e.path[top.len() + 1..].to_string())
        .filter(|p| p != MANIFEST)
        .collect();
    assert_eq!(listed, files);
    assert!(manifest.lines().all(|l| l.len() > 66 && &l[64..66] == "  "));
    // archive.json
    let info: Json = serde_json::from_slice(&find(&mut all, INFO).data).expect("json");
    assert_eq!(info["title"], "Tailwind Traders datacenter exit");
    assert_eq!(info["revision"], "2.1");
    assert_eq!(info["status"], "approved");
    assert_eq!(info["waveplan_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["files"], files.len());
    let pending = info["approvals"]
        .as_array()
        .expect("approvals")
        .iter()
        .find(|a| a["signed_on"].is_null());
    assert!(
        pending.is_some_and(|a| a["scope"] != "plan"),
        "the example's pending approval is wave-scoped"
    );
    // The source digest is the SHA-256 of the source/ manifest lines.
    let source_lines: String = manifest
        .lines()
        .filter(|l| l[66..].starts_with("source/"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(info["source_sha256"], sha256_hex(source_lines.as_bytes()));
}

#[test]
fn archiving_twice_gives_identical_bytes() {
    let (tmp, plan) = example_copy();
    let (a, b) = (tmp.path().join("a.tar.gz"), tmp.path().join("b.tar.gz"));
    assert_eq!(archive(&plan, &a, &[]).0, 0);
    // From another copy, at another path and later: nothing of that may leak into the bytes.
    let (other_tmp, other_plan) = example_copy();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(archive(&other_plan, &b, &[]).0, 0);
    drop(other_tmp);
    let (a, b) = (fs::read(a).expect("a"), fs::read(b).expect("b"));
    assert!(a == b, "two archives of the same plan differ");
}

#[test]
fn headers_have_fixed_fields() {
    let (_tmp, out) = example_archive();
    let bytes = fs::read(&out).expect("archive");
    // gzip: no flags (so no file name), mtime 0, OS byte 255 ("unknown").
    assert_eq!(&bytes[..3], &[0x1f, 0x8b, 8]);
    assert_eq!(bytes[3], 0, "gzip flags");
    assert_eq!(&bytes[4..8], &[0, 0, 0, 0], "gzip mtime");
    assert_eq!(bytes[9], 255, "gzip OS byte");
    let mut tar_bytes = Vec::new();
    GzDecoder::new(bytes.as_slice())
        .read_to_end(&mut tar_bytes)
        .expect("gunzip");
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    for entry in archive.entries().expect("entries") {
        let entry = entry.expect("entry");
        let h = entry.header();
        let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        assert_eq!(h.mtime().ok(), Some(946_684_800), "{path}");
        assert_eq!((h.uid().ok(), h.gid().ok()), (Some(0), Some(0)), "{path}");
        let want = if h.entry_type().is_dir() {
            0o755
        } else {
            0o644
        };
        assert_eq!(h.mode().ok(), Some(want), "{path}");
        assert!(h.as_gnu().is_some(), "{path}: GNU header");
    }
}

#[test]
fn a_draft_is_refused_naming_the_pending_approver() {
    let (tmp, plan) = example_copy();
    let name = unsign_one(&plan);
    let out = tmp.path().join("out/plan.tar.gz");
    let (code, stderr) = archive(&plan, &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(&name), "names {name}:\n{stderr}");
    assert_contains(&stderr, "--allow-draft");
    assert!(!out.exists(), "nothing is written");
    assert!(
        !tmp.path().join("out").exists(),
        "not even the output folder"
    );
}

#[test]
fn a_plan_without_plan_scoped_approval_is_refused() {
    let (tmp, plan) = example_copy();
    let path = plan.join("plan.toml");
    let text = fs::read_to_string(&path).expect("plan.toml");
    let kept: String = toml_chunks(&text)
        .into_iter()
        .filter(|c| !is_plan_scoped_approval(c))
        .collect();
    fs::write(&path, kept).expect("write");
    let out = tmp.path().join("plan.tar.gz");
    let (code, stderr) = archive(&plan, &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_contains(&stderr, "no plan-scoped approval");
    assert!(!out.exists());
}

#[test]
fn allow_draft_archives_a_draft_marked_as_such() {
    let (tmp, plan) = example_copy();
    unsign_one(&plan);
    let out = tmp.path().join("draft.tar.gz");
    let (code, stderr) = archive(&plan, &out, &["--allow-draft"]);
    assert_eq!(code, 0, "{stderr}");
    let mut entries = unpack(&fs::read(&out).expect("archive"));
    let info: Json = serde_json::from_slice(&find(&mut entries, INFO).data).expect("json");
    assert_eq!(info["status"], "draft");
    let (code, text) = verify(&out);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn a_plan_with_errors_writes_nothing() {
    let (tmp, plan) = example_copy();
    fs::write(plan.join("plan.toml"), "[plan\ntitle = ").expect("write");
    let out = tmp.path().join("plan.tar.gz");
    let (code, stderr) = archive(&plan, &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_contains(&stderr, "plan.toml");
    assert_contains(&stderr, "nothing was written");
    assert!(others_in(tmp.path(), &["plan"]).is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let (_tmp, plan) = example_copy();
    let output = waveplan().arg("archive").arg(&plan).output().expect("runs");
    assert_eq!(output.status.code(), Some(2), "-o is required");
    let output = waveplan().arg("verify").output().expect("runs");
    assert_eq!(output.status.code(), Some(2), "verify needs a file");
}

#[test]
fn an_output_path_that_is_a_folder_is_refused() {
    let (tmp, plan) = example_copy();
    let (code, stderr) = archive(&plan, tmp.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_contains(&stderr, "is a folder");
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let tmp = TempDir::new().expect("temp dir");
    let target = tmp.path().join("taken");
    fs::create_dir(&target).expect("mkdir");
    fs::write(target.join("inside"), "x").expect("write");
    // Renaming a file over a non-empty folder fails after the temporary file is written.
    assert!(waveplan::archive::write_atomic(&target, b"bytes").is_err());
    assert_eq!(others_in(tmp.path(), &[]), vec!["taken".to_string()]);
    assert!(waveplan::archive::write_atomic(&tmp.path().join("ok.tar.gz"), b"bytes").is_ok());
    assert_eq!(
        fs::read(tmp.path().join("ok.tar.gz")).expect("read"),
        b"bytes"
    );
    assert_eq!(
        others_in(tmp.path(), &["taken", "ok.tar.gz"]),
        Vec::<String>::new()
    );
}

#[test]
fn an_edited_file_fails_naming_it() {
    let (tmp, out) = example_archive();
    let mut entries = unpack(&fs::read(&out).expect("archive"));
    find(&mut entries, "source/workloads/wms.md")
        .data
        .extend_from_slice(b"\nedited\n");
    let (code, text) = verify_tampered(tmp.path(), &entries);
    assert_eq!(code, 1, "{text}");
    assert_contains(&text, "source/workloads/wms.md: SHA-256 does not match");
    assert!(
        text.contains("source_sha256"),
        "archive.json no longer agrees with source/:\n{text}"
    );
}

#[test]
fn a_missing_file_fails_naming_it() {
    let (tmp, out) = example_archive();
    let mut entries = unpack(&fs::read(&out).expect("archive"));
    let gone = format!("{}/site/waves.csv", top(&entries));
    entries.retain(|e| e.path != gone);
    let (code, text) = verify_tampered(tmp.path(), &entries);
    assert_eq!(code, 1, "{text}");
    assert_contains(
        &text,
        "site/waves.csv: listed in MANIFEST.sha256 but missing",
    );
    assert_contains(
        &text,
        "site/waves.csv: missing from the archive, but rebuilding",
    );
}

#[test]
fn an_extra_file_fails_naming_it() {
    let (tmp, out) = example_archive();
    let mut entries = unpack(&fs::read(&out).expect("archive"));
    let path = format!("{}/site/extra.html", top(&entries));
    entries.push(Entry {
        path,
        kind: tar::EntryType::Regular,
        data: b"<p>hi</p>".to_vec(),
    });
    let (code, text) = verify_tampered(tmp.path(), &entries);
    assert_eq!(code, 1, "{text}");
    assert_contains(&text, "site/extra.html: not listed in MANIFEST.sha256");
    assert_contains(&text, "site/extra.html: not made by rebuilding source/");
}

#[test]
fn a_consistently_edited_source_fails_on_the_rebuild() {
    let (tmp, out) = example_archive();
    let mut entries = unpack(&fs::read(&out).expect("archive"));
    let plan = find(&mut entries, "source/plan.toml");
    let text = String::from_utf8(plan.data.clone()).expect("utf-8");
    let edited = text.replacen(
        "title = \"Tailwind Traders datacenter exit\"",
        "title = \"Quietly renamed\"",
        1,
    );
    assert_ne!(text, edited);
    plan.data = edited.into_bytes();
    update_manifest_line(&mut entries, "source/plan.toml");
    let manifest = String::from_utf8(find(&mut entries, MANIFEST).data.clone()).expect("utf-8");
    let source_lines: String = manifest
        .lines()
        .filter(|l| l[66..].starts_with("source/"))
        .map(|l| format!("{l}\n"))
        .collect();
    edit_info(&mut entries, |info| {
        info["source_sha256"] = sha256_hex(source_lines.as_bytes()).into();
        info["title"] = "Quietly renamed".into();
    });
    let (code, text) = verify_tampered(tmp.path(), &entries);
    assert_eq!(code, 1, "{text}");
    assert!(
        !text.contains("does not match MANIFEST"),
        "the manifest was kept consistent:\n{text}"
    );
    assert!(
        !text.contains("source_sha256"),
        "archive.json was kept consistent:\n{text}"
    );
    assert_contains(&text, "site/plan.json: differs from the rebuild of source/");
}

#[test]
fn an_archive_from_another_version_says_which() {
    let (tmp, out) = example_archive();
    let mut entries = unpack(&fs::read(&out).expect("archive"));
    edit_info(&mut entries, |info| {
        info["waveplan_version"] = "0.0.1-old".into()
    });
    let (code, text) = verify_tampered(tmp.path(), &entries);
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "made by waveplan 0.0.1-old, this is {}",
            env!("CARGO_PKG_VERSION")
        )
    );
    // Nothing else differs, so the archive still verifies.
    assert_eq!(code, 0, "{text}");
}

#[test]
fn archive_json_without_its_keys_fails() {
    let (tmp, out) = example_archive();
    let mut entries = unpack(&fs::read(&out).expect("archive"));
    edit_info(&mut entries, |info| {
        if let Some(map) = info.as_object_mut() {
            map.remove("approvals");
        }
    });
    let (code, text) = verify_tampered(tmp.path(), &entries);
    assert_eq!(code, 1, "{text}");
    assert_contains(&text, "archive.json: missing keys: approvals");
}

#[test]
fn links_and_escaping_paths_are_refused() {
    let (tmp, out) = example_archive();
    let mut entries = unpack(&fs::read(&out).expect("archive"));
    let top = top(&entries);
    entries.push(Entry {
        path: format!("{top}/site/link"),
        kind: tar::EntryType::Symlink,
        data: Vec::new(),
    });
    let (code, text) = verify_tampered(tmp.path(), &entries);
    assert_eq!(code, 1, "{text}");
    assert_contains(&text, "site/link: a symbolic link");

    // tar::Builder refuses `..`, so write that header by hand.
    let mut tar_bytes = Vec::new();
    GzDecoder::new(repack(&entries[..entries.len() - 1]).as_slice())
        .read_to_end(&mut tar_bytes)
        .expect("gunzip");
    tar_bytes.truncate(tar_bytes.len() - 1024); // the end-of-archive blocks
    let mut builder = tar::Builder::new(tar_bytes);
    let mut h = header(tar::EntryType::Regular, 2);
    let name = format!("{top}/../evil");
    h.as_gnu_mut().expect("gnu").name[..name.len()].copy_from_slice(name.as_bytes());
    h.set_cksum();
    builder.append(&h, &b"hi"[..]).expect("append");
    let tar_bytes = builder.into_inner().expect("tar");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &tar_bytes).expect("gzip");
    let path = tmp.path().join("escape.tar.gz");
    fs::write(&path, gz.finish().expect("gzip")).expect("write");
    let (code, text) = verify(&path);
    assert_eq!(code, 1, "{text}");
    assert_contains(&text, &format!("{name}: unsafe entry"));
}

#[test]
fn corrupt_and_missing_archives_fail_clearly() {
    let (tmp, out) = example_archive();
    let bytes = fs::read(&out).expect("archive");
    let truncated = tmp.path().join("truncated.tar.gz");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let (code, text) = verify(&truncated);
    assert_eq!(code, 1, "{text}");
    assert_contains(&text, "not a readable .tar.gz");
    let garbage = tmp.path().join("garbage.tar.gz");
    fs::write(&garbage, b"this is not an archive").expect("write");
    let (code, text) = verify(&garbage);
    assert_eq!(code, 1, "{text}");
    assert_contains(&text, "not a readable .tar.gz");
    let (code, text) = verify(&tmp.path().join("nope.tar.gz"));
    assert_eq!(code, 1, "{text}");
    assert_contains(&text, "cannot read");
}

fn has_sha256sum() -> bool {
    std::process::Command::new("which")
        .arg("sha256sum")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Extracts with the tar crate and runs `sha256sum -c` in the top folder.
fn sha256sum_check(archive: &Path, into: &Path) {
    let bytes = fs::read(archive).expect("archive");
    tar::Archive::new(GzDecoder::new(bytes.as_slice()))
        .unpack(into)
        .expect("extract");
    let top = into.join(top(&unpack(&bytes)));
    let output = std::process::Command::new("sha256sum")
        .args(["-c", "--strict", MANIFEST])
        .current_dir(&top)
        .output()
        .expect("sha256sum runs");
    assert!(
        output.status.success(),
        "sha256sum -c failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn sha256sum_accepts_the_manifest() {
    if !has_sha256sum() {
        eprintln!("sha256sum not found: skipped");
        return;
    }
    let (tmp, out) = example_archive();
    sha256sum_check(&out, &tmp.path().join("extracted"));
}

#[test]
fn long_paths_survive() {
    let (tmp, plan) = example_copy();
    let deep = plan.join(
        "assets/a-rather-long-folder-name-for-runbooks/and-another-level-of-nesting-below-it",
    );
    fs::create_dir_all(&deep).expect("mkdir");
    let file = "an-asset-whose-name-alone-is-long-enough-to-need-a-gnu-long-name-entry.md";
    fs::write(deep.join(file), "# runbook\n").expect("write");
    let out = tmp.path().join("long.tar.gz");
    let (code, stderr) = archive(&plan, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let entries = unpack(&fs::read(&out).expect("archive"));
    assert!(
        entries
            .iter()
            .any(|e| e.path.len() > 100 && e.path.ends_with(file)),
        "the long path is kept whole"
    );
    let (code, text) = verify(&out);
    assert_eq!(code, 0, "{text}");
    let again = tmp.path().join("long-again.tar.gz");
    assert_eq!(archive(&plan, &again, &[]).0, 0);
    assert!(
        fs::read(&out).expect("a") == fs::read(&again).expect("b"),
        "long paths are reproducible too"
    );
    if has_sha256sum() {
        sha256sum_check(&out, &tmp.path().join("extracted"));
    }
}

/// The tar stream of a fresh archive, made once for the property test.
fn example_tar_bytes() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let (_tmp, out) = example_archive();
        let mut tar_bytes = Vec::new();
        GzDecoder::new(fs::read(out).expect("archive").as_slice())
            .read_to_end(&mut tar_bytes)
            .expect("gunzip");
        tar_bytes
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, bytes).expect("gzip");
    gz.finish().expect("gzip")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Byte edits anywhere in the tar stream (headers included) never panic verify.
    #[test]
    fn verify_never_panics_on_damaged_tar(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut tar_bytes = example_tar_bytes().to_vec();
        for (at, byte) in edits {
            let i = at.index(tar_bytes.len());
            tar_bytes[i] = byte;
        }
        let _ = waveplan::archive::verify_bytes(&gzip(&tar_bytes), waveplan::build::rebuilt);
    }

    /// Arbitrary bytes and truncations of a real archive are errors or failures, not panics.
    #[test]
    fn verify_never_panics_on_arbitrary_input(bytes in prop::collection::vec(any::<u8>(), 0..512), cut in any::<prop::sample::Index>()) {
        let _ = waveplan::archive::verify_bytes(&bytes, waveplan::build::rebuilt);
        let tar_bytes = example_tar_bytes();
        let _ = waveplan::archive::verify_bytes(
            &gzip(&tar_bytes[..cut.index(tar_bytes.len())]),
            waveplan::build::rebuilt,
        );
    }
}
