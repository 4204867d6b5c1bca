//! The estimates, path and method rules, worked on small plans.

use super::*;
use crate::inputs::Inputs;

fn planned(p: &Plan) -> Utilization {
    Utilization::planned(&p.network)
}

fn plan(network: &str, workload: &str) -> Plan {
    let text = format!(
        "[plan]\ntitle = \"T\"\nstart = 2027-02-01\n[network]\n{network}\n[[workload]]\nid = \"w\"\nname = \"W\"\nowner = \"O\"\n{workload}\n"
    );
    let mut inputs = Inputs::default();
    inputs.insert("plan.toml", text.into_bytes());
    crate::load::load(&inputs).expect("valid test plan").0
}

#[test]
fn vpn_estimate_worked_by_hand() {
    // 800 GB x 8000 / (650 x 0.8) / 3600 = 3.419 h; plus 25 % = 4.27 h.
    let p = plan("vpn_mbps = 650", "data_gb = 800");
    let e = estimate(&p, planned(&p), TransferPath::Vpn, 800.0);
    assert!((e.hours - 4.2735).abs() < 0.001, "{}", e.hours);
}

#[test]
fn databox_estimate_is_turnaround_and_devices() {
    let p = plan("internet_mbps = 100", "data_gb = 250000");
    let e = estimate(&p, planned(&p), TransferPath::DataBox, 250_000.0);
    assert_eq!(e.hours, 240.0);
    assert_eq!(e.devices, Some(3)); // 250 TB / 120 TB per device
}

#[test]
fn rule_2_expressroute_wins_when_available() {
    let p = plan(
        "expressroute_mbps = 1000\nvpn_mbps = 650",
        "data_gb = 10\nsensitivity = \"confidential\"",
    );
    assert_eq!(
        choose_path(&p, planned(&p), &p.workloads[0]).unwrap().rule,
        PathRule::ExpressRoute
    );
}

#[test]
fn rule_3_sensitive_data_takes_vpn_or_databox_or_fails() {
    let p = plan(
        "vpn_mbps = 650\ninternet_mbps = 500",
        "data_gb = 10\nsensitivity = \"confidential\"",
    );
    let c = choose_path(&p, planned(&p), &p.workloads[0]).unwrap();
    assert_eq!((c.path, c.rule), (TransferPath::Vpn, PathRule::Sensitive));
    let p = plan(
        "internet_mbps = 500",
        "data_gb = 10\nsensitivity = \"confidential\"\ncriticality = \"low\"",
    );
    assert_eq!(
        choose_path(&p, planned(&p), &p.workloads[0]).unwrap().path,
        TransferPath::DataBox
    );
    let p = plan(
        "internet_mbps = 500",
        "data_gb = 10\nsensitivity = \"highly-confidential\"\ncriticality = \"high\"",
    );
    assert_eq!(
        choose_path(&p, planned(&p), &p.workloads[0]),
        Err(NoPath::NoSecurePath)
    );
}

#[test]
fn rule_4_large_not_time_sensitive_data_goes_by_databox() {
    // 60 TB over 500 Mbps x 0.8: 333 h + 25 % = 417 h, slower than 240 h of Data Box.
    let p = plan(
        "internet_mbps = 500",
        "data_gb = 60000\ncriticality = \"low\"",
    );
    let c = choose_path(&p, planned(&p), &p.workloads[0]).unwrap();
    assert_eq!(
        (c.path, c.rule),
        (TransferPath::DataBox, PathRule::LargeData)
    );
    // Below databox_min_tb: the network path.
    let p = plan(
        "internet_mbps = 500",
        "data_gb = 39000\ncriticality = \"low\"",
    );
    assert_eq!(
        choose_path(&p, planned(&p), &p.workloads[0]).unwrap().path,
        TransferPath::Internet
    );
    // Time-sensitive: never Data Box by rule 4.
    let p = plan(
        "internet_mbps = 500",
        "data_gb = 60000\ncriticality = \"high\"",
    );
    assert_eq!(
        choose_path(&p, planned(&p), &p.workloads[0]).unwrap().path,
        TransferPath::Internet
    );
}

#[test]
fn rule_5_fallbacks() {
    let p = plan("vpn_mbps = 100", "data_gb = 10");
    assert_eq!(
        choose_path(&p, planned(&p), &p.workloads[0]).unwrap(),
        PathDecision {
            path: TransferPath::Vpn,
            rule: PathRule::Otherwise,
            reason: "VPN: no ExpressRoute or internet link".into()
        }
    );
    let p = plan("", "data_gb = 10\ncriticality = \"low\"");
    assert_eq!(
        choose_path(&p, planned(&p), &p.workloads[0]).unwrap().path,
        TransferPath::DataBox
    );
    let p = plan("", "data_gb = 10\ncriticality = \"high\"");
    assert_eq!(
        choose_path(&p, planned(&p), &p.workloads[0]),
        Err(NoPath::NoPath)
    );
}

#[test]
fn method_rules() {
    // 1200 GB over VPN: 6.41 h + 2 h = 8.41 h > 4 h, replication: near-zero with 2 h.
    let p = plan(
        "vpn_mbps = 650",
        "data_gb = 1200\nmax_downtime_hours = 4\nreplication = true\nchange_gb_per_day = 15",
    );
    let w = &p.workloads[0];
    let m = choose_method(
        &p,
        planned(&p),
        w,
        TransferPath::Vpn,
        estimate(&p, planned(&p), TransferPath::Vpn, 1200.0).hours,
    );
    assert_eq!(
        (m.method, m.rule, m.downtime_hours),
        (Method::NearZero, MethodRule::Replication, 2.0)
    );
    assert_eq!(m.replication_keeps_up, Some(true)); // 1.39 Mbps < 520 Mbps
    // Within tolerance: offline.
    let p = plan("vpn_mbps = 650", "data_gb = 1200\nmax_downtime_hours = 9");
    let m = choose_method(&p, planned(&p), &p.workloads[0], TransferPath::Vpn, 6.41);
    assert_eq!(
        (m.method, m.rule),
        (Method::Offline, MethodRule::WithinTolerance)
    );
    assert!((m.downtime_hours - 8.41).abs() < 1e-9);
    // Over tolerance without replication: offline, rule 4.
    let p = plan("vpn_mbps = 650", "data_gb = 1200\nmax_downtime_hours = 4");
    assert_eq!(
        choose_method(&p, planned(&p), &p.workloads[0], TransferPath::Vpn, 6.41).rule,
        MethodRule::OverTolerance
    );
    // Replication that cannot keep up: 6000 GB/day = 555.6 Mbps >= 520 Mbps.
    let p = plan(
        "vpn_mbps = 650",
        "data_gb = 1200\nmax_downtime_hours = 4\nreplication = true\nchange_gb_per_day = 6000",
    );
    assert_eq!(
        choose_method(&p, planned(&p), &p.workloads[0], TransferPath::Vpn, 6.41)
            .replication_keeps_up,
        Some(false)
    );
}
