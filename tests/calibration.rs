//! Calibration (spec section 9): measured transfers correct the estimates of open units, worked
//! by hand on `tests/fixtures/calibration` (its plan.toml comments hold the same numbers).
//!
//! VPN, 1,000 Mbps planned at 80 %: four results on three days make three samples,
//! - 2027-02-10: vpn-a (1,620 GB, the unit's) and vpn-b (540 GB) side by side, the longest 8 h:
//!   2,160 x 8000 / (8 x 3600) = 600 Mbps = 60 %;
//! - 2027-02-11: vpn-c, 1,400 GB in 7 h = 444.4 Mbps = 44.4 %;
//! - 2027-02-12: vpn-d, 1,350 GB (the result's `data_gb`) in 6 h = 500 Mbps = 50 %;
//!
//! median 50 %: applied. The open vpn-open (2,000 GB) is then estimated at 1,000 x 0.5 Mbps:
//! 2,000 x 8000 / 500 / 3600 = 8.89 h, plus 25 % = 11.11 h (6.94 h as planned at 800 Mbps).
//! Internet, 500 Mbps: archive (60,000 GB in 400 h = 333.3 Mbps = 66.7 %, on the path it was
//! planned on: its result names none) and web (100 GB in 1 h = 222.2 Mbps = 44.4 %): two
//! samples, median 55.6 %, not applied. vault's Data Box result measures no link.

mod common;

use common::build_edited;
use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calibration")
}

/// Builds a copy of the fixture, its plan.toml changed by `edit`: the temporary folder and
/// plan.json.
fn build(edit: impl Fn(String) -> String) -> (tempfile::TempDir, Json) {
    build_edited(&fixture(), edit)
}

fn calibration<'j>(json: &'j Json, path: &str) -> Option<&'j Json> {
    json["calibration"]
        .as_array()
        .expect("calibration is always present")
        .iter()
        .find(|c| c["path"] == path)
}

fn unit<'j>(json: &'j Json, workload: &str) -> &'j Json {
    json["waves"]
        .as_array()
        .expect("waves")
        .iter()
        .flat_map(|w| w["units"].as_array().expect("units"))
        .find(|u| u["workload"] == workload)
        .unwrap_or_else(|| panic!("no unit of {workload}"))
}

fn workload<'j>(json: &'j Json, id: &str) -> &'j Json {
    json["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .find(|w| w["id"] == id)
        .unwrap_or_else(|| panic!("no workload {id}"))
}

fn page(tmp: &tempfile::TempDir, rel: &str) -> String {
    fs::read_to_string(tmp.path().join("site").join(rel)).expect(rel)
}

#[test]
fn the_median_of_three_vpn_samples_replaces_utilization_for_open_units() {
    let (_tmp, json) = build(|t| t);
    let vpn = calibration(&json, "vpn").expect("a VPN calibration");
    assert_eq!(vpn["planned_utilization"], 0.8);
    assert_eq!(vpn["measured_utilization"], 0.5);
    assert_eq!(vpn["samples"], 3, "four transfers on three days");
    assert_eq!(vpn["applied"], true);
    // The open unit at 500 Mbps; the pinned ones keep their estimate at 800 Mbps
    // (1,620 x 8000 / 800 / 3600 x 1.25 = 5.625 h).
    assert_eq!(unit(&json, "vpn-open")["transfer_hours"], 11.11);
    assert_eq!(unit(&json, "vpn-a")["transfer_hours"], 5.63);
    assert_eq!(workload(&json, "vpn-open")["transfer_hours"]["vpn"], 11.11);
    // The measured figures stay in `actual`.
    assert_eq!(unit(&json, "vpn-a")["actual"]["transfer_hours"], 8.0);
}

#[test]
fn fewer_than_three_samples_are_shown_but_not_applied() {
    let (_tmp, json) = build(|t| t);
    let internet = calibration(&json, "internet").expect("an internet calibration");
    assert_eq!(internet["samples"], 2);
    assert_eq!(internet["measured_utilization"], 0.556);
    assert_eq!(internet["applied"], false);
    // The open archive-2 is estimated on the internet at the planned 400 Mbps:
    // 60,000 x 8000 / 400 / 3600 x 1.25 = 416.67 h.
    assert_eq!(
        workload(&json, "archive-2")["transfer_hours"]["internet"],
        416.67
    );
}

#[test]
fn data_box_results_do_not_calibrate() {
    let (_tmp, json) = build(|t| t);
    assert!(
        calibration(&json, "databox").is_none(),
        "{}",
        json["calibration"]
    );
    assert_eq!(json["calibration"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_sample_measures_the_path_planned_with_the_planned_utilization() {
    // At the measured VPN figure path rule 4 would send the archive by Data Box (333.3 h
    // against 240 h); its result, which names no path, still measured the internet link.
    let (_tmp, json) = build(|t| t);
    assert_eq!(
        calibration(&json, "internet").expect("internet")["samples"],
        2
    );
    // Without the web result the internet has one sample, the archive's: 66.7 %.
    let (_tmp, json) = build(|t| {
        t.replace(
            "workload = \"web\"\nstatus = \"done\"\ndate = 2027-02-11\ntransfer_hours = 1\n",
            "workload = \"web\"\nstatus = \"done\"\ndate = 2027-02-11\n",
        )
    });
    let internet = calibration(&json, "internet").expect("internet");
    assert_eq!(
        (
            internet["samples"].as_u64(),
            internet["measured_utilization"].as_f64()
        ),
        (Some(1), Some(0.667))
    );
}

#[test]
fn a_workload_with_a_pinned_unit_keeps_the_path_it_ran_on() {
    let (_tmp, json) = build(|t| t);
    // The same data, the same rules: the open one follows the calibrated path rules, the done
    // one keeps the internet it ran on.
    assert_eq!(workload(&json, "archive-2")["path"], "databox");
    assert_eq!(workload(&json, "archive-2")["path_rule"], 4);
    assert_eq!(workload(&json, "archive")["path"], "internet");
    assert_eq!(unit(&json, "archive")["path"], "internet");
    // A result's own `path` is the path it ran on, whatever the rules say.
    let (_tmp, json) = build(|t| {
        t.replace(
            "workload = \"web\"\nstatus = \"done\"\ndate = 2027-02-11\n",
            "workload = \"web\"\nstatus = \"done\"\ndate = 2027-02-11\npath = \"vpn\"\n",
        )
    });
    assert_eq!(workload(&json, "web")["path"], "vpn");
    assert_eq!(workload(&json, "web")["path_rule"], 1);
    assert_eq!(unit(&json, "web")["path"], "vpn");
    // It then measured the VPN, side by side with vpn-c on 2027-02-11: 1,400 + 100 GB in the
    // longest 7 h = 476.2 Mbps = 47.6 %. Samples 60, 47.6 and 50 %: the median stays 50 %.
    let vpn = calibration(&json, "vpn").expect("vpn");
    assert_eq!(vpn["samples"], 3);
    assert_eq!(vpn["measured_utilization"], 0.5);
    assert_eq!(
        calibration(&json, "internet").expect("internet")["samples"],
        1
    );
}

#[test]
fn calibrate_false_shows_the_measurement_but_plans_as_planned() {
    let (_tmp, json) = build(|t| {
        t.replace(
            "internet_mbps = 500",
            "internet_mbps = 500\ncalibrate = false",
        )
    });
    let vpn = calibration(&json, "vpn").expect("vpn");
    assert_eq!(
        (vpn["samples"].as_u64(), vpn["applied"].as_bool()),
        (Some(3), Some(false))
    );
    assert_eq!(unit(&json, "vpn-open")["transfer_hours"], 6.94);
    assert_eq!(workload(&json, "archive-2")["path"], "internet");
}

#[test]
fn a_scenario_calibrates_unless_it_says_calibrate_false() {
    let scenarios = "\n[[scenario]]\nname = \"Same\"\nplan = { wave_gap_days = 7 }\n\n[[scenario]]\nname = \"No calibration\"\nnetwork = { calibrate = false }\n";
    let (_tmp, json) = build(|t| format!("{t}{scenarios}"));
    let list = json["scenarios"].as_array().expect("scenarios");
    let changes = |name: &str| {
        list.iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))["changes"]
            .clone()
    };
    assert_eq!(
        changes("Same"),
        Json::Array(vec![]),
        "calibrated like the plan"
    );
    let off = changes("No calibration");
    assert!(
        off.as_array()
            .expect("changes")
            .iter()
            .any(|c| c["workload"] == "archive-2"
                && c["key"] == "path"
                && c["baseline"] == "databox"
                && c["scenario"] == "internet"),
        "{off}"
    );
}

#[test]
fn the_transfers_and_workload_pages_say_which_figure_they_use() {
    let (tmp, _json) = build(|t| t);
    let transfers = page(&tmp, "transfers/index.html");
    assert!(
        transfers.contains("VPN: 50 % measured over 4 transfers on 3 days, planned 80 %"),
        "{transfers}"
    );
    assert!(transfers.contains("Internet: 55.6 % measured over 2 transfers, planned 80 %"));
    assert!(transfers.contains("not applied: 2 of the 3 samples it needs"));
    let open = page(&tmp, "workloads/vpn-open/index.html");
    assert!(
        open.contains("use the measured figure") && open.contains("VPN: 50 % measured"),
        "{open}"
    );
    let done = page(&tmp, "workloads/vpn-a/index.html");
    assert!(
        !done.contains("use the measured figure"),
        "a pinned unit keeps its estimate"
    );
}
