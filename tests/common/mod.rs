//! Helpers shared by the integration tests. Each test crate uses a subset of them.
#![allow(dead_code)]

pub mod bad_plans;
pub mod serve;

use assert_cmd::Command;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The `waveplan` binary, without colour.
pub fn waveplan() -> Command {
    let mut cmd = Command::cargo_bin("waveplan").expect("the waveplan binary is built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The built-in example plan.
pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A copy of the example plan in `plan/` of a temporary folder, to edit.
pub fn example_copy() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().expect("temp dir");
    let plan = tmp.path().join("plan");
    copy_dir(&content_dir(), &plan);
    (tmp, plan)
}

/// The second built-in example, as `waveplan init --example running` writes it, in `plan/`
/// of a temporary folder (`content-running/` holds only what differs from `content/`).
pub fn running_example() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().expect("temp dir");
    let plan = tmp.path().join("plan");
    let out = waveplan()
        .args(["init", "--example", "running"])
        .arg(&plan)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, plan)
}

/// Appends `text` to the file at `path`.
pub fn append(path: &Path, text: &str) {
    let mut file = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open for append");
    file.write_all(text.as_bytes()).expect("append");
}

/// Builds the plan folder `plan` into `site`; fails the test, showing stderr, unless the
/// build succeeds.
pub fn build_site(plan: &Path, site: &Path) {
    let output = waveplan()
        .arg("build")
        .arg(plan)
        .arg("-o")
        .arg(site)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The plan.json of a built site.
pub fn read_plan_json(site: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(site.join("plan.json")).expect("plan.json")).expect("JSON")
}

/// A copy of the plan folder `fixture` (in `plan/` of a temporary folder) with its plan.toml
/// changed by `edit`, built into `site/`: the temporary folder and plan.json.
pub fn build_edited(
    fixture: &Path,
    edit: impl Fn(String) -> String,
) -> (TempDir, serde_json::Value) {
    let tmp = TempDir::new().expect("temp dir");
    let plan = tmp.path().join("plan");
    copy_dir(fixture, &plan);
    let toml = fs::read_to_string(plan.join("plan.toml")).expect("plan.toml");
    fs::write(plan.join("plan.toml"), edit(toml)).expect("write plan.toml");
    let site = tmp.path().join("site");
    build_site(&plan, &site);
    let json = read_plan_json(&site);
    (tmp, json)
}

/// Every `.rs` file under `dir`, recursively.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Fails the test unless `text` holds `part`, showing `text`.
#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} not in:\n{text}");
}
