//! `waveplan check`, `schema` and `init` from the outside: exit codes, diagnostics as JSON
//! and as text, and the JSON Schema checked against the example plan.
//!
//! Every folder under `tests/fixtures/bad/` (but `base/`) is a small plan with one defect:
//! `patch.toml` applied to `base/plan.toml` (see `tests/fixtures/bad/README.md`), and an
//! `expect.toml` naming the diagnostic it must produce:
//!
//! ```toml
//! code = "E-unknown-key"
//! file = "plan.toml"
//! line = 12
//! column = 1
//! message = "unknown key `ownr`"      # a substring of the message
//! help = "did you mean `owner`?"      # optional: a substring of the help
//! note = "first defined at"           # optional: a substring of one of the notes
//! ```

use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::bad_plans::{self, fixtures as bad_fixtures, plan_folder};
use common::{assert_contains, waveplan};

/// At least this many broken plans must exist, so a lost fixture folder is noticed.
const MIN_BAD_FIXTURES: usize = 28;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The diagnostic a fixture must produce.
#[derive(Debug)]
struct Expect {
    code: String,
    file: String,
    line: u64,
    column: u64,
    message: String,
    help: Option<String>,
    note: Option<String>,
}

fn read_expect(dir: &Path) -> Expect {
    let path = dir.join("expect.toml");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for key in table.keys() {
        assert!(
            [
                "code", "file", "line", "column", "message", "help", "note", "defect"
            ]
            .contains(&key.as_str()),
            "{}: unknown key `{key}`",
            path.display()
        );
    }
    let string = |key: &str| {
        table
            .get(key)
            .and_then(toml::Value::as_str)
            .map(str::to_owned)
    };
    let number = |key: &str| {
        let n = table.get(key).and_then(toml::Value::as_integer);
        let n = n.unwrap_or_else(|| panic!("{}: `{key}` must be an integer", path.display()));
        u64::try_from(n).unwrap_or_else(|_| panic!("{}: `{key}` must be >= 0", path.display()))
    };
    let required = |key: &str| {
        string(key).unwrap_or_else(|| panic!("{}: `{key}` is required", path.display()))
    };
    Expect {
        code: required("code"),
        file: required("file"),
        line: number("line"),
        column: number("column"),
        message: required("message"),
        help: string("help"),
        note: string("note"),
    }
}

fn matches(d: &Json, e: &Expect) -> bool {
    let text = |key: &str| d.get(key).and_then(Json::as_str).unwrap_or_default();
    let number = |key: &str| d.get(key).and_then(Json::as_u64);
    text("code") == e.code
        && text("file") == e.file
        && number("line") == Some(e.line)
        && number("column") == Some(e.column)
        && text("message").contains(&e.message)
        && e.help
            .as_ref()
            .is_none_or(|h| text("help").contains(h.as_str()))
        && e.note.as_ref().is_none_or(|n| {
            d.get("notes")
                .and_then(Json::as_array)
                .is_some_and(|notes| {
                    notes
                        .iter()
                        .any(|x| x.as_str().is_some_and(|x| x.contains(n.as_str())))
                })
        })
}

/// Runs `waveplan check DIR --format json`: exit status and the parsed document.
fn check_json(dir: &Path) -> (Option<i32>, Json) {
    let output = waveplan()
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let doc = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{}: --format json did not print one JSON document ({e}):\n{stdout}\nstderr:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), doc)
}

#[test]
fn every_bad_fixture_reports_its_diagnostic() {
    let fixtures = bad_fixtures();
    assert!(
        fixtures.len() >= MIN_BAD_FIXTURES,
        "expected at least {MIN_BAD_FIXTURES} folders under tests/fixtures/bad, found {}",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for dir in &fixtures {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expect = read_expect(dir);
        let folder = plan_folder(dir);
        let (status, doc) = check_json(folder.path());
        let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
        let mut problems = Vec::new();
        if status != Some(1) {
            problems.push(format!("exit status {status:?}, expected 1"));
        }
        if doc["ok"] != Json::Bool(false) {
            problems.push(format!("\"ok\" is {}, expected false", doc["ok"]));
        }
        for d in &diagnostics {
            for key in ["severity", "code", "message", "file", "line", "column"] {
                if d.get(key).is_none() {
                    problems.push(format!("a diagnostic has no `{key}`: {d}"));
                }
            }
        }
        if !diagnostics.iter().any(|d| matches(d, &expect)) {
            problems.push(format!("no diagnostic matches {expect:?}"));
        }
        if !problems.is_empty() {
            let got: Vec<String> = diagnostics.iter().map(Json::to_string).collect();
            failures.push(format!(
                "{name}:\n  {}\n  diagnostics:\n    {}",
                problems.join("\n  "),
                got.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n")
    );
}

/// Text mode: stderr of `waveplan check` for one fixture.
fn check_text(fixture: &str) -> String {
    let folder = plan_folder(&bad_plans::root().join(fixture));
    let output = waveplan()
        .arg("check")
        .arg(folder.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{fixture}: exit status");
    assert!(
        output.stdout.is_empty(),
        "{fixture}: text mode writes the report to stderr only"
    );
    String::from_utf8(output.stderr).expect("UTF-8 report")
}

/// The report quotes `line_text` after `line |` and puts a caret under column `column`.
fn assert_quoted_with_caret(report: &str, line: usize, column: usize, line_text: &str) {
    let quoted = format!("{line} | {line_text}");
    let lines: Vec<&str> = report.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start() == quoted || l.ends_with(&format!(" {quoted}")))
        .unwrap_or_else(|| panic!("the report does not quote `{quoted}`:\n{report}"));
    let caret_line = lines
        .get(at + 1)
        .unwrap_or_else(|| panic!("no line after the quote:\n{report}"));
    // The caret sits at the same offset after the `|` as the column in the quoted line.
    let bar = lines[at].find(" | ").expect("a gutter") + 3;
    let caret_bar = caret_line
        .find(" | ")
        .unwrap_or_else(|| panic!("no gutter on the caret line:\n{report}"))
        + 3;
    let caret_at = caret_line[caret_bar..]
        .find('^')
        .unwrap_or_else(|| panic!("no ^ under the quoted line:\n{report}"));
    assert_eq!(bar, caret_bar, "gutters line up:\n{report}");
    assert_eq!(
        caret_at + 1,
        column,
        "the caret is under column {column}:\n{report}"
    );
}

#[test]
fn text_report_points_at_the_unknown_key_with_a_suggestion() {
    let report = check_text("unknown-key-did-you-mean");
    assert_contains(
        &report,
        "error[E-unknown-key]: unknown key `ownr` in [[workload]]",
    );
    assert_contains(&report, "--> plan.toml:12:1");
    assert_quoted_with_caret(&report, 12, 1, "ownr = \"Jane Doe\"");
    assert_contains(&report, "= help: did you mean `owner`?");
    assert_contains(&report, "check failed:");
}

#[test]
fn text_report_points_at_the_unknown_dependency() {
    let report = check_text("unknown-dependency");
    assert_contains(&report, "error[E-unknown-dependency]");
    assert_contains(&report, "--> plan.toml:22:15");
    assert_quoted_with_caret(&report, 22, 15, "depends_on = [\"crn\"]");
    assert!(
        report.contains("^^^^^"),
        "the caret underlines the whole entry:\n{report}"
    );
    assert_contains(&report, "= help: did you mean `crm`?");
}

#[test]
fn text_report_shows_the_first_place_of_a_duplicate_id() {
    let report = check_text("duplicate-id");
    assert_contains(&report, "--> plan.toml:25:1");
    assert_quoted_with_caret(&report, 25, 1, "id = \"crm\"");
    assert_contains(&report, "= note: first defined at plan.toml:10:1");
    assert_contains(&report, "= help: ");
}

/// The base of the broken plans has no defect of its own: each fixture's diagnostic comes
/// from its patch.
#[test]
fn the_base_of_the_bad_fixtures_checks_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("plan.toml"), bad_plans::base_plan()).expect("write plan.toml");
    let (status, doc) = check_json(dir.path());
    assert_eq!(status, Some(0), "{doc}");
    assert_eq!(doc["diagnostics"], Json::Array(Vec::new()), "{doc}");
    let schema_errors = schema_errors(&validator(), &bad_plans::base_plan()).expect("parses");
    assert!(schema_errors.is_empty(), "{schema_errors:?}");
}

/// A patch that goes wrong says so instead of testing some other plan.
#[test]
#[should_panic(expected = "occurs 3 times in the plan, not once")]
fn a_patch_whose_find_is_ambiguous_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("patch.toml"),
        "[[replace]]\nfind = \"[[workload]]\"\nwith = \"[workload]\"\n",
    )
    .expect("write patch.toml");
    bad_plans::patched_plan(dir.path());
}

#[test]
fn the_built_in_example_checks_clean() {
    let content = manifest_dir().join("content");
    assert!(
        content.join("plan.toml").is_file(),
        "content/plan.toml is missing"
    );
    let output = waveplan()
        .arg("check")
        .arg(&content)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "waveplan check content/ failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (status, doc) = check_json(&content);
    assert_eq!(status, Some(0));
    assert_eq!(doc["ok"], Json::Bool(true), "{doc}");
    assert_eq!(doc["errors"], 0, "{doc}");
}

#[test]
fn bad_usage_exits_2() {
    let content = manifest_dir().join("content");
    let output = waveplan()
        .arg("check")
        .arg(&content)
        .args(["--format", "xml"])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("xml"),
        "the error names the bad value"
    );

    let output = waveplan().arg("no-such-command").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_folder_without_plan_toml_is_an_error() {
    let empty = tempfile::tempdir().expect("temp dir");
    let (status, doc) = check_json(empty.path());
    assert_eq!(status, Some(1));
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "E-no-plan", "{doc}");
    assert_eq!(d["file"], "plan.toml", "{doc}");
    assert_eq!(d["line"], 0, "{doc}");
}

// ---------------------------------------------------------------------------------------------
// `waveplan schema`, checked with a real JSON Schema validator (the `jsonschema` crate) on plan
// files converted from TOML to JSON the way an editor's TOML plugin does: dates become strings.

fn schema() -> Json {
    let output = waveplan().arg("schema").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    serde_json::from_slice(&output.stdout).expect("schema prints JSON")
}

#[test]
fn schema_describes_plan_and_workload() {
    let schema = schema();
    assert_eq!(schema["type"], "object");
    let properties = schema["properties"].as_object().expect("properties");
    assert!(properties.contains_key("plan"), "{schema}");
    assert!(properties.contains_key("workload"), "{schema}");
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Json::as_str)
        .collect();
    assert!(required.contains(&"plan"), "{required:?}");
    assert!(required.contains(&"workload"), "{required:?}");
    assert_eq!(schema["additionalProperties"], false);
    let workload = &schema["properties"]["workload"];
    assert_eq!(workload["type"], "array");
    assert_eq!(
        workload["items"]["properties"]["id"]["pattern"],
        "^[a-z0-9][a-z0-9-]*$"
    );
}

/// A TOML value as JSON: dates and date-times become their TOML text (so a local date is
/// `"2027-02-01"` and matches `"format": "date"`, a date-time does not); a NaN or infinite
/// float, which JSON cannot hold, becomes `null` (a number of no range).
fn toml_to_json(value: toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(dt) => Json::String(dt.to_string()),
        toml::Value::Array(items) => Json::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Json::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, toml_to_json(value)))
                .collect(),
        ),
    }
}

/// The validator for `waveplan schema`, with formats (`date`) checked, not just annotated.
fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema())
        .expect("`waveplan schema` is a valid JSON Schema (draft 2020-12)")
}

/// What the validator finds wrong with a plan.toml text (`Err` when it is not TOML at all).
fn schema_errors(
    validator: &jsonschema::Validator,
    plan_toml: &str,
) -> Result<Vec<String>, toml::de::Error> {
    let table: toml::Table = toml::from_str(plan_toml)?;
    let instance = toml_to_json(toml::Value::Table(table));
    Ok(validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect())
}

#[test]
fn the_example_plan_is_valid_against_the_schema() {
    let validator = validator();
    let path = manifest_dir().join("content/plan.toml");
    let text = fs::read_to_string(&path).expect("content/plan.toml exists");
    let errors = schema_errors(&validator, &text).expect("content/plan.toml parses");
    assert!(
        errors.is_empty(),
        "content/plan.toml does not match `waveplan schema`:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_rejects_what_the_loader_rejects_by_shape() {
    let validator = validator();
    let valid = "[plan]\ntitle = \"T\"\nstart = 2027-02-01\n\n[[workload]]\nid = \"a\"\nname = \"A\"\nowner = \"O\"\ndata_gb = 1\n";
    assert_eq!(
        schema_errors(&validator, valid).unwrap(),
        Vec::<String>::new()
    );
    let broken = [
        ("ownr = \"O\"", "owner = \"O\"", "owner"),
        ("data_gb = \"1\"", "data_gb = 1", "/workload/0/data_gb"),
        ("data_gb = -1", "data_gb = 1", "/workload/0/data_gb"),
        ("id = \"A_1\"", "id = \"a\"", "/workload/0/id"),
        (
            "start = 2027-02-01T10:00:00",
            "start = 2027-02-01",
            "/plan/start",
        ),
        (
            "data_gb = 1\ncriticality = \"hihg\"",
            "data_gb = 1",
            "/workload/0/criticality",
        ),
        ("utilization = 1.5", "[plan]", "/network/utilization"),
    ];
    for (bad, good, at) in broken {
        let text = if good == "[plan]" {
            format!("[network]\n{bad}\n{valid}")
        } else {
            valid.replace(good, bad)
        };
        let errors = schema_errors(&validator, &text).unwrap();
        assert!(
            errors.iter().any(|e| e.contains(at)),
            "the validator did not reject `{bad}` at `{at}`: {errors:?}"
        );
    }
}

/// Shape errors the loader finds that a JSON Schema of this form does not express yet.
const NOT_IN_SCHEMA: &[&str] = &[
    // `start` without `end`: the declaration has no keys that require each other.
    "peak-start-without-end",
];

/// The loader and the schema come from the same declarations: a fixture whose defect is a
/// shape error (unknown key, type, enumeration, id, required key, range, a date with a time)
/// is rejected by a real JSON Schema validator too, as an editor would flag it.
#[test]
fn shape_errors_of_fixtures_break_the_schema_too() {
    let validator = validator();
    let mut checked = Vec::new();
    let mut accepted = Vec::new();
    for dir in bad_fixtures() {
        let expect = read_expect(&dir);
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let shape_error = matches!(
            expect.code.as_str(),
            "E-unknown-key" | "E-type" | "E-enum" | "E-id" | "E-missing" | "E-range" | "E-date"
        );
        if expect.file != "plan.toml" || !shape_error || NOT_IN_SCHEMA.contains(&name.as_str()) {
            continue;
        }
        let Some(Ok(text)) = bad_plans::patched_plan(&dir).map(String::from_utf8) else {
            continue;
        };
        // Not TOML at all (an integer beyond 64 bits): the editor's TOML parser says so.
        let Ok(errors) = schema_errors(&validator, &text) else {
            continue;
        };
        if errors.is_empty() {
            accepted.push(name.clone());
        }
        checked.push(name);
    }
    assert!(
        accepted.is_empty(),
        "`waveplan schema` accepts these plans that the loader rejects: {accepted:?}"
    );
    assert!(
        checked.len() >= 20,
        "only {} fixtures were compared with the schema: {checked:?}",
        checked.len()
    );
}

// ---------------------------------------------------------------------------------------------
// `waveplan init`

#[test]
fn init_writes_a_plan_and_never_overwrites_it() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("new-plan");
    let output = waveplan().arg("init").arg(&dir).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plan = dir.join("plan.toml");
    let written = fs::read(&plan).expect("init wrote plan.toml");
    assert!(!written.is_empty());
    let (status, doc) = check_json(&dir);
    assert_eq!(status, Some(0), "the plan init writes checks clean: {doc}");

    // An edited plan survives a second init.
    let mut edited = written.clone();
    edited.extend_from_slice(b"\n# edited by hand\n");
    fs::write(&plan, &edited).expect("edit plan.toml");
    let output = waveplan().arg("init").arg(&dir).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "init over an existing plan must fail"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_contains(&stderr, "already holds a plan");
    assert_eq!(
        fs::read(&plan).expect("plan.toml"),
        edited,
        "init changed an existing plan.toml"
    );
}

#[test]
fn deny_warnings_fails_a_plan_with_warnings_only() {
    // The example deliberately shows two risks (a defaulted tolerance, replication that
    // of a wave that cannot keep up): fine for `check`, a failure with `--deny-warnings`.
    let content = manifest_dir().join("content");
    let output = waveplan()
        .args(["check", "--deny-warnings", "--format", "json"])
        .arg(&content)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let doc: Json = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(doc["ok"], Json::Bool(false), "{doc}");
    assert_eq!(doc["errors"], 0, "{doc}");
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["W-downtime", "W-replication-wave"], "{doc}");
}
