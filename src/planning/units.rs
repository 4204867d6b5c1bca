//! Planning step 2: the units (a workload's production environment, or all its other
//! environments), each with its transfer estimate and method (method rules 1-4), the workloads'
//! decisions, the dependencies between units, and the warnings about methods and tolerances.

use super::transfer::{self, PathDecision, Utilization};
use super::{Tier, Unit, WorkloadPlan, pinned};
use crate::diagnostics::Diagnostic;
use crate::model::{MethodChoice, Plan, TransferPath, Workload};
use std::collections::HashMap;

/// What every workload was decided, and the units they make (indices are `Unit`s' order).
pub struct Units {
    /// Parallel to `plan.workloads`.
    pub workloads: Vec<WorkloadPlan>,
    pub units: Vec<Unit>,
}

/// Units of every workload on its path (`paths` parallel to `plan.workloads`, `planned` the
/// paths as planned with the planned utilization), in plan order, the non-production unit
/// before the production one; `dependents` filled in. A pinned unit (spec section 9) is on the
/// path it ran on, estimated at the planned utilization; an open unit at `utilization` (the
/// calibrated one).
pub fn units(
    plan: &Plan,
    paths: Vec<PathDecision>,
    planned: &[TransferPath],
    utilization: Utilization,
    index_of: &HashMap<&str, usize>,
) -> Units {
    let as_planned = Utilization::planned(&plan.network);
    let mut workloads = Vec::with_capacity(plan.workloads.len());
    let mut units = Vec::new();
    for ((i, w), path) in plan.workloads.iter().enumerate().zip(paths) {
        let mut unit = |tier: Tier, environments: Vec<String>, data_gb: f64| {
            let pinned = pinned::pinning_result(plan, w, tier);
            let (chosen, util) = match pinned {
                Some(r) => (r.path.unwrap_or(planned[i]), as_planned),
                None => (path.path, utilization),
            };
            let estimate = transfer::estimate(plan, util, chosen, data_gb);
            let transfer_hours = estimate.hours;
            let decision = match tier {
                Tier::Nonprod => transfer::nonprod_method(plan, w, transfer_hours),
                Tier::Prod => transfer::choose_method(plan, util, w, chosen, transfer_hours),
            };
            units.push(Unit {
                workload: i,
                tier,
                environments,
                data_gb,
                path: chosen,
                method: decision.method,
                transfer_hours,
                load_hours: pinned
                    .and_then(|r| r.transfer_hours)
                    .unwrap_or(transfer_hours),
                devices: estimate.devices.unwrap_or(0),
                downtime_hours: decision.downtime_hours,
                wave: 0,
                cutover: None,
                shared_with: Vec::new(),
            });
            (units.len() - 1, decision, util)
        };
        let nonprod = w
            .has_nonprod()
            .then(|| unit(Tier::Nonprod, w.nonprod_environments(), w.nonprod_data_gb));
        let prod = w
            .has_prod()
            .then(|| unit(Tier::Prod, w.prod_environments(), w.data_gb));
        // The workload's method is its production unit's, or its only unit's; so are the
        // utilization of its estimates.
        let Some((method, util)) = prod
            .as_ref()
            .or(nonprod.as_ref())
            .map(|(_, d, util)| (d.clone(), *util))
        else {
            continue; // No environments: rejected by the loader already.
        };
        workloads.push(WorkloadPlan {
            downtime_hours: method.downtime_hours,
            method,
            estimates: transfer::estimates(plan, util, w.data_gb),
            path,
            tolerance_hours: w.downtime_tolerance_hours(),
            tolerance_defaulted: w.max_downtime_hours.is_none(),
            nonprod_unit: nonprod.map(|(u, _, _)| u),
            prod_unit: prod.map(|(u, _, _)| u),
            dependents: Vec::new(),
        });
    }
    for (i, w) in plan.workloads.iter().enumerate() {
        for dep in &w.depends_on {
            if let Some(&j) = index_of.get(dep.as_str()) {
                workloads[j].dependents.push(i);
            }
        }
    }
    Units { workloads, units }
}

/// For each unit, the units of the same tier it depends on directly.
pub fn dependencies(
    plan: &Plan,
    index_of: &HashMap<&str, usize>,
    workloads: &[WorkloadPlan],
    units: &[Unit],
) -> Vec<Vec<usize>> {
    let unit_of = |workload: usize, tier: Tier| match tier {
        Tier::Nonprod => workloads[workload].nonprod_unit,
        Tier::Prod => workloads[workload].prod_unit,
    };
    units
        .iter()
        .map(|u| {
            plan.workloads[u.workload]
                .direct_dependencies()
                .filter_map(|d| index_of.get(d).and_then(|&j| unit_of(j, u.tier)))
                .collect()
        })
        .collect()
}

/// Warnings about the workloads' methods: defaulted tolerances, replication that cannot keep
/// up, near-zero without replication, sensitive data over the internet.
pub fn method_warnings(plan: &Plan, workloads: &[WorkloadPlan]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (w, wp) in plan.workloads.iter().zip(workloads) {
        warnings_of(plan, w, wp, &mut out);
    }
    out
}

fn warnings_of(plan: &Plan, w: &Workload, wp: &WorkloadPlan, out: &mut Vec<Diagnostic>) {
    if !w.has_prod() {
        return;
    }
    if wp.tolerance_defaulted {
        let d = Diagnostic::warning(
            "W-downtime",
            format!(
                "`{}` has no `max_downtime_hours`: the {} h default for {} criticality applies",
                w.id, wp.tolerance_hours, w.criticality
            ),
        )
        .help("agree the downtime tolerance with the workload owner and write it as `max_downtime_hours`");
        out.push(plan.point(d.concerning(&w.id), w.loc_of("id")));
    }
    if wp.method.replication_keeps_up == Some(false) {
        let detail = match wp.method.replication_mbps {
            Some((need, have)) => {
                format!("{need:.0} Mbps of daily change against {have:.0} Mbps of the sync path")
            }
            None => "there is no network path to carry the sync".into(),
        };
        let d = Diagnostic::warning("W-replication", format!("replication of `{}` cannot keep up: {detail}", w.id))
            .help("add bandwidth, reduce `change_gb_per_day` (for example by archiving), or plan an offline window");
        out.push(plan.point(d.concerning(&w.id), w.loc_of("change_gb_per_day")));
    }
    if w.method == MethodChoice::NearZero && !w.replication {
        let d = Diagnostic::warning(
            "W-near-zero",
            format!(
                "`{}` asks for near-zero migration but does not declare `replication = true`",
                w.id
            ),
        )
        .help("confirm the workload supports continuous replication and set `replication = true`");
        out.push(plan.point(d.concerning(&w.id), w.loc_of("method")));
    }
    if w.sensitivity.is_sensitive() && wp.path.path == TransferPath::Internet {
        let d = Diagnostic::warning(
            "W-insecure-path",
            format!("`{}` holds {} data but is set to move over the internet", w.id, w.sensitivity),
        )
        .help("use `path = \"vpn\"` or ExpressRoute for sensitive data (CAF), or remove `path` to let the rules choose");
        out.push(plan.point(d.concerning(&w.id), w.loc_of("path")));
    }
}
