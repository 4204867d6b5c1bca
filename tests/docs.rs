//! The user's documentation cannot drift from the code: the key tables of
//! `docs/plan-format.md` are those `waveplan schema --format markdown` prints, every warning
//! and error code the source emits is explained there, the README and docs link only to files
//! of the repository, every command's help gives an example, and `waveplan init` sets up
//! editor support.
//!
//! After changing the schema declaration or the example plan, rewrite the generated part of
//! the reference with `WAVEPLAN_BLESS=1 cargo test --test docs`, then read the diff.

use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

mod common;
use common::{build_site, read_plan_json, rust_files, waveplan};

const BEGIN: &str = "<!-- generated: waveplan schema --format markdown -->";
const END: &str = "<!-- end generated -->";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn stdout_of(args: &[&str]) -> String {
    let output = waveplan().args(args).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "waveplan {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn the_reference_holds_the_key_tables_of_the_schema() {
    let path = root().join("docs/plan-format.md");
    let doc = read("docs/plan-format.md");
    let begin = doc
        .find(BEGIN)
        .unwrap_or_else(|| panic!("docs/plan-format.md has no `{BEGIN}` line"));
    let after = begin + BEGIN.len();
    let end = after
        + doc[after..]
            .find(END)
            .unwrap_or_else(|| panic!("docs/plan-format.md has no `{END}` after `{BEGIN}`"));
    let generated = format!("\n\n{}", stdout_of(&["schema", "--format", "markdown"]));
    if doc[after..end] == generated {
        return;
    }
    if std::env::var_os("WAVEPLAN_BLESS").is_some() {
        let blessed = format!("{}{generated}{}", &doc[..after], &doc[end..]);
        fs::write(&path, blessed).expect("rewrite docs/plan-format.md");
        return;
    }
    let old: BTreeSet<&str> = doc[after..end].lines().collect();
    let new: BTreeSet<&str> = generated.lines().collect();
    let changed: Vec<String> = new
        .difference(&old)
        .map(|l| format!("+ {l}"))
        .chain(old.difference(&new).map(|l| format!("- {l}")))
        .collect();
    panic!(
        "the key tables in docs/plan-format.md differ from `waveplan schema --format markdown`; \
         rewrite them with `WAVEPLAN_BLESS=1 cargo test --test docs` and describe any new key \
         in the prose around them:\n{}",
        changed.join("\n")
    );
}

/// The codes (`"E-unknown-key"`, `"W-pilot"`) quoted in `text`.
fn codes_in(text: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('"') {
        let rest = &bytes[at + 1..];
        if rest.len() < 3 || !matches!(rest[0], b'E' | b'W') || rest[1] != b'-' {
            continue;
        }
        let len = rest[2..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || **b == b'-')
            .count();
        if len > 0 && rest.get(2 + len) == Some(&b'"') {
            codes.insert(String::from_utf8_lossy(&rest[..2 + len]).into_owned());
        }
    }
    codes
}

/// The codes emitted by the source, leaving out its unit tests (`#[cfg(test)]` to the end of
/// the file), which make up codes of their own.
fn emitted_codes() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut codes = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("read source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        codes.extend(codes_in(code));
    }
    codes
}

#[test]
fn every_code_the_source_emits_is_explained_in_the_reference() {
    let codes = emitted_codes();
    assert!(
        codes.len() >= 30 && codes.contains("E-unknown-key") && codes.contains("W-pilot"),
        "the scan of src/ found too few codes: {codes:?}"
    );
    let doc = read("docs/plan-format.md");
    let missing: Vec<&String> = codes
        .iter()
        .filter(|code| !doc.contains(&format!("`{code}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/plan-format.md does not explain these codes (add a row to its table of errors \
         or warnings: what it means, how to fix it): {missing:?}"
    );
    // And the reference explains no code that no longer exists.
    let documented: BTreeSet<String> = doc
        .lines()
        .filter(|l| l.starts_with("| `E-") || l.starts_with("| `W-"))
        .filter_map(|l| l.split('`').nth(1).map(str::to_owned))
        .collect();
    let stale: Vec<&String> = documented.difference(&codes).collect();
    assert!(
        stale.is_empty(),
        "docs/plan-format.md explains codes that src/ never emits: {stale:?}"
    );
}

/// The targets of markdown links `[text](target)` in `text`.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut in_code_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code_block = !in_code_block;
            continue;
        }
        if in_code_block {
            continue;
        }
        for (at, _) in line.match_indices("](") {
            let rest = &line[at + 2..];
            if let Some(end) = rest.find(')') {
                targets.push(rest[..end].to_owned());
            }
        }
    }
    targets
}

#[test]
fn readme_and_docs_link_only_to_files_in_the_repository() {
    let mut files = vec![root().join("README.md")];
    for entry in fs::read_dir(root().join("docs")).expect("docs/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut problems = Vec::new();
    let mut links = 0;
    for file in &files {
        let text = fs::read_to_string(file).expect("read");
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        if text.contains("shared/") {
            problems.push(format!(
                "{name} points to the shared folder outside the project"
            ));
        }
        for target in link_targets(&text) {
            links += 1;
            if target.contains("://") || target.starts_with("mailto:") {
                problems.push(format!("{name}: link outside the repository: {target}"));
                continue;
            }
            let path = target.split('#').next().unwrap_or_default();
            if path.is_empty() {
                continue;
            }
            let resolved = file.parent().unwrap().join(path);
            let inside = resolved
                .canonicalize()
                .is_ok_and(|p| p.starts_with(root().canonicalize().unwrap()));
            if !inside {
                problems.push(format!(
                    "{name}: `{target}` is not a file of the repository"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(links >= 8, "only {links} links found: the scan is broken");
    let readme = read("README.md");
    for must in [
        "cargo run --release -- serve content",
        "cargo test",
        "cargo install --path .",
        "docs/plan-format.md",
        "docs/editors.md",
    ] {
        assert!(readme.contains(must), "README.md does not mention `{must}`");
    }
}

/// The subcommands `waveplan --help` lists.
fn subcommands() -> Vec<String> {
    let help = stdout_of(&["--help"]);
    let commands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .expect("a Commands: section")
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(
        commands.len() >= 9 && commands.iter().any(|c| c == "init"),
        "{help}"
    );
    commands
}

#[test]
fn every_command_says_what_it_does_and_gives_an_example() {
    let help = stdout_of(&["--help"]);
    assert!(help.contains("Examples:\n  waveplan init"), "{help}");
    assert!(help.contains("waveplan help plan"), "{help}");
    for command in subcommands() {
        let text = stdout_of(&[command.as_str(), "--help"]);
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.len() > 20 && first.starts_with(char::is_uppercase),
            "`waveplan {command} --help` does not start with a one-line description: {first}"
        );
        assert!(
            text.contains(&format!("\n  waveplan {command}")),
            "`waveplan {command} --help` gives no example:\n{text}"
        );
        // `waveplan help COMMAND` is the same text.
        assert_eq!(
            stdout_of(&["help", command.as_str()]),
            text,
            "help {command}"
        );
    }
}

#[test]
fn help_plan_says_where_the_reference_is() {
    let text = stdout_of(&["help", "plan"]);
    assert!(text.contains("docs/plan-format.md"), "{text}");
    assert!(text.contains("waveplan schema --format markdown"), "{text}");
    assert!(text.contains("[[workload]]"), "{text}");
    let output = waveplan().args(["help", "plna"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("topics: plan, init"), "{stderr}");
}

/// The smallest plan of `waveplan help plan` is a valid plan.
#[test]
fn the_smallest_plan_of_help_plan_checks_clean() {
    let text = stdout_of(&["help", "plan"]);
    let plan: String = text
        .lines()
        .skip_while(|l| l.trim() != "[plan]")
        .take_while(|l| l.is_empty() || l.starts_with("  "))
        .map(|l| format!("{}\n", l.trim()))
        .collect();
    assert!(plan.contains("data_gb"), "{plan}");
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("plan.toml"), &plan).expect("write");
    let output = waveplan()
        .arg("check")
        .arg(tmp.path())
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{plan}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `waveplan init` sets up editor support: the `#:schema` line and the schema beside
/// plan.toml. The plan checks, builds and archives as the example does; the schema file is
/// not an input, so it is neither in the site nor in the archive's source.
#[test]
fn init_writes_the_schema_directive_and_the_schema() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("plan");
    let output = waveplan().arg("init").arg(&dir).output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let plan = fs::read_to_string(dir.join("plan.toml")).expect("plan.toml");
    assert_eq!(plan.lines().next(), Some("#:schema ./plan.schema.json"));
    assert_eq!(
        plan.split_once('\n').unwrap().1,
        read("content/plan.toml"),
        "the rest is the example plan"
    );
    let schema = fs::read_to_string(dir.join("plan.schema.json")).expect("plan.schema.json");
    assert_eq!(
        schema,
        stdout_of(&["schema"]),
        "the same bytes as `waveplan schema`"
    );
    let schema: Json = serde_json::from_str(&schema).expect("JSON");
    assert_eq!(schema["title"], "waveplan plan.toml");

    let check = waveplan().arg("check").arg(&dir).output().expect("runs");
    assert_eq!(check.status.code(), Some(0));
    let site = tmp.path().join("site");
    let build = waveplan()
        .arg("build")
        .arg(&dir)
        .arg("-o")
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.join("index.html").is_file());
    assert!(!site.join("plan.schema.json").exists());

    let file = tmp.path().join("plan.tar.gz");
    let archive = waveplan()
        .arg("archive")
        .arg(&dir)
        .arg("-o")
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(
        archive.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&archive.stderr)
    );
    let gz = flate2::read::GzDecoder::new(fs::File::open(&file).expect("archive"));
    let mut tar = tar::Archive::new(gz);
    let names: Vec<String> = tar
        .entries()
        .expect("entries")
        .map(|e| {
            e.expect("entry")
                .path()
                .expect("path")
                .display()
                .to_string()
        })
        .collect();
    assert!(
        names.iter().any(|n| n.ends_with("source/plan.toml")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.ends_with("plan.schema.json")),
        "{names:?}"
    );
    let verify = waveplan().arg("verify").arg(&file).output().expect("runs");
    assert_eq!(verify.status.code(), Some(0));
}

/// Every key of the objects in `value`, at any depth.
fn json_keys(value: &Json, keys: &mut BTreeSet<String>) {
    match value {
        Json::Object(map) => {
            for (key, child) in map {
                keys.insert(key.clone());
                json_keys(child, keys);
            }
        }
        Json::Array(items) => items.iter().for_each(|item| json_keys(item, keys)),
        _ => {}
    }
}

/// Section 5 of the reference names every key the plan.json of either example has (the
/// running one has results, progress and calibration).
#[test]
fn every_plan_json_key_is_in_the_reference() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (_running, running) = common::running_example();
    let mut keys = BTreeSet::new();
    for (example, plan) in [("content", root().join("content")), ("running", running)] {
        let site = tmp.path().join(example);
        build_site(&plan, &site);
        json_keys(&read_plan_json(&site), &mut keys);
    }
    assert!(
        keys.len() >= 30 && keys.contains("hybrid_links"),
        "{keys:?}"
    );
    let doc = read("docs/plan-format.md");
    let section = doc
        .split("## 5. plan.json")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/plan-format.md has a section `## 5. plan.json`");
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !section.contains(&format!("\"{k}\"")) && !section.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "section 5 of docs/plan-format.md does not describe these plan.json keys: {missing:?}"
    );
}
