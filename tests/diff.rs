//! `waveplan diff OLD [NEW]` from the outside: plan folders, archives and git revisions;
//! changes on inputs and on planned results, in JSON; exit statuses.

use serde_json::Value as Json;
use std::fs;
use std::path::Path;
use std::process::Command as Process;
use tempfile::TempDir;

mod common;
use common::{assert_contains, content_dir, waveplan};

/// A small plan: three workloads with a test and a production unit each, two waves around a
/// freeze, wave 1 GO.
const OLD: &str = include_str!("fixtures/revisions/plan.toml");

/// Applies `(from, to)` replacements to [`OLD`], each of which must match.
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = OLD.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "the edit `{from}` matches nothing");
        text = text.replacen(from, to, 1);
    }
    text
}

/// Every kind of change at once.
fn new_plan() -> String {
    let mut text = edited(&[
        ("revision = \"1.0\"", "revision = \"1.1\""),
        ("vpn_mbps = 650", "vpn_mbps = 1000"),
        // erp grows: longer transfers and downtime, no other key.
        ("data_gb = 200", "data_gb = 2000"),
        // crm goes near-zero over the VPN.
        (
            "data_gb = 100\nmax_downtime_hours = 24",
            "data_gb = 100\nmax_downtime_hours = 24\nreplication = true\nmethod = \"near-zero\"\npath = \"vpn\"",
        ),
        // ops (with its W-downtime warning) is gone.
        (
            "[[workload]]\nid = \"ops\"\nname = \"Operations\"\nowner = \"Kim Park\"\ncriticality = \"low\"\ncriticality_validated = 2027-01-10\nenvironments = [\"test\", \"prod\"]\ndata_gb = 50\n",
            "",
        ),
        // The wave-1 approval is withdrawn, the wave-2 one signed.
        (
            "[[approval]]\nrole = \"Operations lead\"\nname = \"Kim Park\"\nscope = \"wave-1\"\nsigned_on = 2027-01-16\n",
            "",
        ),
        (
            "scope = \"wave-2\"\n",
            "scope = \"wave-2\"\nsigned_on = 2027-01-20\n",
        ),
        ("done = true", "done = false"),
    ]);
    // hr is new (and has no downtime tolerance: W-downtime).
    text.push_str(
        r#"
[[workload]]
id = "hr"
name = "HR"
owner = "Pat Moss"
criticality = "low"
criticality_validated = 2027-01-10
environments = ["test", "prod"]
data_gb = 30
"#,
    );
    text
}

fn write_plan(dir: &Path, text: &str) {
    fs::create_dir_all(dir).expect("create plan folder");
    fs::write(dir.join("plan.toml"), text).expect("write plan.toml");
}

/// Runs `waveplan diff ARGS` in `cwd`: (exit code, stdout, stderr).
fn diff_in(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let output = waveplan()
        .current_dir(cwd)
        .arg("diff")
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn diff_json(cwd: &Path, old: &str, new: &str) -> Json {
    let (code, stdout, stderr) = diff_in(cwd, &[old, new, "--format", "json", "--exit-code"]);
    assert_eq!(
        code, 1,
        "the sides differ, so --exit-code gives 1\n{stderr}"
    );
    serde_json::from_str(&stdout).expect("diff --format json prints JSON")
}

fn pair() -> TempDir {
    let tmp = TempDir::new().expect("temp dir");
    write_plan(&tmp.path().join("old"), OLD);
    write_plan(&tmp.path().join("new"), &new_plan());
    tmp
}

fn workload<'a>(doc: &'a Json, id: &str) -> &'a Json {
    doc["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .find(|w| w["id"] == id)
        .unwrap_or_else(|| panic!("no change listed for workload {id}: {doc:#}"))
}

fn key<'a>(changes: &'a Json, key: &str) -> Option<&'a Json> {
    changes
        .as_array()
        .expect("a list of key changes")
        .iter()
        .find(|c| c["key"] == key)
}

fn wave(doc: &Json, number: u64) -> &Json {
    doc["waves"]
        .as_array()
        .expect("waves")
        .iter()
        .find(|w| w["number"] == number)
        .unwrap_or_else(|| panic!("no change listed for wave {number}: {doc:#}"))
}

fn is_empty_list(doc: &Json, key: &str) -> bool {
    doc[key].as_array().is_some_and(Vec::is_empty)
}

#[test]
fn a_plan_against_itself_has_no_changes() {
    let content = content_dir();
    let content = content.to_str().expect("utf-8 path");
    let (code, stdout, stderr) = diff_in(Path::new("."), &[content, content, "--exit-code"]);
    assert_eq!(code, 0, "no change, exit 0 even with --exit-code\n{stderr}");
    assert_contains(&stdout, "no changes");
    let (code, stdout, _) = diff_in(
        Path::new("."),
        &[content, content, "--format", "json", "--exit-code"],
    );
    assert_eq!(code, 0);
    let doc: Json = serde_json::from_str(&stdout).expect("JSON");
    for key in ["plan", "workloads", "waves", "approvals"] {
        assert!(is_empty_list(&doc, key), "{key} is not empty: {doc:#}");
    }
    assert_eq!(doc["warnings"]["added"], Json::Array(vec![]));
    assert_eq!(doc["files"]["changed"], Json::Array(vec![]));
    assert_eq!(doc["old"]["revision"], doc["new"]["revision"]);
}

#[test]
fn every_kind_of_change_is_listed_in_json() {
    let tmp = pair();
    fs::create_dir_all(tmp.path().join("new/workloads")).expect("notes folder");
    fs::write(
        tmp.path().join("new/workloads/crm.md"),
        "Cutover runbook.\n",
    )
    .expect("note");
    let doc = diff_json(tmp.path(), "old", "new");

    assert_eq!(doc["old"]["revision"], "1.0");
    assert_eq!(doc["new"]["revision"], "1.1");
    let vpn = key(&doc["plan"], "network.vpn_mbps").expect("network.vpn_mbps changed");
    assert_eq!(
        (vpn["old"].as_i64(), vpn["new"].as_i64()),
        (Some(650), Some(1000))
    );
    assert!(key(&doc["plan"], "plan.revision").is_some());

    assert_eq!(workload(&doc, "hr")["change"], "added");
    assert_eq!(workload(&doc, "ops")["change"], "removed");

    let erp = workload(&doc, "erp");
    assert_eq!(erp["change"], "changed");
    let data = key(&erp["inputs"], "data_gb").expect("erp data_gb");
    assert_eq!(
        (data["old"].as_i64(), data["new"].as_i64()),
        (Some(200), Some(2000))
    );
    for k in [
        "prod_transfer_hours",
        "prod_downtime_hours",
        "nonprod_transfer_hours",
    ] {
        let c = key(&erp["results"], k).unwrap_or_else(|| panic!("erp {k}: {erp:#}"));
        assert!(c["new"].as_f64() > c["old"].as_f64(), "{k} grows: {c}");
    }
    assert!(key(&erp["results"], "path").is_none(), "erp keeps its path");

    let crm = workload(&doc, "crm");
    let method = key(&crm["results"], "method").expect("crm method");
    assert_eq!(
        (&method["old"], &method["new"]),
        (&"offline".into(), &"near-zero".into())
    );
    let path = key(&crm["results"], "path").expect("crm path");
    assert_eq!(
        (&path["old"], &path["new"]),
        (&"internet".into(), &"vpn".into())
    );
    assert!(key(&crm["inputs"], "replication").is_some());

    // Wave 1: the check is no longer done and its approval is gone: GO -> NO-GO.
    let w1 = wave(&doc, 1);
    assert_eq!(w1["go"], serde_json::json!({ "old": true, "new": false }));
    let flipped: Vec<&str> = w1["checklist"]
        .as_array()
        .expect("checklist flips")
        .iter()
        .filter_map(|c| c["title"].as_str())
        .collect();
    assert!(flipped.contains(&"Landing zone ready"), "{flipped:?}");
    // Units: hr's test unit entered wave 1, ops's left it.
    let units = |w: &Json, list: &str| -> Vec<String> {
        w[list]
            .as_array()
            .expect("units")
            .iter()
            .map(|u| {
                format!(
                    "{}/{}",
                    u["workload"].as_str().unwrap_or(""),
                    u["tier"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    assert!(
        units(w1, "entered").contains(&"hr/nonprod".to_string()),
        "{w1:#}"
    );
    assert!(
        units(w1, "left").contains(&"ops/nonprod".to_string()),
        "{w1:#}"
    );

    // Warnings match by code and subject: ops's W-downtime is resolved, hr's is new.
    let codes = |list: &str| -> Vec<String> {
        doc["warnings"][list]
            .as_array()
            .expect("warnings")
            .iter()
            .map(|w| format!("{} {}", w["code"].as_str().unwrap_or(""), w["subject"]))
            .collect()
    };
    assert_eq!(codes("added"), vec![r#"W-downtime ["hr"]"#.to_string()]);
    assert_eq!(codes("resolved"), vec![r#"W-downtime ["ops"]"#.to_string()]);

    let approvals: Vec<(String, String)> = doc["approvals"]
        .as_array()
        .expect("approvals")
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap_or("").to_string(),
                a["change"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        approvals,
        vec![
            ("Lee Chan".to_string(), "signed".to_string()),
            ("Kim Park".to_string(), "removed".to_string()),
        ]
    );
    assert_eq!(
        doc["files"]["added"],
        serde_json::json!(["workloads/crm.md"])
    );
}

#[test]
fn a_moved_freeze_lists_the_cutovers_it_moves() {
    let tmp = TempDir::new().expect("temp dir");
    write_plan(&tmp.path().join("old"), OLD);
    write_plan(
        &tmp.path().join("new"),
        &edited(&[("end = 2027-03-07", "end = 2027-03-14")]),
    );
    let doc = diff_json(tmp.path(), "old", "new");
    assert!(key(&doc["plan"], "freeze[Spring freeze].end").is_some());
    let moved: Vec<&str> = doc["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .inspect(|w| {
            assert!(is_empty_list(w, "inputs"), "no workload key changed: {w}");
        })
        .filter(|w| key(&w["results"], "prod_cutover").is_some())
        .filter_map(|w| w["id"].as_str())
        .collect();
    assert_eq!(
        moved,
        vec!["crm", "erp", "ops"],
        "every production cutover moves"
    );
    let w2 = wave(&doc, 2);
    assert_eq!(w2["window"]["old"]["start"], "2027-03-08");
    assert_eq!(w2["window"]["new"]["start"], "2027-03-15");
    // The text report groups them under wave 2 with its new window.
    let (_, text, _) = diff_in(tmp.path(), &["old", "new"]);
    assert_contains(&text, "Wave 2: 2027-03-15 to");
    assert_contains(&text, "erp: prod_cutover: 2027-03-16 ->");
}

#[test]
fn an_archive_is_read_through_its_source() {
    let tmp = pair();
    let archive = tmp.path().join("old.tar.gz");
    let status = waveplan()
        .arg("archive")
        .arg(tmp.path().join("old"))
        .arg("-o")
        .arg(&archive)
        .output()
        .expect("runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let (code, stdout, stderr) = diff_in(tmp.path(), &["old.tar.gz", "old", "--exit-code"]);
    assert_eq!(
        code, 0,
        "an archive of a folder diffs empty against it\n{stdout}{stderr}"
    );
    let doc = diff_json(tmp.path(), "old.tar.gz", "new");
    assert_eq!(workload(&doc, "hr")["change"], "added");
    assert_eq!(doc["old"]["source"], "old.tar.gz");

    // A tampered archive is not read.
    let mut bytes = fs::read(&archive).expect("archive");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(tmp.path().join("bad.tar.gz"), bytes).expect("write");
    let (code, _, stderr) = diff_in(tmp.path(), &["bad.tar.gz", "new"]);
    assert_eq!(code, 2, "{stderr}");
    assert_contains(&stderr, "bad.tar.gz");
}

fn git(dir: &Path, args: &[&str]) {
    let output = Process::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_git_revision_is_read_through_git() {
    let tmp = TempDir::new().expect("temp dir");
    let repo = tmp.path();
    git(repo, &["init", "-q"]);
    git(repo, &["config", "user.name", "Test"]);
    git(repo, &["config", "user.email", "test@example.com"]);
    git(repo, &["config", "commit.gpgsign", "false"]);
    let plan = repo.join("plan");
    write_plan(&plan, OLD);
    fs::write(repo.join("README.md"), "not part of the plan\n").expect("write");
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "1.0"]);
    write_plan(&plan, &new_plan());
    git(repo, &["commit", "-q", "-a", "-m", "1.1"]);

    // OLD at a revision, NEW the folder (which git:REV reads at that revision).
    let doc = diff_json(repo, "git:HEAD~1", "plan");
    assert_eq!(workload(&doc, "ops")["change"], "removed");
    assert_eq!(doc["old"]["source"], "git:HEAD~1");
    // Both at revisions, in the plan folder.
    let doc = diff_json(&plan, "git:HEAD~1", "git:HEAD");
    assert_eq!(workload(&doc, "hr")["change"], "added");
    assert!(
        is_empty_list(&doc["files"], "added"),
        "README.md is not a plan file"
    );
    let (code, _, stderr) = diff_in(&plan, &["git:HEAD", "--exit-code"]);
    assert_eq!(code, 0, "the folder is committed as it is\n{stderr}");

    let (code, _, stderr) = diff_in(&plan, &["git:no-such-rev"]);
    assert_eq!(code, 2);
    assert_contains(&stderr, "no revision `no-such-rev`");
    let outside = TempDir::new().expect("temp dir");
    write_plan(outside.path(), OLD);
    let (code, _, stderr) = diff_in(outside.path(), &["git:HEAD"]);
    assert_eq!(code, 2);
    assert_contains(&stderr, "not in a git repository");
}

#[test]
fn bad_usage_and_plan_errors_have_their_exit_statuses() {
    let tmp = pair();
    let (code, _, stderr) = diff_in(tmp.path(), &["missing", "new"]);
    assert_eq!(code, 2);
    assert_contains(&stderr, "missing does not exist");
    let (code, _, stderr) = diff_in(tmp.path(), &["old", "missing"]);
    assert_eq!(code, 2, "{stderr}");
    fs::write(tmp.path().join("some.tar.gz"), b"x").expect("write");
    let (code, _, stderr) = diff_in(tmp.path(), &["git:HEAD", "some.tar.gz"]);
    assert_eq!(code, 2);
    assert_contains(&stderr, "is not a folder");
    let (code, _, _) = diff_in(tmp.path(), &["old", "new", "--format", "yaml"]);
    assert_eq!(code, 2, "clap rejects an unknown format");

    write_plan(
        &tmp.path().join("broken"),
        &edited(&[("data_gb = 50", "data_gb = -5")]),
    );
    let (code, stdout, stderr) = diff_in(tmp.path(), &["old", "broken"]);
    assert_eq!(code, 3, "a side with plan errors\n{stderr}");
    assert!(stdout.is_empty());
    assert_contains(&stderr, "NEW (broken) has plan errors");
    assert!(
        stderr.contains("plan.toml:"),
        "the errors are reported: {stderr}"
    );
}

#[test]
fn markdown_is_fit_for_a_change_request() {
    let tmp = pair();
    let (code, md, _) = diff_in(tmp.path(), &["old", "new", "--format", "markdown"]);
    assert_eq!(code, 0, "without --exit-code a difference is not a failure");
    assert!(
        md.starts_with(
            "## Plan changes: old (revision 1.0, approved) -> new (revision 1.1, approved)"
        ),
        "{md}"
    );
    assert_contains(&md, "\n### Wave 1\n");
    assert_contains(&md, "- GO -> NO-GO\n  - fails: Landing zone ready");
    assert_contains(&md, "- erp: data_gb: 200 -> 2000");
    assert_contains(&md, "- new W-downtime: `hr` has no");
}
