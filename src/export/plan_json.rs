//! `plan.json` (spec section 5): the v1 shape, and the whole document assembled with the v2
//! parts of the sibling modules.

use super::approvals::{ApprovalJson, approvals};
use super::load::{LinkLoadJson, UnitRefJson, link_load, shared_with};
use super::progress::{
    ActualJson, CalibrationJson, ProgressJson, actual, calibration_json, progress_json,
};
use super::scenarios::{ScenarioJson, scenarios};
use super::{gb, hours};
use crate::diagnostics::Diagnostic;
use crate::model::Plan;
use crate::planning::Computed;
use crate::planning::progress;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct PlanJson<'a> {
    schema_version: u32,
    plan: PlanHeader<'a>,
    waves: Vec<WaveJson<'a>>,
    workloads: Vec<WorkloadJson<'a>>,
    hybrid_links: Vec<LinkJson<'a>>,
    progress: ProgressJson,
    calibration: Vec<CalibrationJson>,
    diagnostics: &'a [Diagnostic],
    approvals: Vec<ApprovalJson<'a>>,
    /// When the plan has a `baseline`: what changed since (spec section 11).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a crate::changes::Changes>,
    scenarios: Vec<ScenarioJson<'a>>,
}

#[derive(Serialize)]
struct PlanHeader<'a> {
    title: &'a str,
    revision: &'a str,
    status: &'static str,
    organization: Option<&'a str>,
    start: String,
}

#[derive(Serialize)]
struct WaveJson<'a> {
    number: u32,
    start: String,
    end: String,
    go: bool,
    state: &'static str,
    link_load: Vec<LinkLoadJson>,
    databox_devices: u32,
    units: Vec<UnitJson<'a>>,
    checklist: Vec<CheckJson<'a>>,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    key: &'static str,
    title: &'a str,
    passed: bool,
    reason: &'a str,
    /// Workload ids, and split dependencies as `dependent -> dependency`.
    workloads: Vec<String>,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    workload: &'a str,
    tier: &'static str,
    environments: &'a [String],
    cutover: Option<String>,
    path: &'static str,
    method: &'static str,
    data_gb: f64,
    transfer_hours: f64,
    downtime_hours: f64,
    status: &'static str,
    actual: Option<ActualJson<'a>>,
    shared_with: Vec<UnitRefJson<'a>>,
}

#[derive(Serialize)]
struct WorkloadJson<'a> {
    id: &'a str,
    name: &'a str,
    owner: &'a str,
    criticality: &'static str,
    sensitivity: &'static str,
    path: &'static str,
    path_rule: u8,
    path_reason: &'a str,
    method: &'static str,
    method_rule: u8,
    method_reason: &'a str,
    downtime_hours: f64,
    max_downtime_hours: f64,
    max_downtime_defaulted: bool,
    nonprod_wave: Option<u32>,
    prod_wave: Option<u32>,
    transfer_hours: BTreeMap<&'static str, f64>,
    databox_devices: Option<u32>,
    depends_on: &'a [String],
    latency_tolerant: &'a [String],
}

#[derive(Serialize)]
struct LinkJson<'a> {
    from: &'a str,
    to: &'a str,
    from_wave: u32,
    to_wave: u32,
    tier: &'static str,
    bridged: bool,
}

/// `plan.json`: pretty-printed, keys in a fixed order.
pub fn plan_json(plan: &Plan, computed: &Computed) -> String {
    let doc = PlanJson {
        schema_version: 2,
        plan: PlanHeader {
            title: &plan.meta.title,
            revision: &plan.meta.revision,
            status: computed.status.as_str(),
            organization: plan.meta.organization.as_deref(),
            start: plan.meta.start.to_string(),
        },
        waves: computed
            .waves
            .iter()
            .map(|wave| WaveJson {
                number: wave.number,
                start: wave.window.start.to_string(),
                end: wave.window.end.to_string(),
                go: wave.go,
                state: progress::wave_state(plan, computed, wave).as_str(),
                link_load: link_load(wave),
                databox_devices: wave.links.databox_devices,
                units: wave
                    .units
                    .iter()
                    .map(|&u| {
                        let unit = &computed.units[u];
                        UnitJson {
                            workload: &plan.workloads[unit.workload].id,
                            tier: unit.tier.as_str(),
                            environments: &unit.environments,
                            cutover: unit.cutover.map(|d| d.to_string()),
                            path: unit.path.as_str(),
                            method: unit.method.as_str(),
                            data_gb: gb(unit.data_gb),
                            transfer_hours: hours(unit.transfer_hours),
                            downtime_hours: hours(unit.downtime_hours),
                            status: progress::unit_state(plan, unit),
                            actual: actual(plan, unit),
                            shared_with: shared_with(plan, computed, unit),
                        }
                    })
                    .collect(),
                checklist: wave
                    .checklist
                    .iter()
                    .map(|c| CheckJson {
                        key: c.key,
                        title: &c.title,
                        passed: c.passed,
                        reason: &c.reason,
                        workloads: c.concerns.iter().map(|x| x.label(plan)).collect(),
                    })
                    .collect(),
            })
            .collect(),
        workloads: plan
            .workloads
            .iter()
            .zip(&computed.workloads)
            .map(|(w, wp)| WorkloadJson {
                id: &w.id,
                name: &w.name,
                owner: &w.owner,
                criticality: w.criticality.as_str(),
                sensitivity: w.sensitivity.as_str(),
                path: wp.path.path.as_str(),
                path_rule: wp.path.rule.number(),
                path_reason: &wp.path.reason,
                method: wp.method.method.as_str(),
                method_rule: wp.method.rule.number(),
                method_reason: &wp.method.reason,
                downtime_hours: hours(wp.downtime_hours),
                max_downtime_hours: wp.tolerance_hours,
                max_downtime_defaulted: wp.tolerance_defaulted,
                nonprod_wave: wp.nonprod_unit.map(|u| computed.units[u].wave),
                prod_wave: wp.prod_unit.map(|u| computed.units[u].wave),
                transfer_hours: wp
                    .estimates
                    .iter()
                    .map(|e| (e.path.as_str(), hours(e.hours)))
                    .collect(),
                databox_devices: wp.estimates.iter().find_map(|e| e.devices),
                depends_on: &w.depends_on,
                latency_tolerant: &w.latency_tolerant,
            })
            .collect(),
        hybrid_links: computed
            .hybrid_links
            .iter()
            .map(|l| LinkJson {
                from: &plan.workloads[l.from].id,
                to: &plan.workloads[l.to].id,
                from_wave: l.from_wave,
                to_wave: l.to_wave,
                tier: l.tier.as_str(),
                bridged: l.bridged,
            })
            .collect(),
        progress: progress_json(plan, computed),
        calibration: calibration_json(computed),
        diagnostics: &computed.diagnostics,
        approvals: approvals(plan, computed),
        changes: computed.changes.as_ref(),
        scenarios: scenarios(plan, computed),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
