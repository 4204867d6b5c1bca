//! Re-planning around results (spec section 9): which units are pinned where they happened,
//! the groups that hold them placed first, and the warnings about pinned units and rollbacks.

use super::calendar::Calendar;
use super::progress::latest;
use super::waves::Group;
use super::{Tier, Unit};
use crate::diagnostics::Diagnostic;
use crate::model::{Plan, ResultStatus, TransferPath, UnitResult, Workload};
use jiff::civil::Date;
use std::collections::HashMap;

/// Units whose latest result is `done` or `in-progress`, with the result's date.
pub fn pinned_units(plan: &Plan, units: &[Unit]) -> Vec<(usize, Date)> {
    units
        .iter()
        .enumerate()
        .filter_map(|(u, unit)| {
            let r = latest(plan, unit)?;
            r.status.pins().then_some((u, r.date))
        })
        .collect()
}

/// A unit's latest result when it pins the unit (`done` or `in-progress`).
pub fn pinning_result<'p>(plan: &'p Plan, w: &Workload, tier: Tier) -> Option<&'p UnitResult> {
    plan.results_of(&w.id, tier)
        .pop()
        .filter(|r| r.status.pins())
}

/// The path a pinned unit ran on: its result's `path`, else `planned` (the workload's path as
/// planned with the planned utilization); `None` while the unit is open.
pub fn ran_on(
    plan: &Plan,
    w: &Workload,
    tier: Tier,
    planned: TransferPath,
) -> Option<TransferPath> {
    pinning_result(plan, w, tier).map(|r| r.path.unwrap_or(planned))
}

/// The groups without their pinned members; a group that held a pinned unit comes first (in
/// its priority order) and starts at the earliest pinned member's wave. Groups left empty go.
pub fn groups_around_pins(groups: Vec<Group>, pinned_waves: &HashMap<usize, usize>) -> Vec<Group> {
    let (mut first, mut rest): (Vec<Group>, Vec<Group>) = (Vec::new(), Vec::new());
    for mut group in groups {
        let floor = group
            .units
            .iter()
            .filter_map(|u| pinned_waves.get(u))
            .min()
            .copied();
        group.units.retain(|u| !pinned_waves.contains_key(u));
        if group.units.is_empty() {
            continue;
        }
        match floor {
            Some(n) => {
                group.floor_wave = n;
                first.push(group);
            }
            None => rest.push(group),
        }
    }
    first.extend(rest);
    first
}

/// `W-pinned`: a pinned unit on a day the calendar does not allow, or in a wave before a
/// direct dependency's; an open non-production unit after its pinned production unit.
pub fn warnings(
    plan: &Plan,
    units: &[Unit],
    unit_deps: &[Vec<usize>],
    pinned_waves: &HashMap<usize, usize>,
) -> Vec<Diagnostic> {
    let calendar = Calendar::new(plan);
    let mut out = Vec::new();
    let mut pinned: Vec<usize> = pinned_waves.keys().copied().collect();
    pinned.sort_unstable();
    let warn = |u: usize, message: String, help: &str| {
        let unit = &units[u];
        let w = &plan.workloads[unit.workload];
        let d = Diagnostic::warning("W-pinned", message)
            .help(help)
            .concerning(&w.id)
            .in_wave(unit.wave);
        let at = latest(plan, unit).map_or(w.loc_of("id"), |r| r.loc_of("date"));
        plan.point(d, at)
    };
    for &u in &pinned {
        let unit = &units[u];
        let w = &plan.workloads[unit.workload];
        let Some(day) = unit.cutover else { continue };
        if !calendar.allows_cutover(day, w) {
            out.push(warn(
                u,
                format!(
                    "`{}` ({}) cut over on {day}, a day the plan does not allow (weekday, freeze or peak); it stays there",
                    w.id,
                    unit.tier.as_str()
                ),
                "nothing to change in the plan: record why in the result's `note`",
            ));
        }
        for &d in &unit_deps[u] {
            if units[d].wave > unit.wave && units[d].tier == unit.tier {
                out.push(warn(
                    u,
                    format!(
                        "`{}` ({}) cut over in wave {} before `{}`, which it depends on directly, in wave {}",
                        w.id,
                        unit.tier.as_str(),
                        unit.wave,
                        plan.workloads[units[d].workload].id,
                        units[d].wave
                    ),
                    "make sure a hybrid bridge covers the dependency until it moves",
                ));
            }
        }
    }
    for (u, unit) in units.iter().enumerate() {
        if unit.tier != Tier::Nonprod || pinned_waves.contains_key(&u) {
            continue;
        }
        let prod_pinned = units.iter().enumerate().any(|(p, other)| {
            other.workload == unit.workload
                && other.tier == Tier::Prod
                && pinned_waves.contains_key(&p)
        });
        if prod_pinned {
            let w = &plan.workloads[unit.workload];
            out.push(warn(
                u,
                format!(
                    "the non-production unit of `{}` goes after its production unit, which has already cut over",
                    w.id
                ),
                "record the non-production migration as a [[result]] if it happened",
            ));
        }
    }
    out
}

/// `W-review`: a rollback without a post-incident review.
pub fn review_warnings(plan: &Plan) -> Vec<Diagnostic> {
    plan.results
        .iter()
        .filter(|r| r.status == ResultStatus::RolledBack && r.review.is_none())
        .map(|r| {
            let d = Diagnostic::warning(
                "W-review",
                format!(
                    "the rollback of `{}` ({}) on {} has no post-incident review",
                    r.workload,
                    r.tier.as_str(),
                    r.date
                ),
            )
            .help("write the review as a page under pages/ and name it in the result's `review`")
            .concerning(&r.workload);
            plan.point(d, r.loc_of("status"))
        })
        .collect()
}
