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

/// Appends `text` to the file at `path`.
pub fn append(path: &Path, text: &str) {
    let mut file = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open for append");
    file.write_all(text.as_bytes()).expect("append");
}
