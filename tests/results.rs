//! Execution results (spec section 9): recorded results reach plan.json.

mod common;

use common::{build_edited, build_site};
use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/results")
}

/// Builds a copy of the results fixture, its plan.toml changed by `edit`, and reads plan.json.
fn plan_json(edit: impl Fn(String) -> String) -> Json {
    build_edited(&fixture(), edit).1
}

fn units(json: &Json) -> Vec<&Json> {
    json["waves"]
        .as_array()
        .expect("waves")
        .iter()
        .flat_map(|w| w["units"].as_array().expect("units"))
        .collect()
}

fn unit<'j>(json: &'j Json, workload: &str) -> &'j Json {
    units(json)
        .into_iter()
        .find(|u| u["workload"] == workload && u["tier"] == "prod")
        .unwrap_or_else(|| panic!("no prod unit of {workload}"))
}

#[test]
fn a_units_status_and_actual_come_from_its_latest_result() {
    let json = plan_json(|t| t);
    let crm = unit(&json, "crm");
    assert_eq!(crm["status"], "done", "the later result wins: {crm}");
    let actual = &crm["actual"];
    assert_eq!(actual["date"], "2027-02-10");
    assert_eq!(actual["transfer_hours"], 2.0);
    assert_eq!(actual["downtime_hours"], 3.5);
    assert_eq!(actual["path"], "vpn");
    assert_eq!(actual["data_gb"], 90.0);
    assert_eq!(actual["note"], "Second attempt");
    assert_eq!(
        actual["review"],
        Json::Null,
        "the earlier result's review is history"
    );

    let erp = unit(&json, "erp");
    assert_eq!(erp["status"], "rolled-back");
    assert_eq!(erp["actual"]["review"], "pages/pir-erp.md");
    assert_eq!(erp["actual"]["transfer_hours"], Json::Null);

    let ops = unit(&json, "ops");
    assert_eq!(ops["status"], "planned");
    assert_eq!(ops["actual"], Json::Null);
}

#[test]
fn progress_counts_units_by_state_and_the_data_moved() {
    let json = plan_json(|t| t);
    let p = &json["progress"];
    assert_eq!(p["as_of"], "2027-02-15");
    assert_eq!(p["units"]["done"], 1);
    assert_eq!(p["units"]["rolled-back"], 1);
    assert_eq!(p["units"]["in-progress"], 0);
    assert_eq!(p["units"]["postponed"], 0);
    assert_eq!(p["units"]["planned"], 1);
    // crm moved 90 GB by its result, not its planned 100.
    assert_eq!(p["data_gb_done"], 90.0);
    assert_eq!(p["data_gb_total"], 350.0);
    let counted: u64 = p["units"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, units(&json).len());
}

#[test]
fn as_of_defaults_to_the_latest_result_and_is_null_without_results() {
    let json = plan_json(|t| t.replace("as_of = 2027-02-15\n", ""));
    assert_eq!(json["progress"]["as_of"], "2027-02-12");
    let json = plan_json(|t| {
        let t = t.replace("as_of = 2027-02-15\n", "");
        t[..t.find("[[result]]").unwrap()].to_string()
    });
    assert_eq!(json["progress"]["as_of"], Json::Null);
    assert_eq!(json["progress"]["units"]["planned"], 3);
    assert_eq!(json["progress"]["data_gb_done"], 0.0);
}

#[test]
fn a_waves_state_follows_its_units() {
    let mut seen = std::collections::BTreeSet::new();
    for edit in [
        (|t: String| t) as fn(String) -> String,
        |t: String| {
            t.replace(
                "status = \"rolled-back\"\ndate = 2027-02-12",
                "status = \"done\"\ndate = 2027-02-12",
            )
        },
        |t: String| t.replace("status = \"done\"", "status = \"in-progress\""),
    ] {
        let json = plan_json(edit);
        for wave in json["waves"].as_array().unwrap() {
            let statuses: Vec<&str> = wave["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["status"].as_str().unwrap())
                .collect();
            let expected = if !statuses.is_empty() && statuses.iter().all(|s| *s == "done") {
                "done"
            } else if statuses.iter().any(|s| *s == "done" || *s == "in-progress") {
                "in-progress"
            } else {
                "planned"
            };
            assert_eq!(
                wave["state"], expected,
                "wave {}: {statuses:?}",
                wave["number"]
            );
            seen.insert(expected);
        }
    }
    assert!(
        seen.contains("in-progress") && seen.contains("planned"),
        "{seen:?}"
    );
}

#[test]
fn a_pinned_unit_stays_where_it_happened_and_open_units_go_after_as_of() {
    let json = plan_json(|t| t);
    let crm = unit(&json, "crm");
    assert_eq!(
        crm["cutover"], "2027-02-10",
        "done: pinned on its result's date"
    );
    let erp = unit(&json, "erp");
    // Rolled back on 2027-02-12: open again, re-planned after as_of 2027-02-15, in crm's wave
    // (the group's earliest pinned wave) while it has a cutover day left.
    let cutover = erp["cutover"].as_str().unwrap();
    assert!(cutover > "2027-02-15", "{cutover}");
    let wave_of = |w: &str| {
        json["waves"]
            .as_array()
            .unwrap()
            .iter()
            .find(|wave| {
                wave["units"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|u| u["workload"] == w)
            })
            .map(|wave| wave["number"].clone())
    };
    assert_eq!(wave_of("erp"), wave_of("crm"));
    assert_eq!(
        erp["actual"]["date"], "2027-02-12",
        "its rollback stays its history"
    );
}

#[test]
fn a_rollback_without_a_review_is_a_warning() {
    let codes = |json: &Json| -> Vec<String> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!codes(&plan_json(|t| t)).contains(&"W-review".to_string()));
    let json = plan_json(|t| t.replace("review = \"pages/pir-erp.md\"\n", ""));
    let review: Vec<&Json> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W-review")
        .collect();
    assert_eq!(review.len(), 1, "{json}");
    assert!(review[0]["message"].as_str().unwrap().contains("`erp`"));
}

#[test]
fn an_open_nonprod_unit_after_its_pinned_production_unit_is_a_warning() {
    let json = plan_json(|t| {
        t.replace(
            "id = \"crm\"\nname = \"CRM\"",
            "id = \"crm\"\nname = \"CRM\"\nenvironments = [\"test\", \"prod\"]",
        )
    });
    let crm_test = units(&json)
        .into_iter()
        .find(|u| u["workload"] == "crm" && u["tier"] == "nonprod")
        .expect("nonprod unit");
    assert!(crm_test["cutover"].as_str().unwrap() > "2027-02-15");
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "W-pinned"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("non-production unit of `crm`")),
        "{}",
        json["diagnostics"]
    );
}

#[test]
fn waves_csv_and_schedule_ics_carry_each_units_state() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    build_site(&fixture(), &site);
    let csv = fs::read_to_string(site.join("waves.csv")).expect("waves.csv");
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",status"));
    let state_of = |id: &str| {
        csv.lines()
            .find(|l| l.split(',').nth(3) == Some(id))
            .and_then(|l| l.rsplit(',').next())
            .map(str::to_string)
    };
    assert_eq!(state_of("crm").as_deref(), Some("done"));
    assert_eq!(state_of("erp").as_deref(), Some("rolled-back"));
    assert_eq!(state_of("ops").as_deref(), Some("planned"));
    let ics = fs::read_to_string(site.join("schedule.ics")).expect("schedule.ics");
    assert!(
        ics.contains("SUMMARY:Cutover done: CRM (production)"),
        "{ics}"
    );
    assert!(ics.contains("SUMMARY:Cutover: ERP (production)"), "{ics}");
    assert!(
        ics.contains("SUMMARY:Results fixture: wave 1 (in progress)"),
        "{ics}"
    );
}

#[test]
fn a_rollback_without_a_review_fails_the_later_waves_go_no_go_item() {
    let item = |json: &Json, wave: usize| -> Json {
        json["waves"][wave]["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == "reviews-recorded")
            .cloned()
            .expect("every wave has the item")
    };
    let json = plan_json(|t| t);
    assert_eq!(item(&json, 1)["passed"], true);
    let json = plan_json(|t| t.replace("review = \"pages/pir-erp.md\"\n", ""));
    // The rollback (2027-02-12) is in wave 1's window: only later waves need its review.
    assert_eq!(item(&json, 0)["passed"], true);
    let later = item(&json, 1);
    assert_eq!(later["passed"], false);
    assert_eq!(later["workloads"], serde_json::json!(["erp"]));
}

#[test]
fn wave_pages_show_the_waves_state_and_each_units_result() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    build_site(&fixture(), &site);
    let wave1 = fs::read_to_string(site.join("waves/1/index.html")).expect("wave 1");
    assert!(
        wave1
            .contains("<dt>State</dt><dd><span class=\"tag state-in-progress\">in progress</span>"),
        "{wave1}"
    );
    assert!(wave1.contains("done Wed 10 Feb 2027, transfer 2.0 h, downtime 3.5 h: Second attempt"));
    assert!(wave1.contains("<span class=\"tag state-rolled-back\">rolled back</span>"));
    let wave2 = fs::read_to_string(site.join("waves/2/index.html")).expect("wave 2");
    assert!(
        !wave2.contains("<dt>State</dt>"),
        "a planned wave says nothing of state"
    );
}

/// The wave of a unit's workload (production), from plan.json.
fn wave_number(json: &Json, workload: &str) -> u64 {
    json["waves"]
        .as_array()
        .expect("waves")
        .iter()
        .find(|w| {
            w["units"]
                .as_array()
                .expect("units")
                .iter()
                .any(|u| u["workload"] == workload)
        })
        .and_then(|w| w["number"].as_u64())
        .unwrap_or_else(|| panic!("{workload} is in no wave"))
}

#[test]
fn open_units_use_only_the_link_hours_after_as_of_and_pinned_units_their_measured_hours() {
    // One hour a day on each link: wave 1 (Feb 1-28) carries 28 h per path, but as_of is
    // 2027-02-15, so open units may use only Feb 16-28: 13 h. erp (open, 200 GB over the
    // internet: 1.39 h) takes some; ops then needs `hours` more.
    let with_ops = |data_gb: u32| {
        move |t: String| {
            t.replace("max_units_per_wave = 2", "max_units_per_wave = 5")
                .replace(
                    "vpn_mbps = 650",
                    "vpn_mbps = 650\ntransfer_hours_per_day = 1",
                )
                .replace("data_gb = 50\n", &format!("data_gb = {data_gb}\n"))
        }
    };
    // 1,440 GB over 500 Mbps x 0.8: 8 h + 25 % = 10 h: fits the 13 h left.
    let json = plan_json(with_ops(1440));
    assert_eq!(wave_number(&json, "ops"), 1);
    // 2,880 GB: 20 h, within the wave's 28 h but not the 13 h after as_of: the next wave.
    let json = plan_json(with_ops(2880));
    assert_eq!(wave_number(&json, "ops"), 2);
    // crm (pinned, on the VPN as its result says) loads wave 1 with its measured 2 h, not its
    // 0.53 h estimate.
    let vpn = json["waves"][0]["link_load"]
        .as_array()
        .expect("link_load")
        .iter()
        .find(|l| l["path"] == "vpn")
        .cloned()
        .expect("VPN load in wave 1");
    assert_eq!(vpn["hours"], 2.0, "{vpn}");
}

#[test]
fn a_history_wave_gets_no_link_capacity_warning() {
    // One hour a day on each link: wave 1 (Feb 1-28) carries 28 h per path. crm's result
    // measured 40 h on the VPN, far over it.
    let over = |as_of: &'static str| {
        move |t: String| {
            t.replace("as_of = 2027-02-15", &format!("as_of = {as_of}"))
                .replace(
                    "vpn_mbps = 650",
                    "vpn_mbps = 650\ntransfer_hours_per_day = 1",
                )
                .replace("transfer_hours = 2.0", "transfer_hours = 40.0")
        }
    };
    let link_waves = |json: &Json| -> Vec<Json> {
        json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == "W-link-wave")
            .cloned()
            .collect()
    };
    // as_of inside wave 1: the wave is still running, its rules apply.
    let json = plan_json(over("2027-02-15"));
    assert_eq!(wave_number(&json, "crm"), 1);
    let warned = link_waves(&json);
    assert_eq!(warned.len(), 1, "{warned:?}");
    let message = warned[0]["message"].as_str().expect("message");
    assert!(message.starts_with("wave 1: `crm`"), "{message}");
    // as_of after wave 1's window: the wave is history, no warning for it.
    let json = plan_json(over("2027-03-01"));
    assert_eq!(wave_number(&json, "crm"), 1);
    assert_eq!(link_waves(&json), Vec::<Json>::new());
}
