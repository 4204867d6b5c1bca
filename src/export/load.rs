//! plan.json v2: each wave's load on the network paths, and the units sharing a cutover day
//! and path.

use super::{hours, percent};
use crate::model::Plan;
use crate::planning::{Computed, Unit, Wave};
use serde::Serialize;

/// A network path's load in a wave against its capacity.
#[derive(Serialize)]
pub(super) struct LinkLoadJson {
    path: &'static str,
    hours: f64,
    capacity_hours: f64,
    percent: f64,
}

#[derive(Serialize)]
pub(super) struct UnitRefJson<'a> {
    workload: &'a str,
    tier: &'static str,
}

/// A wave's `link_load`: the network paths with any load.
pub(super) fn link_load(wave: &Wave) -> Vec<LinkLoadJson> {
    wave.links
        .load
        .iter()
        .map(|l| LinkLoadJson {
            path: l.path.as_str(),
            hours: hours(l.hours),
            capacity_hours: hours(l.capacity_hours),
            percent: percent(l.percent()),
        })
        .collect()
}

/// A unit's `shared_with`: the units whose offline transfers share its cutover day and path.
pub(super) fn shared_with<'a>(
    plan: &'a Plan,
    computed: &Computed,
    unit: &Unit,
) -> Vec<UnitRefJson<'a>> {
    unit.shared_with
        .iter()
        .map(|&o| UnitRefJson {
            workload: &plan.workloads[computed.units[o].workload].id,
            tier: computed.units[o].tier.as_str(),
        })
        .collect()
}
