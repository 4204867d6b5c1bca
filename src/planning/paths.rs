//! Planning step 1: each workload's transfer path (path rules 1-5), or the error that it has none.

use super::transfer::{self, NoPath, PathDecision};
use crate::diagnostics::{Diagnostic, sort};
use crate::model::{Plan, Workload};

/// The path of every workload, in plan order; every workload without one as an error.
pub fn paths(plan: &Plan) -> Result<Vec<PathDecision>, Vec<Diagnostic>> {
    let mut paths = Vec::with_capacity(plan.workloads.len());
    let mut errors = Vec::new();
    for w in &plan.workloads {
        match transfer::choose_path(plan, w) {
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
