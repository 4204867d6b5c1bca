//! The loader never panics, whatever the plan folder holds, and every diagnostic it returns
//! can be shown: it names a file, and a position inside the file is a real line and column.
//!
//! Inputs: arbitrary bytes as plan.toml, a valid plan with random edits, TOML generated from
//! the real tables and keys (plus typos) with values of every type, arbitrary notes and pages
//! with and without `+++` front matter, and arbitrary rollback asset paths.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use waveplan::diagnostics::Diagnostic;
use waveplan::inputs::Inputs;

const CASES: u32 = 256;

/// A small valid plan (three workloads, `erp` depends on `crm`).
const BASE: &str = r#"[plan]
title = "Fixture plan"
start = 2027-02-01

[network]
internet_mbps = 500
vpn_mbps = 650

[[workload]]
id = "crm"
name = "CRM"
owner = "Jane Doe"
data_gb = 100

[[workload]]
id = "erp"
name = "ERP"
owner = "Sam Lee"
data_gb = 200
depends_on = ["crm"]

[[workload]]
id = "ops"
name = "Operations"
owner = "Kim Park"
data_gb = 50
"#;

/// Loads the inputs (a panic fails the property) and checks every diagnostic.
fn load_and_check(inputs: &Inputs) {
    let diagnostics = match waveplan::load::load(inputs) {
        Ok((_, warnings)) => warnings,
        Err(errors) => {
            assert!(
                errors.iter().any(Diagnostic::is_error),
                "load failed without an error: {errors:#?}"
            );
            errors
        }
    };
    for d in &diagnostics {
        check_diagnostic(inputs, d);
    }
}

fn check_diagnostic(inputs: &Inputs, d: &Diagnostic) {
    assert!(!d.file.is_empty(), "a diagnostic names no file: {d:#?}");
    assert!(
        !d.message.trim().is_empty(),
        "a diagnostic has no message: {d:#?}"
    );
    assert!(
        d.code.starts_with("E-") || d.code.starts_with("W-"),
        "odd code: {d:#?}"
    );
    if d.line == 0 {
        return;
    }
    assert!(d.column > 0, "line {} but column 0: {d:#?}", d.line);
    // A position in a readable text file is a real line of it, quoted as it is.
    let Some(text) = inputs
        .get(&d.file)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw_line = text
        .split('\n')
        .nth(d.line - 1)
        .unwrap_or_else(|| panic!("line {} is past the end of {}: {d:#?}", d.line, d.file));
    let raw = raw_line.trim_end_matches('\r');
    if raw.chars().count() <= waveplan::diagnostics::QUOTE_WIDTH {
        assert_eq!(
            d.source_line.trim_end_matches('\r'),
            raw,
            "the quoted line is not line {} of {}: {d:#?}",
            d.line,
            d.file
        );
    } else {
        // A long line is quoted in part, `…` where it was cut.
        let cut = d.source_line.strip_prefix('…').unwrap_or(&d.source_line);
        let cut = cut.strip_suffix('…').unwrap_or(cut);
        assert!(
            raw.contains(cut) && cut.chars().count() <= waveplan::diagnostics::QUOTE_WIDTH,
            "the quote is not a part of line {} of {}: {d:#?}",
            d.line,
            d.file
        );
    }
    assert!(
        d.column <= raw_line.chars().count() + 1,
        "column {} is past the end of line {} of {}: {d:#?}",
        d.column,
        d.line,
        d.file
    );
    // An unknown key is pointed at exactly: the key starts at the column (quoted or not).
    if let Some(key) = d
        .message
        .strip_prefix("unknown key `")
        .and_then(|rest| rest.split('`').next())
    {
        let bare = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let at: String = raw_line.chars().skip(d.column - 1).collect();
        if bare {
            assert!(
                at.starts_with(key)
                    || at.starts_with(&format!("\"{key}\""))
                    || at.starts_with(&format!("'{key}'")),
                "the caret is not on the key `{key}` (line {} of {}: {raw_line:?}): {d:#?}",
                d.line,
                d.file
            );
        }
    }
}

fn plan_inputs(plan: impl Into<Vec<u8>>) -> Inputs {
    let mut inputs = Inputs::default();
    inputs.insert("plan.toml", plan);
    inputs
}

// ---------------------------------------------------------------------------------------------
// Generated TOML: real tables and keys, typos, and values of every type.

/// The keys of each table of plan.toml (spec section 2).
const PLAN_KEYS: &[&str] = &[
    "title",
    "organization",
    "revision",
    "start",
    "wave_weeks",
    "wave_gap_days",
    "max_units_per_wave",
    "max_data_tb_per_wave",
    "pilot_max_units",
    "estimate_buffer_percent",
    "cutover_weekdays",
    "cutover_overhead_hours",
];
const NETWORK_KEYS: &[&str] = &[
    "expressroute_mbps",
    "vpn_mbps",
    "internet_mbps",
    "utilization",
    "databox_turnaround_days",
    "databox_device_tb",
    "databox_min_tb",
];
const SITE_KEYS: &[&str] = &["raw_html", "footer"];
const FREEZE_KEYS: &[&str] = &["name", "start", "end"];
const PEAK_KEYS: &[&str] = &[
    "name",
    "month_end_days",
    "start",
    "end",
    "business_units",
    "workloads",
];
const WORKLOAD_KEYS: &[&str] = &[
    "id",
    "name",
    "owner",
    "business_unit",
    "description",
    "criticality",
    "criticality_validated",
    "sensitivity",
    "environments",
    "data_gb",
    "nonprod_data_gb",
    "change_gb_per_day",
    "max_downtime_hours",
    "replication",
    "method",
    "path",
    "time_sensitive",
    "depends_on",
    "latency_tolerant",
    "hybrid_plan",
    "success_criteria",
    "tags",
    "rollback",
    "rollback.authority",
    "rollback.steps",
    "rollback.assets",
    "rollback.triggers",
];
const ROLLBACK_KEYS: &[&str] = &[
    "authority",
    "triggers",
    "steps",
    "max_minutes",
    "assets",
    "tested_on",
    "test_result",
    "reviewed_on",
];
const TRIGGER_KEYS: &[&str] = &["metric", "threshold", "window"];
const SKILL_KEYS: &[&str] = &["area", "status", "owner", "note"];
const APPROVAL_KEYS: &[&str] = &["role", "name", "scope", "signed_on"];
const CHECK_KEYS: &[&str] = &["item", "wave", "done"];
const TOP_KEYS: &[&str] = &[
    "plan",
    "network",
    "site",
    "freeze",
    "peak",
    "workload",
    "skill",
    "approval",
    "check",
    "plan.title",
];
/// Typos, odd spellings, dotted and quoted keys.
const ODD_KEYS: &[&str] = &[
    "ownr",
    "titel",
    "data-gb",
    "dataGb",
    "ID",
    "wave_week",
    "vpn_mpbs",
    "authorty",
    "critcality",
    "\"id\"",
    "\"\"",
    "'data_gb'",
    "\"ünïcode\"",
];

/// Table headers, each with the keys usually written under it; typos and wrong shapes too.
const HEADERS: &[(&str, &[&str])] = &[
    ("", TOP_KEYS),
    ("[plan]", PLAN_KEYS),
    ("[network]", NETWORK_KEYS),
    ("[site]", SITE_KEYS),
    ("[[workload]]", WORKLOAD_KEYS),
    ("[[workload]]", WORKLOAD_KEYS),
    ("[workload.rollback]", ROLLBACK_KEYS),
    ("[[workload.rollback.triggers]]", TRIGGER_KEYS),
    ("[[peak]]", PEAK_KEYS),
    ("[[freeze]]", FREEZE_KEYS),
    ("[[skill]]", SKILL_KEYS),
    ("[[approval]]", APPROVAL_KEYS),
    ("[[check]]", CHECK_KEYS),
    ("[plann]", PLAN_KEYS),
    ("[[plan]]", PLAN_KEYS),
    ("[workload]", WORKLOAD_KEYS),
    ("[netwrok]", NETWORK_KEYS),
    ("[peak]", PEAK_KEYS),
    ("[workload.rollbak]", ROLLBACK_KEYS),
    ("[plan.extra]", PLAN_KEYS),
    ("[[network]]", NETWORK_KEYS),
];

/// Every key of every table, and the odd ones.
fn all_keys() -> Vec<&'static str> {
    [
        PLAN_KEYS,
        NETWORK_KEYS,
        SITE_KEYS,
        FREEZE_KEYS,
        PEAK_KEYS,
        WORKLOAD_KEYS,
        ROLLBACK_KEYS,
        TRIGGER_KEYS,
        SKILL_KEYS,
        APPROVAL_KEYS,
        CHECK_KEYS,
        TOP_KEYS,
        ODD_KEYS,
    ]
    .concat()
}

const STRINGS: &[&str] = &[
    "",
    " ",
    "crm",
    "erp",
    "ops",
    "crn",
    "CRM_App",
    "-crm",
    "a",
    "low",
    "medium",
    "high",
    "hihg",
    "unit-critical",
    "mission-critical",
    "public",
    "confidential",
    "highly-confidential",
    "auto",
    "offline",
    "near-zero",
    "expressroute",
    "vpn",
    "internet",
    "databox",
    "mon",
    "sat",
    "sunday",
    "prod",
    "production",
    "dev",
    "plan",
    "wave-1",
    "wave-0",
    "wave-x",
    "wave-99999999999999999999",
    "passed",
    "failed",
    "ready",
    "gap",
    "assets/crm/rollback.ps1",
    "assets/",
    "../etc/passwd",
    "/etc/passwd",
    "assets\\x",
    "./assets/x",
    "assets//x",
    "Finance",
    "2027-02-01",
    "ünïcode ☃ 𝄞",
    "\t\r\n",
    "\u{feff}",
    "+++",
];

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn literals(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(items).prop_map(str::to_owned)
}

/// One TOML value that is not an array or table, mostly valid (so that the loader's own
/// checks are reached), now and then one the TOML parser rejects.
fn leaf_value() -> impl Strategy<Value = String> {
    prop_oneof![
        // strings
        8 => prop::sample::select(STRINGS).prop_map(toml_string),
        2 => any::<String>().prop_map(|s| toml_string(&s)),
        1 => literals(&["'literal'", "'''multi\nline'''", "\"\"\"multi\nline\"\"\""]),
        // integers
        2 => any::<i64>().prop_map(|n| n.to_string()),
        6 => (-3i64..20).prop_map(|n| n.to_string()),
        2 => literals(&[
            "99999999999999999999",
            "-9223372036854775808",
            "9223372036854775807",
            "0xff",
            "0o17",
            "0b101",
            "1_000",
            "+5",
            "-0",
        ]),
        // floats
        2 => any::<f64>().prop_filter("TOML spells NaN `nan`", |f| !f.is_nan()).prop_map(|f| format!("{f:?}")),
        4 => literals(&[
            "nan", "+nan", "-nan", "inf", "+inf", "-inf", "1.5", "0.8", "0.0", "-0.0", "-2.5", "1e308", "1e400",
            "5e-324", "1_000.5",
        ]),
        // dates and times
        5 => literals(&[
            "2027-02-01",
            "2027-02-28",
            "2028-02-29",
            "2027-11-30",
            "2027-12-15",
            "0000-01-01",
            "9999-12-31",
            "2027-02-01T09:00:00",
            "2027-02-01 09:00:00Z",
            "2027-02-01T09:00:00+01:00",
            "09:00:00",
        ]),
        1 => (0u32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        // booleans
        3 => any::<bool>().prop_map(|b| b.to_string()),
        // what the TOML parser rejects: impossible dates, broken syntax
        1 => literals(&[
            "2027-02-29",
            "2027-02-30",
            "2027-13-01",
            "2027-02-01T25:00:00",
            "",
            "=",
            "[",
            "{",
            "\"unterminated",
            "tru",
            "1.",
            "NaN",
        ]),
    ]
}

fn inline_table() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(all_keys()), leaf_value()), 0..4).prop_map(
        |pairs| {
            let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!("{{ {} }}", body.join(", "))
        },
    )
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => leaf_value(),
        2 => prop::collection::vec(leaf_value(), 0..5).prop_map(|items| format!("[{}]", items.join(", "))),
        2 => prop::collection::vec(prop::sample::select(STRINGS), 0..5)
            .prop_map(|items| format!("[{}]", items.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", "))),
        1 => inline_table(),
        1 => prop::collection::vec(inline_table(), 0..3).prop_map(|items| format!("[{}]", items.join(", "))),
        1 => prop::collection::vec(prop::collection::vec(leaf_value(), 0..3), 0..3).prop_map(|rows| {
            let rows: Vec<String> = rows.iter().map(|r| format!("[{}]", r.join(", "))).collect();
            format!("[{}]", rows.join(", "))
        }),
    ]
}

fn string_array(items: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::collection::vec(prop::sample::select(items), 0..4)
        .prop_map(|items| {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(|s| toml_string(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .boxed()
}

fn strings(items: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(items).prop_map(toml_string).boxed()
}

/// A value of the type `key` expects, often out of range or not one of the allowed words, so
/// that range, enumeration, id and cross-reference checks are reached.
fn typed_value(key: &'static str) -> BoxedStrategy<String> {
    const IDS: &[&str] = &["crm", "erp", "ops", "crn", "CRM_App", "", "new-1"];
    match key.trim_start_matches("rollback.") {
        "wave_weeks" | "wave_gap_days" | "max_units_per_wave" | "max_data_tb_per_wave" | "pilot_max_units"
        | "estimate_buffer_percent" | "cutover_overhead_hours" | "expressroute_mbps" | "vpn_mbps"
        | "internet_mbps" | "utilization" | "databox_turnaround_days" | "databox_device_tb" | "databox_min_tb"
        | "month_end_days" | "data_gb" | "nonprod_data_gb" | "change_gb_per_day" | "max_downtime_hours"
        | "max_minutes" | "wave" => prop_oneof![
            3 => (-2i64..12).prop_map(|n| n.to_string()),
            2 => literals(&["0.5", "1.0", "1.5", "-0.1", "0.0", "-0.0", "nan", "inf", "-inf", "1e300"]),
            1 => literals(&["99999999999999999999", "-9223372036854775808", "4294967296", "0x10"]),
        ]
        .boxed(),
        "start" | "end" | "criticality_validated" | "tested_on" | "reviewed_on" | "signed_on" => prop_oneof![
            3 => (2026u32..2029, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            1 => literals(&["2027-02-01T09:00:00", "2027-02-01 09:00:00Z", "09:00:00", "0000-01-01", "9999-12-31"]),
        ]
        .boxed(),
        "criticality" => strings(&["low", "medium", "high", "hihg", "unit-critical", "mission-critical", "High"]),
        "sensitivity" => strings(&["public", "non-business", "general", "confidential", "highly-confidential", "secret"]),
        "method" => strings(&["auto", "offline", "near-zero", "online"]),
        "path" => strings(&["auto", "expressroute", "vpn", "internet", "databox", "wan"]),
        "test_result" => strings(&["passed", "failed", "pass"]),
        "status" => strings(&["ready", "training", "partner", "gap", "redy"]),
        "scope" => strings(&["plan", "wave-1", "wave-12", "wave-0", "wave-x", "wave-", "Plan"]),
        "id" => strings(IDS),
        "depends_on" | "latency_tolerant" | "workloads" => string_array(IDS),
        "cutover_weekdays" => string_array(&["mon", "tue", "sat", "sun", "sunday", ""]),
        "environments" => string_array(&["prod", "production", "dev", "test", "prod", "", " "]),
        "assets" => string_array(&["assets/crm/rollback.ps1", "../x", "/abs", "assets/", "x.ps1", ""]),
        "raw_html" | "replication" | "time_sensitive" | "done" => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        "triggers" => prop::collection::vec(
            (strings(&["HTTP 5xx", ""]), strings(&["> 2 %"]), any::<bool>()),
            0..3,
        )
        .prop_map(|items| {
            let items: Vec<String> = items
                .iter()
                .map(|(m, t, full)| {
                    if *full { format!("{{ metric = {m}, threshold = {t} }}") } else { format!("{{ metric = {m} }}") }
                })
                .collect();
            format!("[{}]", items.join(", "))
        })
        .boxed(),
        _ => prop::sample::select(STRINGS).prop_map(toml_string).boxed(),
    }
}

/// A table header and a few `key = value` lines (each key once), the keys mostly those of
/// that table.
fn section() -> impl Strategy<Value = (&'static str, String)> {
    prop::sample::select(HEADERS).prop_flat_map(|(header, keys)| {
        let key =
            prop_oneof![4 => prop::sample::select(keys), 1 => prop::sample::select(all_keys())];
        let pair = key.prop_flat_map(|key| {
            (
                Just(key),
                prop_oneof![1 => value().boxed(), 2 => typed_value(key)],
            )
        });
        prop::collection::vec(pair, 0..6).prop_map(move |pairs| {
            let mut text = format!("{header}\n");
            let mut seen = Vec::new();
            for (key, value) in pairs {
                if !seen.contains(&key) {
                    seen.push(key);
                    text.push_str(&format!("{key} = {value}\n"));
                }
            }
            (header, text)
        })
    })
}

/// A generated plan.toml: often the valid base plan with sections appended (which reaches the
/// cross-reference checks), otherwise generated sections only. A `[table]` is defined once
/// (a second one is a TOML error that would hide everything else); `[[tables]]` repeat.
fn generated_plan() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(section(), 0..6)).prop_map(|(with_base, sections)| {
        let (mut text, mut defined) = if with_base {
            (BASE.to_string(), vec!["[plan]", "[network]", "[workload]"])
        } else {
            (String::new(), Vec::new())
        };
        for (header, section) in sections {
            if header.starts_with('[') && !header.starts_with("[[") {
                if defined.contains(&header) {
                    continue;
                }
                defined.push(header);
            }
            text.push('\n');
            text.push_str(&section);
        }
        text
    })
}

// ---------------------------------------------------------------------------------------------
// Notes and pages.

const NOTE_PATHS: &[&str] = &[
    "workloads/crm.md",
    "workloads/erp.md",
    "workloads/xyz.md",
    "workloads/CRM.md",
    "workloads/crm.txt",
    "workloads/.md",
    "rollback/crm.md",
    "rollback/crn.md",
    "pages/p.md",
    "pages/Comms Plan.md",
    "pages/ünï.md",
    "pages/.md",
];

fn front_matter_note() -> impl Strategy<Value = Vec<u8>> {
    let open = prop::sample::select(
        &[
            "+++",
            "+++ ",
            "+++\r",
            "+++\u{2003}",
            "+++\u{3000}\u{2003}",
            "++++",
            " +++",
        ][..],
    );
    let close = prop::sample::select(&["+++", "+++\r", "+++ \u{2003}", "", "++"][..]);
    let keys = prop::sample::select(
        &[
            "title",
            "weight",
            "titel",
            "date",
            "x.y",
            "\"title\"",
            "weight.x",
        ][..],
    );
    let pairs = prop::collection::vec((keys, leaf_value()), 0..4);
    (any::<bool>(), open, pairs, close, ".{0,60}").prop_map(|(bom, open, pairs, close, body)| {
        let mut text = if bom {
            "\u{feff}".to_string()
        } else {
            String::new()
        };
        text.push_str(open);
        text.push('\n');
        for (k, v) in pairs {
            text.push_str(&format!("{k} = {v}\n"));
        }
        text.push_str(close);
        text.push('\n');
        text.push_str(&body);
        text.into_bytes()
    })
}

fn note_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..256),
        1 => ".{0,120}".prop_map(String::into_bytes),
        3 => front_matter_note(),
    ]
}

// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig {
        // Integration tests have no lib.rs beside them: keep regressions next to this file.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::with_cases(CASES)
    })]

    #[test]
    fn arbitrary_bytes_as_plan_toml(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        load_and_check(&plan_inputs(bytes));
    }

    #[test]
    fn arbitrary_text_as_plan_toml(text in ".{0,400}") {
        load_and_check(&plan_inputs(text));
    }

    #[test]
    fn valid_plan_with_random_byte_edits(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut bytes = BASE.as_bytes().to_vec();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        load_and_check(&plan_inputs(bytes));
    }

    #[test]
    fn valid_plan_with_lines_dropped_or_repeated(ops in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 1..5)) {
        let mut lines: Vec<&str> = BASE.lines().collect();
        for (at, repeat) in ops {
            let i = at.index(lines.len());
            if repeat {
                lines.insert(i, lines[i]);
            } else if lines.len() > 1 {
                lines.remove(i);
            }
        }
        load_and_check(&plan_inputs(lines.join("\n")));
    }

    #[test]
    fn generated_toml_as_plan_toml(text in generated_plan()) {
        load_and_check(&plan_inputs(text));
    }

    #[test]
    fn arbitrary_notes_and_pages(
        plan in prop_oneof![3 => Just(BASE.to_string()), 1 => generated_plan()],
        notes in prop::collection::vec((prop::sample::select(NOTE_PATHS), note_bytes()), 1..4),
    ) {
        let mut inputs = plan_inputs(plan);
        for (path, bytes) in notes {
            inputs.insert(path, bytes);
        }
        load_and_check(&inputs);
    }

    #[test]
    fn arbitrary_rollback_assets(
        assets in prop::collection::vec(prop_oneof![prop::sample::select(STRINGS).prop_map(str::to_owned), ".{0,20}"], 0..4),
        present in prop::collection::vec(prop_oneof![Just("assets/crm/rollback.ps1".to_string()), "assets/[a-z/.]{0,12}"], 0..3),
    ) {
        let list: Vec<String> = assets.iter().map(|a| toml_string(a)).collect();
        let plan = format!("{BASE}\n[workload.rollback]\nauthority = \"Kim\"\nassets = [{}]\n", list.join(", "));
        let mut inputs = plan_inputs(plan);
        for path in present {
            inputs.insert(path, b"x".to_vec());
        }
        load_and_check(&inputs);
    }
}

#[test]
fn the_base_plan_is_valid() {
    let result = waveplan::load::load(&plan_inputs(BASE));
    assert!(result.is_ok(), "{result:#?}");
}

/// Each generator yields the shapes it is meant to: most generated plans get past the TOML
/// parser, so the loader's own checks are exercised and not only the parser's.
#[test]
fn generated_plans_mostly_parse_as_toml() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = generated_plan();
    let total = 200;
    let parsed = (0..total)
        .filter(|_| {
            let text = strategy.new_tree(&mut runner).expect("a value").current();
            toml::from_str::<toml::Table>(&text).is_ok()
        })
        .count();
    assert!(
        parsed * 2 >= total,
        "only {parsed} of {total} generated plans are valid TOML"
    );
}
