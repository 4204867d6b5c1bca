//! Scenarios (spec section 10) from the outside: a scenario without overrides is the
//! baseline, a network override moves exactly the workloads whose path follows the network,
//! the comparison page shows plan.json's figures, and scenarios leave the baseline's pages,
//! exports and go/no-go alone.

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;
use common::bad_plans::base_plan;
use common::{build_site, example_copy, read_plan_json};

/// Builds a plan folder holding only `plan_toml`; gives the temp dir and the site folder.
fn build_text(plan_toml: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().expect("temp dir");
    let plan = tmp.path().join("plan");
    fs::create_dir_all(&plan).expect("plan folder");
    fs::write(plan.join("plan.toml"), plan_toml).expect("write plan");
    let out = tmp.path().join("site");
    build_site(&plan, &out);
    (tmp, out)
}

/// The baseline's figures as plan.json gives them: end, waves, downtime, units over tolerance.
fn baseline_figures(doc: &Value) -> (String, usize, f64, usize) {
    let waves = doc["waves"].as_array().expect("waves");
    let units: Vec<&Value> = waves
        .iter()
        .flat_map(|w| w["units"].as_array().expect("units"))
        .collect();
    let end = units
        .iter()
        .filter_map(|u| u["cutover"].as_str())
        .max()
        .expect("a cutover")
        .to_string();
    let downtime = units
        .iter()
        .map(|u| u["downtime_hours"].as_f64().unwrap())
        .sum();
    let over = doc["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .filter(|w| !w["prod_wave"].is_null())
        .filter(|w| {
            w["downtime_hours"].as_f64().unwrap() > w["max_downtime_hours"].as_f64().unwrap() + 1e-9
        })
        .count();
    (end, waves.len(), downtime, over)
}

#[test]
fn a_plan_without_scenarios_has_an_empty_list_and_no_scenarios_page() {
    let (_tmp, site) = build_text(&base_plan());
    assert_eq!(read_plan_json(&site)["scenarios"], Value::Array(Vec::new()));
    assert!(!site.join("scenarios").exists());
    let index = fs::read_to_string(site.join("index.html")).expect("dashboard");
    assert!(
        !index.contains("scenarios/index.html"),
        "no navigation entry"
    );
}

#[test]
fn a_scenario_without_overrides_equals_the_baseline() {
    let text = format!("{}\n[[scenario]]\nname = \"Same plan\"\n", base_plan());
    let (_tmp, site) = build_text(&text);
    let doc = read_plan_json(&site);
    let scenario = &doc["scenarios"][0];
    assert_eq!(scenario["slug"], "same-plan");
    assert_eq!(scenario["changes"], Value::Array(Vec::new()));
    let (end, waves, downtime, over) = baseline_figures(&doc);
    assert_eq!(scenario["end"], end.as_str());
    assert_eq!(scenario["waves"], waves);
    assert!((scenario["downtime_hours"].as_f64().unwrap() - downtime).abs() < 0.1 * waves as f64);
    assert_eq!(scenario["units_over_tolerance"], over);
    assert_eq!(
        scenario["warnings"].as_u64().unwrap() as usize,
        doc["diagnostics"].as_array().unwrap().len()
    );
    let page = fs::read_to_string(site.join("scenarios/same-plan/index.html")).expect("page");
    assert!(page.contains("No workload&#x27;s wave") || page.contains("No workload's wave"));
    assert!(page.contains("Nothing: this scenario is the baseline."));
}

#[test]
fn overriding_the_network_moves_exactly_the_workloads_whose_path_follows_it() {
    // `erp` is pinned to the internet link; `crm` and `ops` leave it to the rules.
    let plan = base_plan().replace(
        "depends_on = [\"crm\"]",
        "depends_on = [\"crm\"]\npath = \"internet\"",
    );
    let text = format!(
        "{plan}\n[[scenario]]\nname = \"ExpressRoute\"\nnetwork = {{ expressroute_mbps = 1000 }}\n"
    );
    let (_tmp, site) = build_text(&text);
    let doc = read_plan_json(&site);
    let changes = doc["scenarios"][0]["changes"].as_array().expect("changes");
    let moved: BTreeSet<&str> = changes
        .iter()
        .filter(|c| c["key"] == "path")
        .map(|c| c["workload"].as_str().unwrap())
        .collect();
    let auto: BTreeSet<&str> = doc["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["path_rule"] != 1)
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(moved, auto);
    assert_eq!(moved, BTreeSet::from(["crm", "ops"]));
    for c in changes.iter().filter(|c| c["key"] == "path") {
        assert_eq!(c["scenario"], "expressroute");
        assert_eq!(
            c["baseline"],
            doc["workloads"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| w["id"] == c["workload"])
                .unwrap()["path"]
        );
    }
    // The baseline keeps its own paths.
    assert!(
        doc["workloads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["path"] != "expressroute")
    );
}

/// The cells of the comparison table: (row key, the `data-value` of each column).
fn table_values(html: &str) -> Vec<(String, Vec<String>)> {
    let mut rows = Vec::new();
    for row in html.split("<tr data-key=\"").skip(1) {
        let key = row.split('"').next().unwrap().to_string();
        let row = row.split("</tr>").next().unwrap();
        let values = row
            .split("data-value=\"")
            .skip(1)
            .map(|cell| cell.split('"').next().unwrap().to_string())
            .collect();
        rows.push((key, values));
    }
    rows
}

#[test]
fn the_comparison_table_shows_the_figures_of_plan_json() {
    let (tmp, plan) = example_copy();
    let site = tmp.path().join("site");
    build_site(&plan, &site);
    let doc = read_plan_json(&site);
    let scenarios = doc["scenarios"].as_array().expect("scenarios");
    assert_eq!(scenarios.len(), 2, "the example holds two scenarios");
    let html = fs::read_to_string(site.join("scenarios/index.html")).expect("scenarios page");
    let rows = table_values(&html);
    let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "end",
            "waves",
            "downtime_hours",
            "units_over_tolerance",
            "databox_devices",
            "warnings"
        ]
    );
    let (end, waves, downtime, over) = baseline_figures(&doc);
    for (key, values) in &rows {
        assert_eq!(
            values.len(),
            1 + scenarios.len(),
            "{key}: a column per plan"
        );
        for (scenario, value) in scenarios.iter().zip(&values[1..]) {
            let expected = match &scenario[key.as_str()] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(value, &expected, "{key} of {}", scenario["name"]);
        }
        let baseline = &values[0];
        match key.as_str() {
            "end" => assert_eq!(baseline, &end),
            "waves" => assert_eq!(baseline, &waves.to_string()),
            "downtime_hours" => {
                let shown: f64 = baseline.parse().unwrap();
                assert!(
                    (shown - downtime).abs() < 0.1 * waves as f64,
                    "{shown} vs {downtime}"
                );
            }
            "units_over_tolerance" => assert_eq!(baseline, &over.to_string()),
            "warnings" => assert_eq!(
                baseline,
                &doc["diagnostics"].as_array().unwrap().len().to_string()
            ),
            _ => {}
        }
    }
    // Each scenario's page lists its changes, linked to the workloads' baseline pages.
    for scenario in scenarios {
        let slug = scenario["slug"].as_str().unwrap();
        let page = fs::read_to_string(site.join(format!("scenarios/{slug}/index.html"))).unwrap();
        for change in scenario["changes"].as_array().unwrap() {
            let id = change["workload"].as_str().unwrap();
            assert!(
                page.contains(&format!("href=\"../../workloads/{id}/index.html\"")),
                "{slug}: {id}"
            );
        }
        assert!(
            html.contains(&format!("href=\"../scenarios/{slug}/index.html\"")),
            "linked from the comparison"
        );
    }
    // The story the example tells.
    let express = &scenarios[0];
    assert_eq!(express["databox_devices"], 0);
    let two_hours = &scenarios[1];
    let methods: Vec<&Value> = two_hours["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["key"] == "method")
        .collect();
    assert_eq!(methods.len(), 5);
    assert!(methods.iter().all(|c| c["scenario"] == "near-zero"));
}

/// Every file of a site, with the scenarios' navigation entry taken out of the pages.
fn files(site: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(site, &path, out);
        } else {
            let rel = path
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let mut bytes = fs::read(&path).unwrap();
            if rel.ends_with(".html") {
                let text = String::from_utf8(bytes).unwrap();
                bytes = text
                    .lines()
                    .filter(|l| !l.contains("scenarios/index.html\""))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .into_bytes();
            }
            out.push((rel, bytes));
        }
    }
}

#[test]
fn scenarios_leave_the_baseline_pages_exports_and_go_no_go_alone() {
    let (tmp, plan) = example_copy();
    // Without the baseline revision, whose diff would record the scenarios as edits.
    let text: String = fs::read_to_string(plan.join("plan.toml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("baseline ="))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(plan.join("plan.toml"), &text).unwrap();
    let with = tmp.path().join("with");
    build_site(&plan, &with);
    let cut = text
        .find("\n[[scenario]]")
        .expect("the example has scenarios");
    let before_comment = text[..cut]
        .rfind("\n# ----")
        .filter(|&i| text[i..cut].contains("Scenarios"))
        .unwrap_or(cut);
    fs::write(plan.join("plan.toml"), &text[..before_comment]).unwrap();
    let without = tmp.path().join("without");
    build_site(&plan, &without);

    let (mut a, mut b) = (Vec::new(), Vec::new());
    files(&with, &with, &mut a);
    files(&without, &without, &mut b);
    // The output folder's manifest lists every file, the scenarios' pages too.
    // The changes since the baseline revision record the scenarios as edits of plan.toml.
    let own = |p: &str| p == "plan.json" || p == ".waveplan-manifest" || p.starts_with("changes/");
    a.retain(|(p, _)| !p.starts_with("scenarios/") && !own(p));
    b.retain(|(p, _)| !own(p));
    a.sort();
    b.sort();
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{path} differs with scenarios");
    }
    let mut json_with = read_plan_json(&with);
    let json_without = read_plan_json(&without);
    assert_eq!(json_with["scenarios"].as_array().unwrap().len(), 2);
    json_with["scenarios"] = Value::Array(Vec::new());
    if let Some(changes) = json_without.get("changes") {
        json_with["changes"] = changes.clone();
    }
    assert_eq!(json_with, json_without);
}
