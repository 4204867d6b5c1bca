//! `[plan] baseline` and `[[approval]] revision` (spec section 11): the baseline archive is
//! checked on every build, plan.json carries the changes since it, and approvals signed for
//! the baseline's revision hold only while the changes leave their scope untouched.

use serde_json::Value as Json;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;
use common::waveplan;

/// Revision 1.0: crm, erp, ops (test and production units), wave 1 before and wave 2 after a
/// freeze.
const OLD: &str = include_str!("fixtures/revisions/plan.toml");
const BASELINE: &str = "archives/rev-1.0.tar.gz";

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the edit `{from}` matches nothing");
    text.replacen(from, to, 1)
}

/// Revision 1.1 of [`OLD`] with the archive of 1.0 as its baseline; every approval signed for
/// 1.0 (the wave-2 one too), and `edits` applied.
fn revision_1_1(edits: &[(&str, &str)]) -> String {
    let mut text = replace(
        OLD,
        "revision = \"1.0\"",
        &format!("revision = \"1.1\"\nbaseline = \"{BASELINE}\""),
    );
    for (from, to) in [
        (
            "signed_on = 2027-01-15",
            "signed_on = 2027-01-15\nrevision = \"1.0\"",
        ),
        (
            "signed_on = 2027-01-16",
            "signed_on = 2027-01-16\nrevision = \"1.0\"",
        ),
        (
            "scope = \"wave-2\"",
            "scope = \"wave-2\"\nsigned_on = 2027-01-17\nrevision = \"1.0\"",
        ),
    ] {
        text = replace(&text, from, to);
    }
    for (from, to) in edits {
        text = replace(&text, from, to);
    }
    text
}

fn run(args: &[&Path], extra: &[&str]) -> (i32, String) {
    let output = waveplan().args(args).args(extra).output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

/// A plan folder holding revision 1.1 (`text`) and, in it, the archive of revision 1.0 (with
/// its wave-2 approval signed, so the archive is of a signed plan).
fn plan_with_baseline(text: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().expect("temp dir");
    let old = tmp.path().join("old");
    fs::create_dir_all(&old).expect("mkdir");
    fs::write(
        old.join("plan.toml"),
        replace(
            OLD,
            "scope = \"wave-2\"",
            "scope = \"wave-2\"\nsigned_on = 2027-01-17",
        ),
    )
    .expect("write");
    let plan = tmp.path().join("plan");
    fs::create_dir_all(plan.join("archives")).expect("mkdir");
    let (code, out) = run(
        &[
            Path::new("archive"),
            &old,
            Path::new("-o"),
            &plan.join(BASELINE),
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}");
    fs::write(plan.join("plan.toml"), text).expect("write");
    (tmp, plan)
}

/// Builds `plan` and returns its plan.json.
fn plan_json(plan: &Path) -> Json {
    let out = plan.join("public");
    let (code, text) = run(&[Path::new("build"), plan, Path::new("-o"), &out], &[]);
    assert_eq!(code, 0, "{text}");
    serde_json::from_slice(&fs::read(out.join("plan.json")).expect("plan.json")).expect("JSON")
}

/// (name, state, reason) of every approval in plan.json.
fn states(doc: &Json) -> Vec<(String, String, String)> {
    doc["approvals"]
        .as_array()
        .expect("approvals")
        .iter()
        .map(|a| {
            let s = |k: &str| a[k].as_str().unwrap_or("").to_string();
            (s("name"), s("state"), s("reason"))
        })
        .collect()
}

fn owned(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

fn codes(doc: &Json) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn approvals_hold_while_the_changes_leave_their_scope_untouched() {
    // erp grows: its estimates change, no unit moves.
    let (_tmp, plan) = plan_with_baseline(&revision_1_1(&[("data_gb = 200", "data_gb = 300")]));
    let doc = plan_json(&plan);
    assert_eq!(
        states(&doc),
        owned(&[
            ("Alex Kim", "signed", ""),
            ("Kim Park", "signed", ""),
            ("Lee Chan", "signed", ""),
        ])
    );
    assert_eq!(doc["plan"]["status"], "approved");
    assert_eq!(doc["approvals"][0]["revision"], "1.0");
    let changes = &doc["changes"];
    assert_eq!(
        changes["old"],
        serde_json::json!({ "revision": "1.0", "status": "approved" })
    );
    assert_eq!(
        changes["new"],
        serde_json::json!({ "revision": "1.1", "status": "approved" })
    );
    assert_eq!(changes["workloads"][0]["id"], "erp");
    assert_eq!(
        changes["files"]["added"],
        serde_json::json!([]),
        "the baseline itself is no news"
    );
    assert!(!codes(&doc).contains(&"W-approval-revision".to_string()));
}

#[test]
fn a_moved_freeze_makes_the_plan_and_wave_2_approvals_stale_but_not_wave_1() {
    let (_tmp, plan) =
        plan_with_baseline(&revision_1_1(&[("end = 2027-03-07", "end = 2027-03-14")]));
    let doc = plan_json(&plan);
    assert_eq!(
        states(&doc),
        owned(&[
            ("Alex Kim", "stale", "wave 2 changed"),
            ("Kim Park", "signed", ""),
            ("Lee Chan", "stale", "wave 2 changed"),
        ])
    );
    // Stale counts as pending: a draft, and every wave's approval item fails.
    assert_eq!(doc["plan"]["status"], "draft");
    for wave in doc["waves"].as_array().expect("waves") {
        assert_eq!(wave["go"], false);
        let item = wave["checklist"]
            .as_array()
            .expect("checklist")
            .iter()
            .find(|c| c["key"] == "approvals-signed")
            .expect("approvals item");
        assert_eq!(item["passed"], false);
        assert!(
            item["reason"]
                .as_str()
                .unwrap_or("")
                .contains("Alex Kim (CIO), signed for 1.0, stale: wave 2 changed"),
            "{item}"
        );
    }
    let stale: Vec<&str> = doc["changes"]["approvals"]
        .as_array()
        .expect("approval changes")
        .iter()
        .filter(|a| a["change"] == "stale")
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(stale, vec!["Alex Kim", "Lee Chan"]);
    // archive refuses the draft and says why.
    let (code, text) = run(
        &[
            Path::new("archive"),
            &plan,
            Path::new("-o"),
            &plan.join("x.tar.gz"),
        ],
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        text.contains(
            "plan-scoped approval stale: Alex Kim (CIO) signed for 1.0, and wave 2 changed"
        ),
        "{text}"
    );
}

#[test]
fn a_unit_leaving_wave_1_makes_its_approval_stale() {
    // ops is gone: its test unit leaves wave 1, its production unit wave 2.
    let ops = "[[workload]]\nid = \"ops\"\nname = \"Operations\"\nowner = \"Kim Park\"\ncriticality = \"low\"\ncriticality_validated = 2027-01-10\nenvironments = [\"test\", \"prod\"]\ndata_gb = 50\n";
    let (_tmp, plan) = plan_with_baseline(&revision_1_1(&[(ops, "")]));
    let doc = plan_json(&plan);
    assert_eq!(
        states(&doc),
        owned(&[
            (
                "Alex Kim",
                "stale",
                "workload ops removed; waves 1 and 2 changed"
            ),
            ("Kim Park", "stale", "wave 1 changed"),
            ("Lee Chan", "stale", "wave 2 changed"),
        ])
    );
}

#[test]
fn a_rollback_change_touches_the_waves_of_its_units() {
    let rollback = "data_gb = 100\nmax_downtime_hours = 24\n";
    let with =
        "data_gb = 100\nmax_downtime_hours = 24\n\n[workload.rollback]\nauthority = \"Jane Doe\"\n";
    let (_tmp, plan) = plan_with_baseline(&revision_1_1(&[(rollback, with)]));
    let doc = plan_json(&plan);
    assert_eq!(
        states(&doc),
        owned(&[
            ("Alex Kim", "stale", "waves 1 and 2 changed"),
            ("Kim Park", "stale", "wave 1 changed"),
            ("Lee Chan", "stale", "wave 2 changed"),
        ])
    );
}

#[test]
fn a_revision_with_no_baseline_of_it_is_stale_with_a_warning() {
    let tmp = TempDir::new().expect("temp dir");
    let text = replace(
        OLD,
        "signed_on = 2027-01-15",
        "signed_on = 2027-01-15\nrevision = \"0.9\"",
    );
    fs::write(tmp.path().join("plan.toml"), text).expect("write");
    let doc = plan_json(tmp.path());
    assert_eq!(
        states(&doc)[0],
        owned(&[("Alex Kim", "stale", "no baseline of revision 0.9")])[0]
    );
    assert_eq!(doc["plan"]["status"], "draft");
    assert!(codes(&doc).contains(&"W-approval-revision".to_string()));
    assert!(doc.get("changes").is_none(), "no baseline, no changes");
    // The current revision, written out, is the same as no revision.
    let text = replace(
        OLD,
        "signed_on = 2027-01-15",
        "signed_on = 2027-01-15\nrevision = \"1.0\"",
    );
    fs::write(tmp.path().join("plan.toml"), text).expect("write");
    assert_eq!(plan_json(tmp.path())["plan"]["status"], "approved");
}

#[test]
fn a_baseline_that_is_missing_or_does_not_hold_is_an_input_error() {
    let (_tmp, plan) = plan_with_baseline(&revision_1_1(&[]));
    let archive = plan.join(BASELINE);
    let original = fs::read(&archive).expect("archive");

    // A source file changed under its manifest.
    let mut tar_bytes = Vec::new();
    flate2::read::GzDecoder::new(original.as_slice())
        .read_to_end(&mut tar_bytes)
        .expect("gunzip");
    let mut repacked = tar::Builder::new(Vec::new());
    for entry in tar::Archive::new(tar_bytes.as_slice())
        .entries()
        .expect("tar")
    {
        let mut entry = entry.expect("entry");
        let mut header = entry.header().clone();
        let path = entry.path().expect("path").into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        if path.ends_with("source/plan.toml") {
            bytes = String::from_utf8(bytes)
                .expect("utf-8")
                .replace("data_gb = 200", "data_gb = 250")
                .into_bytes();
            header.set_size(bytes.len() as u64);
            header.set_cksum();
        }
        repacked
            .append_data(&mut header, &path, bytes.as_slice())
            .expect("append");
    }
    let tar_bytes = repacked.into_inner().expect("tar");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &tar_bytes).expect("gzip");
    fs::write(&archive, gz.finish().expect("gzip")).expect("write");
    let (code, text) = run(&[Path::new("check"), &plan], &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("error[E-baseline]"), "{text}");
    assert!(
        text.contains("source/plan.toml: SHA-256 does not match"),
        "{text}"
    );
    assert!(
        text.contains("baseline = \"archives/rev-1.0.tar.gz\""),
        "the key is quoted: {text}"
    );

    fs::remove_file(&archive).expect("remove");
    let (code, text) = run(&[Path::new("check"), &plan], &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("baseline `archives/rev-1.0.tar.gz` does not exist"),
        "{text}"
    );
}

#[test]
fn an_archive_of_a_plan_with_a_baseline_holds_it_and_verifies() {
    let (tmp, plan) = plan_with_baseline(&revision_1_1(&[("data_gb = 200", "data_gb = 300")]));
    let out = tmp.path().join("rev-1.1.tar.gz");
    let (code, text) = run(&[Path::new("archive"), &plan, Path::new("-o"), &out], &[]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(&[Path::new("verify"), &out], &[]);
    assert_eq!(code, 0, "{text}");
    let mut tar_bytes = Vec::new();
    flate2::read::GzDecoder::new(fs::read(&out).expect("read").as_slice())
        .read_to_end(&mut tar_bytes)
        .expect("gunzip");
    let paths: Vec<String> = tar::Archive::new(tar_bytes.as_slice())
        .entries()
        .expect("tar")
        .filter_map(|e| Some(e.ok()?.path().ok()?.display().to_string()))
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with(&format!("source/{BASELINE}"))),
        "{paths:?}"
    );
}

/// The built-in example keeps the archive of its revision 2.0 as its baseline.
#[test]
fn the_example_shows_its_changes_since_revision_2_0() {
    let (tmp, plan) = common::example_copy();
    let out = tmp.path().join("site");
    let (code, text) = run(&[Path::new("build"), &plan, Path::new("-o"), &out], &[]);
    assert_eq!(code, 0, "{text}");
    let read = |page: &str| fs::read_to_string(out.join(page)).expect(page);
    let doc: Json = serde_json::from_str(&read("plan.json")).expect("JSON");
    assert_eq!(
        doc["plan"]["status"], "approved",
        "the plan-scoped approvals are for 2.1"
    );
    let stale: Vec<(String, String, String)> = states(&doc)
        .into_iter()
        .filter(|s| s.1 == "stale")
        .collect();
    assert_eq!(
        stale,
        owned(&[("Tomasz Wójcik", "stale", "wave 2 changed")])
    );
    assert_eq!(doc["changes"]["old"]["revision"], "2.0");

    let changes = read("changes/index.html");
    assert!(changes.contains("Changes since revision 2.0"), "{changes}");
    assert!(
        changes.contains("wms: method: offline -&gt; near-zero"),
        "{changes}"
    );
    assert!(
        changes.contains("media-archive: path: vpn -&gt; databox"),
        "{changes}"
    );
    assert!(
        changes.contains(r##"<a href="#wave-2">wave 2 changed</a>"##),
        "{changes}"
    );
    let dashboard = read("index.html");
    assert!(
        dashboard.contains(r#"<a href="changes/index.html">"#),
        "the dashboard links it"
    );
    assert!(
        dashboard.contains("Made stale: Tomasz Wójcik"),
        "{dashboard}"
    );
    let wave2 = read("waves/2/index.html");
    assert!(wave2.contains("Changed since revision 2.0"));
    assert!(wave2.contains("fin-reporting: rollback.steps"));
    assert!(
        wave2.contains("stale</span> signed for 2.0 on"),
        "the approval says why"
    );
    assert!(
        !read("waves/3/index.html").contains("Changed since revision"),
        "wave 3 did not change"
    );
    assert!(read("workloads/wms/index.html").contains("method: offline -&gt; near-zero"));

    // The same from the command line.
    let (code, text) = run(
        &[
            Path::new("diff"),
            &plan.join(BASELINE.replace("1.0", "2.0")),
            &plan,
        ],
        &[],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Wave 5\n  wms: method: offline -> near-zero\n"),
        "{text}"
    );
    assert!(
        text.contains("Tomasz Wójcik (Group Financial Controller, wave-2): signed for 2.0 on 2027-01-14, stale: wave 2 changed"),
        "{text}"
    );
}
