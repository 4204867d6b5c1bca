//! Broken plans for the tests: `tests/fixtures/bad/<name>/patch.toml` applied to the one base
//! plan `tests/fixtures/bad/base/plan.toml`, beside the fixture's other files (notes, assets).
//! The format is described in `tests/fixtures/bad/README.md`.

use super::copy_dir;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// The folder of the base plan, which is not a fixture.
const BASE: &str = "base";
/// Files of a fixture folder that describe it rather than belong to the plan folder.
const META: [&str; 2] = ["patch.toml", "expect.toml"];

/// Every fixture folder, sorted (the base excluded).
pub fn fixtures() -> Vec<PathBuf> {
    let root = root();
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir() && !path.ends_with(BASE))
        .collect();
    dirs.sort();
    dirs
}

pub fn base_plan() -> String {
    let path = root().join(BASE).join("plan.toml");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The plan.toml a fixture describes: the base with its patch applied; `None` for a fixture
/// with `plan = false` (a folder without plan.toml).
pub fn patched_plan(dir: &Path) -> Option<Vec<u8>> {
    let path = dir.join("patch.toml");
    let fail = |message: String| -> ! { panic!("{}: {message}", path.display()) };
    let text = fs::read_to_string(&path).unwrap_or_else(|e| fail(e.to_string()));
    let patch: toml::Table = toml::from_str(&text).unwrap_or_else(|e| fail(e.to_string()));
    for key in patch.keys() {
        if !["plan", "replace", "end_before", "append", "encoding"].contains(&key.as_str()) {
            fail(format!("unknown key `{key}`"));
        }
    }
    let string = |table: &toml::Table, key: &str| -> Option<String> {
        table.get(key).map(|v| {
            v.as_str()
                .unwrap_or_else(|| fail(format!("`{key}` must be a string")))
                .to_owned()
        })
    };
    if patch
        .get("plan")
        .is_some_and(|v| v.as_bool() == Some(false))
    {
        if patch.len() > 1 {
            fail("`plan = false` takes no other key".into());
        }
        return None;
    }
    let mut plan = base_plan();
    let replaces = patch.get("replace").map(|v| {
        v.as_array()
            .unwrap_or_else(|| fail("`replace` must be [[replace]] tables".into()))
    });
    for (i, replace) in replaces.into_iter().flatten().enumerate() {
        let table = replace
            .as_table()
            .unwrap_or_else(|| fail(format!("replace #{} is not a table", i + 1)));
        let (Some(find), Some(with)) = (string(table, "find"), string(table, "with")) else {
            fail(format!("replace #{} needs `find` and `with`", i + 1));
        };
        if table.len() != 2 {
            fail(format!(
                "replace #{} has keys besides `find` and `with`",
                i + 1
            ));
        }
        let count = plan.matches(&find).count();
        if count != 1 {
            fail(format!(
                "replace #{}: `find` occurs {count} times in the plan, not once: {find:?}",
                i + 1
            ));
        }
        plan = plan.replacen(&find, &with, 1);
    }
    if let Some(end) = string(&patch, "end_before") {
        let count = plan.matches(&end).count();
        if count != 1 {
            fail(format!(
                "`end_before` occurs {count} times, not once: {end:?}"
            ));
        }
        plan.truncate(plan.find(&end).expect("counted once"));
    }
    if let Some(append) = string(&patch, "append") {
        plan.push_str(&append);
    }
    Some(match string(&patch, "encoding").as_deref() {
        None | Some("utf-8") => plan.into_bytes(),
        Some("latin1") => plan
            .chars()
            .map(|c| {
                u8::try_from(u32::from(c))
                    .unwrap_or_else(|_| fail(format!("{c:?} has no Latin-1 byte")))
            })
            .collect(),
        Some(other) => fail(format!("unknown encoding `{other}`: utf-8 or latin1")),
    })
}

/// The fixture as a plan folder: the patched plan.toml and the fixture's other files.
pub fn plan_folder(dir: &Path) -> TempDir {
    assert!(
        !dir.join("plan.toml").exists(),
        "{}: a fixture holds a patch.toml, not its own plan.toml",
        dir.display()
    );
    let tmp = TempDir::new().expect("temp dir");
    for entry in fs::read_dir(dir).expect("read fixture") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if META.iter().any(|m| name == *m) {
            continue;
        }
        let target = tmp.path().join(&name);
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
    if let Some(plan) = patched_plan(dir) {
        fs::write(tmp.path().join("plan.toml"), plan).expect("write plan.toml");
    }
    tmp
}
