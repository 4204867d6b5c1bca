//! The transfers page: the network, the path and method rules with this plan's numbers, data and
//! transfer hours per wave and path, and their chart.

use super::common::{NAMED_WORKLOADS, RefView, calibration_text, percent, workload_href};
use crate::model::{MethodChoice, Plan, TransferPath, Workload};
use crate::planning::rules::{MethodRule, PathRule};
use crate::planning::transfer::{self, available_paths};
use crate::planning::{Computed, WorkloadPlan};
use crate::site::charts::{self, Chart, ChartResult, Panel, Series};
use crate::site::format;
use plotters::style::RGBColor;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct NetworkRow {
    pub label: &'static str,
    pub available: bool,
    pub bandwidth: String,
    pub effective: String,
    /// "measured 61 %" when a calibration applies to the path.
    pub measured: Option<String>,
    pub hours_per_tb: String,
}

/// A network path's measured transfers (spec section 9).
#[derive(Debug, Clone, Serialize)]
pub struct CalibrationRow {
    pub path: &'static str,
    /// "VPN: 61 % measured over 4 transfers, planned 80 %".
    pub text: String,
    pub applied: bool,
    /// Why it is not applied, when it is not.
    pub not_applied: Option<String>,
    pub samples: Vec<SampleRow>,
}

/// One day of measured transfers on a path.
#[derive(Debug, Clone, Serialize)]
pub struct SampleRow {
    pub date: String,
    pub workloads: Vec<RefView>,
    pub data: String,
    pub hours: String,
    pub mbps: String,
    pub utilization: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleRow {
    pub rule: u8,
    pub condition: String,
    /// The condition as HTML, `backticked` keys set as code.
    pub condition_html: String,
    pub this_plan: String,
    pub this_plan_html: String,
    pub outcome: String,
    /// The first [`NAMED_WORKLOADS`] workloads the rule chose for.
    pub workloads: Vec<RefView>,
    /// Every workload the rule chose for.
    pub workload_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct WavePathRow {
    pub wave: u32,
    pub path: &'static str,
    pub units: usize,
    pub data: String,
    pub hours: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TransfersView {
    pub network: Vec<NetworkRow>,
    pub path_rules: Vec<RuleRow>,
    pub method_rules: Vec<RuleRow>,
    /// Labels of the available paths, the columns of every workload's estimates.
    pub paths: Vec<&'static str>,
    pub per_wave: Vec<WavePathRow>,
    /// One row per network path with measured transfers.
    pub calibration: Vec<CalibrationRow>,
    /// Whether any measured figure applies.
    pub calibrated: bool,
    pub utilization: String,
    pub buffer: String,
    pub overhead: String,
}

pub(crate) fn path_color(p: TransferPath) -> RGBColor {
    match p {
        TransferPath::ExpressRoute => RGBColor(0x6a, 0x3d, 0x9a),
        TransferPath::Vpn => RGBColor(0x1f, 0x5f, 0xbf),
        TransferPath::Internet => RGBColor(0x1b, 0x9e, 0x8a),
        TransferPath::DataBox => RGBColor(0xe0, 0x7b, 0x00),
    }
}

fn mbps(x: f64) -> String {
    format!("{} Mbps", format::number(x))
}

/// The network as open units are planned on it: effective Mbps and hours per TB at the
/// calibrated utilization where a measured figure applies.
fn network_rows(plan: &Plan, computed: &Computed) -> Vec<NetworkRow> {
    let net = &plan.network;
    let utilization = computed.utilization;
    TransferPath::ALL
        .iter()
        .map(|&p| {
            let available = !p.is_network() || net.mbps(p) > 0.0;
            let per_tb = transfer::estimate(plan, utilization, p, 1000.0);
            NetworkRow {
                label: p.label(),
                available,
                bandwidth: match (p, available) {
                    (TransferPath::DataBox, _) => format!(
                        "{} TB per device, {} d turnaround",
                        format::number(net.databox_device_tb),
                        format::number(net.databox_turnaround_days)
                    ),
                    (_, true) => mbps(net.mbps(p)),
                    (_, false) => "not available".into(),
                },
                effective: if p.is_network() && available {
                    mbps(utilization.effective_mbps(net, p))
                } else {
                    "-".into()
                },
                measured: computed
                    .calibrations
                    .iter()
                    .find(|c| c.path == p && c.applied)
                    .map(|c| format!("measured {}", percent(c.measured_utilization))),
                hours_per_tb: if available {
                    format::hours(per_tb.hours)
                } else {
                    "-".into()
                },
            }
        })
        .collect()
}

/// The workloads whose path (or, for production, method) the rule chose.
fn chosen_by(
    plan: &Plan,
    computed: &Computed,
    chose: impl Fn(&Workload, &WorkloadPlan) -> Option<&'static str>,
) -> Vec<RefView> {
    plan.workloads
        .iter()
        .zip(&computed.workloads)
        .filter_map(|(w, wp)| {
            chose(w, wp).map(|choice| RefView {
                label: format!("{} ({choice})", w.id),
                href: Some(workload_href(&w.id)),
            })
        })
        .collect()
}

/// The seed's path decision table: the rules as they describe themselves, with this plan's
/// numbers beside them.
fn path_rules(plan: &Plan, computed: &Computed) -> Vec<RuleRow> {
    let net = &plan.network;
    let has = |p: TransferPath| net.mbps(p) > 0.0;
    let this_plan = |rule: PathRule| match rule {
        PathRule::Set => set_by(
            plan.workloads
                .iter()
                .filter(|w| w.path.path().is_some())
                .count(),
            "path",
        ),
        PathRule::ExpressRoute => {
            if has(TransferPath::ExpressRoute) {
                format!("ExpressRoute: {}", mbps(net.expressroute_mbps))
            } else {
                "no ExpressRoute in [network]".into()
            }
        }
        PathRule::Sensitive => {
            if has(TransferPath::Vpn) {
                format!("VPN available: {}", mbps(net.vpn_mbps))
            } else {
                "no VPN in [network]".into()
            }
        }
        PathRule::LargeData => {
            let utilization = computed.utilization;
            let databox_h =
                transfer::estimate(plan, utilization, TransferPath::DataBox, 1000.0).hours;
            match transfer::best_network(plan, utilization, 1000.0) {
                Some(b) if b.hours > 0.0 => format!(
                    "{} needs {} per TB; Data Box takes {} h whatever the size, so it is faster from {} TB",
                    b.path.label(),
                    format::hours(b.hours),
                    format::number(databox_h),
                    format::number((databox_h / b.hours * 10.0).ceil() / 10.0)
                ),
                _ => "no network path: Data Box always wins".into(),
            }
        }
        PathRule::Otherwise => {
            if has(TransferPath::Internet) {
                format!("Internet available: {}", mbps(net.internet_mbps))
            } else {
                "no internet link in [network]".into()
            }
        }
    };
    PathRule::ALL
        .into_iter()
        .map(|rule| {
            rule_row(
                rule.number(),
                rule.condition(plan, format::number),
                this_plan(rule),
                rule.outcome().into(),
                chosen_by(plan, computed, |_, wp| {
                    (wp.path.rule == rule).then(|| wp.path.path.label())
                }),
            )
        })
        .collect()
}

fn method_rules(plan: &Plan, computed: &Computed) -> Vec<RuleRow> {
    let prod: Vec<_> = plan.workloads.iter().filter(|w| w.has_prod()).collect();
    let this_plan = |rule: MethodRule| match rule {
        MethodRule::Set => set_by(
            prod.iter()
                .filter(|w| w.method != MethodChoice::Auto)
                .count(),
            "method",
        ),
        MethodRule::WithinTolerance => format!(
            "downtime = transfer on the chosen path + {} h",
            format::number(plan.meta.cutover_overhead_hours)
        ),
        MethodRule::Replication => format!(
            "{} of {} production workloads support replication",
            prod.iter().filter(|w| w.replication).count(),
            prod.len()
        ),
        MethodRule::OverTolerance | MethodRule::NonprodOffline => "-".into(),
    };
    MethodRule::PRODUCTION
        .into_iter()
        .map(|rule| {
            rule_row(
                rule.number(),
                rule.condition().into(),
                this_plan(rule),
                rule.outcome(plan, format::number),
                chosen_by(plan, computed, |w, wp| {
                    (w.has_prod() && wp.method.rule == rule).then(|| wp.method.method.as_str())
                }),
            )
        })
        .collect()
}

fn rule_row(
    rule: u8,
    condition: String,
    this_plan: String,
    outcome: String,
    mut workloads: Vec<RefView>,
) -> RuleRow {
    let workload_count = workloads.len();
    workloads.truncate(NAMED_WORKLOADS);
    RuleRow {
        rule,
        condition_html: format::message_html(&condition),
        condition,
        this_plan_html: format::message_html(&this_plan),
        this_plan,
        outcome,
        workloads,
        workload_count,
    }
}

/// "1 workload sets `key`", "3 workloads set `key`".
fn set_by(n: usize, key: &str) -> String {
    match n {
        0 => format!("no workload sets `{key}`"),
        1 => format!("1 workload sets `{key}`"),
        n => format!("{n} workloads set `{key}`"),
    }
}

/// Data and transfer hours per wave and path, shared by the transfers table and its chart.
struct WavePathTotals {
    paths: Vec<TransferPath>,
    /// `[wave][path]` = (units, data GB, hours).
    cells: Vec<Vec<(usize, f64, f64)>>,
}

fn wave_path_totals(plan: &Plan, computed: &Computed) -> WavePathTotals {
    let paths = available_paths(&plan.network);
    let mut cells = vec![vec![(0, 0.0, 0.0); paths.len()]; computed.waves.len()];
    for unit in &computed.units {
        let (Some(row), Some(col)) = (
            (unit.wave as usize).checked_sub(1),
            paths.iter().position(|p| *p == unit.path),
        ) else {
            continue;
        };
        if let Some(cell) = cells.get_mut(row).and_then(|r| r.get_mut(col)) {
            cell.0 += 1;
            cell.1 += unit.data_gb;
            cell.2 += unit.transfer_hours;
        }
    }
    WavePathTotals { paths, cells }
}

pub fn transfers_view(plan: &Plan, computed: &Computed) -> TransfersView {
    let totals = wave_path_totals(plan, computed);
    let mut per_wave = Vec::new();
    for (i, row) in totals.cells.iter().enumerate() {
        for (p, &(units, gb, hours)) in totals.paths.iter().zip(row) {
            if units > 0 {
                per_wave.push(WavePathRow {
                    wave: i as u32 + 1,
                    path: p.label(),
                    units,
                    data: format::data(gb),
                    hours: format::hours(hours),
                });
            }
        }
    }
    TransfersView {
        network: network_rows(plan, computed),
        path_rules: path_rules(plan, computed),
        method_rules: method_rules(plan, computed),
        paths: totals.paths.iter().map(|p| p.label()).collect(),
        per_wave,
        calibration: calibration_rows(plan, computed),
        calibrated: computed.calibrations.iter().any(|c| c.applied),
        utilization: format!("{} %", format::number(plan.network.utilization * 100.0)),
        buffer: format!("{} %", format::number(plan.meta.estimate_buffer_percent)),
        overhead: format!("{} h", format::number(plan.meta.cutover_overhead_hours)),
    }
}

fn calibration_rows(plan: &Plan, computed: &Computed) -> Vec<CalibrationRow> {
    computed
        .calibrations
        .iter()
        .map(|c| CalibrationRow {
            path: c.path.label(),
            text: calibration_text(c),
            applied: c.applied,
            not_applied: c.not_applied_because(plan),
            samples: c
                .samples
                .iter()
                .map(|s| SampleRow {
                    date: format::date(s.date),
                    workloads: s
                        .results
                        .iter()
                        .map(|&r| {
                            let r = &plan.results[r];
                            RefView {
                                label: format!("{} ({})", r.workload, r.tier.as_str()),
                                href: Some(workload_href(&r.workload)),
                            }
                        })
                        .collect(),
                    data: format::data(s.data_gb),
                    hours: format::hours(s.hours),
                    mbps: mbps(s.effective_mbps),
                    utilization: percent(s.utilization),
                })
                .collect(),
        })
        .collect()
}

pub fn transfer_chart(plan: &Plan, computed: &Computed) -> ChartResult<Chart> {
    let totals = wave_path_totals(plan, computed);
    let categories: Vec<String> = (1..=totals.cells.len()).map(|n| format!("W{n}")).collect();
    let series = |pick: fn(&(usize, f64, f64)) -> f64| -> Vec<Series> {
        totals
            .paths
            .iter()
            .enumerate()
            .map(|(j, p)| Series {
                label: p.label().into(),
                color: path_color(*p),
                values: totals
                    .cells
                    .iter()
                    .map(|row| row.get(j).map_or(0.0, pick))
                    .collect(),
            })
            .collect()
    };
    let panels = [
        Panel {
            y_desc: "data (TB)".into(),
            categories: categories.clone(),
            series: series(|c| c.1 / 1000.0),
        },
        Panel {
            y_desc: "transfer (hours)".into(),
            categories,
            series: series(|c| c.2),
        },
    ];
    let desc = format!(
        "Stacked bars per wave: data to move in TB (left) and the sum of the units' transfer estimates in hours (right), by transfer path ({}). The table beside the chart gives the same numbers.",
        totals
            .paths
            .iter()
            .map(|p| p.label())
            .collect::<Vec<_>>()
            .join(", ")
    );
    charts::stacked_bars(
        "chart-transfers",
        "Data and transfer hours per wave, by path",
        &desc,
        &panels,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_tables_are_the_rules_as_they_describe_themselves() {
        let inputs = crate::inputs::read_dir(std::path::Path::new("content")).expect("example");
        let (plan, _) = crate::load::load(&inputs).expect("example loads");
        let computed = crate::planning::compute(&plan).expect("example plans");
        let view = transfers_view(&plan, &computed);
        let paths: Vec<(u8, String, &str)> = view
            .path_rules
            .iter()
            .map(|r| (r.rule, r.condition.clone(), r.outcome.as_str()))
            .collect();
        let rules: Vec<(u8, String, &str)> = PathRule::ALL
            .iter()
            .map(|r| (r.number(), r.condition(&plan, format::number), r.outcome()))
            .collect();
        assert_eq!(paths, rules);
        let methods: Vec<(u8, &str)> = view
            .method_rules
            .iter()
            .map(|r| (r.rule, r.condition.as_str()))
            .collect();
        let rules: Vec<(u8, &str)> = MethodRule::PRODUCTION
            .iter()
            .map(|r| (r.number(), r.condition()))
            .collect();
        assert_eq!(methods, rules);
        // Each workload is counted under the rule that chose its path, and the first few
        // are named there.
        for (i, rule) in PathRule::ALL.iter().enumerate() {
            let chosen: Vec<&str> = plan
                .workloads
                .iter()
                .zip(&computed.workloads)
                .filter(|(_, wp)| wp.path.rule == *rule)
                .map(|(w, _)| w.id.as_str())
                .collect();
            let row = &view.path_rules[i];
            assert_eq!(row.workload_count, chosen.len());
            assert_eq!(row.workloads.len(), chosen.len().min(NAMED_WORKLOADS));
            for (named, id) in row.workloads.iter().zip(&chosen) {
                assert!(named.label.starts_with(&format!("{id} (")));
            }
        }
    }
}
