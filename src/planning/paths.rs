//! Planning step 1: each workload's transfer path (path rules 1-5), or the error that it has none;
//! then, once the results have calibrated the links, the paths the workloads take (spec section 9).

use super::pinned::pinning_result;
use super::rules::PathRule;
use super::transfer::{self, NoPath, PathDecision, Utilization};
use crate::diagnostics::{Diagnostic, sort};
use crate::model::{Plan, Tier, Workload};

/// The path of every workload as planned with the planned utilization, in plan order; every
/// workload without one as an error.
pub fn paths(plan: &Plan) -> Result<Vec<PathDecision>, Vec<Diagnostic>> {
    let utilization = Utilization::planned(&plan.network);
    let mut paths = Vec::with_capacity(plan.workloads.len());
    let mut errors = Vec::new();
    for w in &plan.workloads {
        match transfer::choose_path(plan, utilization, w) {
            Ok(path) => paths.push(path),
            Err(reason) => errors.push(no_path_error(plan, w, reason)),
        }
    }
    if errors.is_empty() {
        Ok(paths)
    } else {
        sort(&mut errors);
        Err(errors)
    }
}

/// The path each workload takes (`planned`: as planned with the planned utilization): a
/// workload with a pinned unit keeps the path that unit ran on (its production unit's when both
/// are pinned), whatever calibration says; the others follow the path rules at `utilization`
/// (the calibrated one).
pub fn replan(
    plan: &Plan,
    planned: Vec<PathDecision>,
    utilization: Utilization,
) -> Vec<PathDecision> {
    let calibrated = utilization != Utilization::planned(&plan.network);
    if plan.results.is_empty() {
        return planned;
    }
    plan.workloads
        .iter()
        .zip(planned)
        .map(|(w, planned)| {
            let pinned = [Tier::Prod, Tier::Nonprod]
                .into_iter()
                .find_map(|tier| pinning_result(plan, w, tier).map(|r| (tier, r)));
            match pinned {
                Some((tier, r)) => match r.path {
                    Some(path) if path != planned.path => PathDecision {
                        path,
                        rule: PathRule::Set,
                        reason: format!(
                            "{}: the {} unit ran on it (the result of {}), and a workload keeps the path its migrated unit ran on",
                            path.label(),
                            tier.label(),
                            r.date
                        ),
                    },
                    _ => PathDecision {
                        reason: format!(
                            "{}; kept: the {} unit ran on it (the result of {})",
                            planned.reason,
                            tier.label(),
                            r.date
                        ),
                        ..planned
                    },
                },
                None if calibrated => {
                    transfer::choose_path(plan, utilization, w).unwrap_or(planned)
                }
                None => planned,
            }
        })
        .collect()
}

fn no_path_error(plan: &Plan, w: &Workload, reason: NoPath) -> Diagnostic {
    let d = match reason {
        NoPath::NoSecurePath => Diagnostic::error(
            "E-no-secure-path",
            format!(
                "`{}` holds {} data and is time-sensitive, but there is no VPN or ExpressRoute to carry it",
                w.id, w.sensitivity
            ),
        )
        .help("add `vpn_mbps` or `expressroute_mbps` to [network], or set `time_sensitive = false` to allow Data Box"),
        NoPath::NoPath => Diagnostic::error(
            "E-no-path",
            format!("`{}` is time-sensitive and the [network] has no path to carry its data", w.id),
        )
        .help("add `internet_mbps`, `vpn_mbps` or `expressroute_mbps` to [network], or set `time_sensitive = false`"),
    };
    plan.point(d.concerning(&w.id), w.loc_of("id"))
}
