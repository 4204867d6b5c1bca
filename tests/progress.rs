//! Progress (spec section 9): the second built-in example (`init --example running`), the
//! progress page against plan.json, the dashboard's summary, a workload's history, and what
//! the burn-up is measured against.

mod common;

use common::{build_site, example_copy, read_plan_json, running_example, waveplan};
use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Builds `plan` into `site` next to it; plan.json.
fn build(plan: &Path) -> (PathBuf, Json) {
    let site = plan.with_file_name("site");
    build_site(plan, &site);
    let json = read_plan_json(&site);
    (site, json)
}

fn page(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Data as the pages write it (GB below 1 TB, TB with one decimal above).
fn data(gb: f64) -> String {
    if gb >= 1000.0 {
        format!("{:.1} TB", gb / 1000.0)
    } else {
        format!("{gb:.0} GB")
    }
}

#[test]
fn init_running_writes_a_plan_that_checks_with_only_its_deliberate_warnings() {
    let (_tmp, plan) = running_example();
    let text = fs::read_to_string(plan.join("plan.toml")).expect("plan.toml");
    assert!(text.starts_with("#:schema"), "the editor line comes first");
    assert!(text.contains("[[result]]") && text.contains("as_of = "));
    assert!(plan.join("pages/pir-hr-payroll.md").is_file());
    assert!(plan.join("plan.schema.json").is_file());
    let out = waveplan()
        .arg("check")
        .arg(&plan)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let doc: Json = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default())
        .collect();
    codes.sort_unstable();
    // Workforce moved the day before payroll was rolled back, and the calibrated VPN cannot
    // carry clickstream's replication: each explained in plan.toml.
    assert_eq!(
        codes,
        ["W-pinned", "W-replication", "W-replication-wave"],
        "{doc}"
    );
}

#[test]
fn init_without_example_writes_the_plan_before_day_one() {
    let tmp = TempDir::new().expect("temp dir");
    let plan = tmp.path().join("plan");
    let out = waveplan().arg("init").arg(&plan).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = fs::read_to_string(plan.join("plan.toml")).expect("plan.toml");
    assert!(
        !text.contains("[[result]]"),
        "the first example has no results"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("example `before-day-one`"));
}

#[test]
fn an_unknown_example_is_a_usage_error_listing_the_names() {
    let tmp = TempDir::new().expect("temp dir");
    let plan = tmp.path().join("plan");
    let out = waveplan()
        .args(["init", "--example", "runing"])
        .arg(&plan)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("runing"), "{stderr}");
    assert!(
        stderr.contains("before-day-one") && stderr.contains("running"),
        "{stderr}"
    );
    assert!(!plan.exists(), "nothing written");
}

#[test]
fn the_progress_page_shows_the_numbers_of_plan_json() {
    let (_tmp, plan) = running_example();
    let (site, json) = build(&plan);
    let progress = &json["progress"];
    let units = &progress["units"];
    let count = |state: &str| units[state].as_u64().expect("a count");
    let total: u64 = ["done", "in-progress", "rolled-back", "postponed", "planned"]
        .iter()
        .map(|s| count(s))
        .sum();
    let done = count("done");
    assert!(done > 0 && count("rolled-back") == 1, "{progress}");
    let gb_done = progress["data_gb_done"].as_f64().expect("GB done");
    let gb_total = progress["data_gb_total"].as_f64().expect("GB total");

    let html = page(&site, "progress/index.html");
    assert!(
        html.contains(&format!("<strong>{done} of {total} units done</strong>")),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<strong>{} of {} moved</strong>",
        data(gb_done),
        data(gb_total)
    )));
    for (state, label) in [
        ("done", "done"),
        ("in-progress", "in progress"),
        ("rolled-back", "rolled back"),
        ("postponed", "postponed"),
        ("planned", "planned"),
    ] {
        let row = format!(
            "<tr><td><span class=\"tag state-{state}\">{label}</span></td><td class=\"num\">{}</td></tr>",
            count(state)
        );
        assert!(html.contains(&row), "no row {row}");
    }
    let as_of = progress["as_of"].as_str().expect("as_of");
    assert!(html.contains(&format!("<time datetime=\"{as_of}\">")));
    // Each wave's row counts its done units as plan.json does.
    for wave in json["waves"].as_array().expect("waves") {
        let units = wave["units"].as_array().expect("units");
        let done = units.iter().filter(|u| u["status"] == "done").count();
        let n = wave["number"].as_u64().expect("number");
        let row =
            format!("<a href=\"../waves/{n}/index.html\">Wave {n}</a></td><td class=\"nowrap\">");
        let at = html
            .find(&row)
            .unwrap_or_else(|| panic!("no row for wave {n}"));
        let rest = &html[at..];
        let cells = &rest[..rest.find("</tr>").expect("row end")];
        assert!(
            cells.contains(&format!("{done} of {}", units.len())),
            "wave {n}: {cells}"
        );
        assert!(cells.contains(&format!("state-{}", wave["state"].as_str().expect("state"))));
    }
    assert!(html.contains("id=\"burnup-chart\"") && html.contains("<svg"));
    // Calibration per path, one line per plan.json entry, applied or not as it says.
    let calibration = json["calibration"].as_array().expect("calibration");
    assert!(!calibration.is_empty());
    let section = &html[html
        .find("id=\"calibration\"")
        .expect("a calibration section")..];
    let section = &section[..section.find("</section>").expect("its end")];
    assert_eq!(
        section.matches("<li>").count(),
        calibration.len(),
        "{section}"
    );
    let applied = calibration.iter().filter(|c| c["applied"] == true).count();
    assert_eq!(
        section.matches("applied to the open units").count(),
        applied
    );
    // The rollback links to its review, a free page.
    assert!(html.contains("href=\"../pages/pir-hr-payroll/index.html\""));

    let dashboard = page(&site, "index.html");
    assert!(dashboard.contains(&format!(
        "<span class=\"figure\">{done} / {total}</span> units done"
    )));
    assert!(dashboard.contains(&format!("<span class=\"figure\">{}</span>", data(gb_done))));
    assert!(dashboard.contains("href=\"progress/index.html\""));
    // Every page's navigation reaches it.
    assert!(
        page(&site, "waves/1/index.html")
            .contains("href=\"../../progress/index.html\">Progress</a>")
    );
}

#[test]
fn the_burn_up_is_measured_against_the_plan_planned_without_its_results() {
    let (_tmp, plan) = running_example();
    let (site, json) = build(&plan);
    let as_of = json["progress"]["as_of"]
        .as_str()
        .expect("as_of")
        .to_string();

    // The same plan without its results and as_of, planned on its own.
    let text = fs::read_to_string(plan.join("plan.toml")).expect("plan.toml");
    let first = text.find("\n[[result]]\n").expect("results");
    let first = text[..first].rfind("\n# ---").unwrap_or(first);
    let end = text.find("[[scenario]]").expect("scenarios");
    let end = text[..end]
        .rfind("# ------")
        .expect("the scenarios' heading");
    let bare: String = format!("{}\n{}", &text[..first], &text[end..])
        .lines()
        .filter(|l| !l.starts_with("as_of = "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!bare.contains("\n[[result]]\n"));
    let bare_plan = plan.with_file_name("bare");
    common::copy_dir(&plan, &bare_plan);
    fs::write(bare_plan.join("plan.toml"), bare).expect("write");
    let bare_site = plan.with_file_name("bare-site");
    build_site(&bare_plan, &bare_site);
    assert!(
        !bare_site.join("progress").exists(),
        "no results, no progress page"
    );
    let bare_json = read_plan_json(&bare_site);
    let cutovers: Vec<String> = bare_json["waves"]
        .as_array()
        .expect("waves")
        .iter()
        .flat_map(|w| w["units"].as_array().expect("units").iter())
        .map(|u| u["cutover"].as_str().expect("cutover").to_string())
        .collect();
    let due = cutovers.iter().filter(|c| **c <= as_of).count();
    let done_of_due = json["waves"]
        .as_array()
        .expect("waves")
        .iter()
        .flat_map(|w| w["units"].as_array().expect("units").iter())
        .filter(|u| u["status"] == "done")
        .count();
    let html = page(&site, "progress/index.html");
    // Every done unit of the example was due by as_of in the plan without results.
    assert!(
        html.contains(&format!("\">{done_of_due} / {due}</span> due by")),
        "due {due}, done {done_of_due}"
    );
    assert!(html.contains("the plan as it stood before any result"));
    let last = cutovers.iter().max().expect("a cutover");
    let (y, m, d) = (&last[..4], &last[5..7], &last[8..]);
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][m.parse::<usize>().expect("month") - 1];
    let named = format!("{} {month} {y})</span>", d.trim_start_matches('0'));
    assert!(
        html.contains(&named),
        "the last planned cutover {last} is named: {named}"
    );
}

#[test]
fn with_a_baseline_the_burn_up_is_measured_against_its_revision() {
    let (_tmp, plan) = example_copy();
    let text = fs::read_to_string(plan.join("plan.toml")).expect("plan.toml");
    let with_result = format!(
        "{text}\n[[result]]\nworkload = \"lms-training\"\ntier = \"nonprod\"\nstatus = \"done\"\ndate = 2027-02-02\n"
    );
    fs::write(plan.join("plan.toml"), with_result).expect("write");
    let (site, json) = build(&plan);
    assert_eq!(json["progress"]["units"]["done"], 1);
    let html = page(&site, "progress/index.html");
    assert!(html.contains("the baseline, revision 2.0"), "{html}");
    assert!(
        html.contains("planned (revision 2.0)"),
        "the chart's legend names it"
    );
}

#[test]
fn a_workload_page_shows_its_history_oldest_first() {
    let (_tmp, plan) = running_example();
    let text = fs::read_to_string(plan.join("plan.toml")).expect("plan.toml");
    // A second attempt after the rollback: the rollback stays in the history.
    let text = text.replace("as_of = 2027-04-28", "as_of = 2027-05-14");
    let text = format!(
        "{text}\n[[result]]\nworkload = \"hr-payroll\"\nstatus = \"done\"\ndate = 2027-05-13\ntransfer_hours = 4.1\nnote = \"Second attempt\"\n"
    );
    fs::write(plan.join("plan.toml"), text).expect("write");
    let (site, _) = build(&plan);
    let page_html = page(&site, "workloads/hr-payroll/index.html");
    let history = page_html.find("History of results").expect("the history");
    let html = &page_html[history..];
    let rollback = html
        .find("rolled back Wed 24 Mar 2027")
        .expect("the rollback");
    let second = html
        .find("done Thu 13 May 2027, transfer 4.1 h: Second attempt")
        .expect("the second attempt");
    assert!(rollback < second, "oldest first");
    let review = html[rollback..second].contains("href=\"../../pages/pir-hr-payroll/index.html\"");
    assert!(review, "the rollback links its review");
    assert_eq!(html.matches("(its state now)").count(), 1);
    assert!(html[second..].contains("(its state now)"));
    let progress = page(&site, "progress/index.html");
    assert!(
        progress.contains("since: done Thu 13 May 2027"),
        "the rollback's unit is done now"
    );
}
