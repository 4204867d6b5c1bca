//! Shared links (spec section 3, "Shared links (v2)"): transfers that run at the same time over
//! one network path share its effective bandwidth.
//!
//! 1. *Wave load*: the transfer hours of a wave's units per network path against the wave's
//!    capacity (window days x `transfer_hours_per_day`), and Data Box devices against
//!    `databox_devices` x trips. Placement ([`super::waves`]) asks [`WaveLoad::admits`].
//! 2. *Cutover day*: offline transfers of one day and path run side by side; each unit's
//!    downtime is their sum plus the overhead. Placement picks days with [`WaveLoad::day_fit`];
//!    [`share_days`] sets the shared figures once every unit is placed.
//! 3. *Replication*: the change rates of a wave's near-zero production units per sync path.
//!
//! See `docs/planning.md`, "Shared links", for the choices the spec leaves open.

mod capacity;
mod days;
mod warnings;

pub use capacity::{
    Demand, WaveCapacity, WaveLoad, capacity_hours, device_capacity, open_capacity_hours,
    window_days,
};
pub use days::{DayLoad, DayLoads, DayShare};

use super::transfer::{self, Utilization};
use super::{Tier, Unit, Wave, WorkloadPlan};
use crate::diagnostics::Diagnostic;
use crate::model::{Method, Plan, TransferPath};
use jiff::civil::Date;
use std::collections::BTreeMap;

const EPS: f64 = 1e-9;

/// Whether a unit's transfer shares its cutover day: an offline transfer over a network path.
pub fn shares_day(unit: &Unit) -> bool {
    unit.method == Method::Offline && unit.path.is_network()
}

/// The most shared downtime a unit accepts on its day: its tolerance for an offline production
/// unit (or its solo downtime when that alone is over the tolerance: such a unit takes no
/// company, and `W-tolerance` reports it), no limit for the others.
pub fn day_limit(plan: &Plan, unit: &Unit) -> f64 {
    if unit.tier == Tier::Prod && shares_day(unit) {
        let tolerance = plan.workloads[unit.workload].downtime_tolerance_hours();
        tolerance.max(unit.transfer_hours + plan.meta.cutover_overhead_hours)
    } else {
        f64::INFINITY
    }
}

/// One network path's load in a wave.
#[derive(Debug, Clone, PartialEq)]
pub struct PathLoad {
    pub path: TransferPath,
    pub hours: f64,
    pub capacity_hours: f64,
}

impl PathLoad {
    pub fn percent(&self) -> f64 {
        if self.capacity_hours > 0.0 {
            self.hours / self.capacity_hours * 100.0
        } else {
            0.0
        }
    }
}

/// A shared-link rule a wave breaks.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// `W-link-wave`: a group alone needs more hours on a path than the wave has.
    LinkWave {
        path: TransferPath,
        units: Vec<usize>,
        hours: f64,
        capacity_hours: f64,
    },
    /// `W-databox-wave`: a group alone needs more Data Box devices than the wave has.
    DataboxWave {
        units: Vec<usize>,
        devices: u32,
        capacity: u32,
    },
    /// `W-link-day`: offline transfers of one day and path whose shared downtime exceeds the
    /// tolerance of a unit among them.
    LinkDay {
        day: Date,
        path: TransferPath,
        units: Vec<usize>,
        downtime_hours: f64,
        /// The units whose tolerance the shared downtime exceeds.
        over: Vec<usize>,
    },
    /// `W-replication-wave`: the near-zero units of a wave need more than a sync path has.
    ReplicationWave {
        path: TransferPath,
        units: Vec<usize>,
        mbps: f64,
        capacity_mbps: f64,
    },
}

impl Finding {
    pub fn code(&self) -> &'static str {
        match self {
            Finding::LinkWave { .. } => "W-link-wave",
            Finding::DataboxWave { .. } => "W-databox-wave",
            Finding::LinkDay { .. } => "W-link-day",
            Finding::ReplicationWave { .. } => "W-replication-wave",
        }
    }
    pub fn units(&self) -> &[usize] {
        match self {
            Finding::LinkWave { units, .. }
            | Finding::DataboxWave { units, .. }
            | Finding::LinkDay { units, .. }
            | Finding::ReplicationWave { units, .. } => units,
        }
    }
}

/// A wave's links: load per network path against capacity, Data Box devices, and the rules
/// it breaks.
#[derive(Debug, Clone, Default)]
pub struct WaveLinks {
    /// Network paths with any load, in path order.
    pub load: Vec<PathLoad>,
    pub databox_devices: u32,
    /// Devices the wave may use; `None` without `databox_devices`.
    pub databox_capacity: Option<u32>,
    pub findings: Vec<Finding>,
}

/// Sets the shared figures once every unit is placed: each offline network transfer's
/// downtime is the sum of the transfers of its day and path plus the overhead, and
/// `shared_with` lists the others. Returns the days whose shared downtime exceeds a
/// tolerance, with the (latest) wave of their units (`W-link-day`).
pub fn share_days(plan: &Plan, units: &mut [Unit]) -> Vec<(u32, Finding)> {
    let overhead = plan.meta.cutover_overhead_hours;
    // By day, path and unit (each day's units in plan order), as one sort of numbers: the
    // day and path packed by `day_key` in the high half, the unit in the low half.
    let mut sharing: Vec<u64> = units
        .iter()
        .enumerate()
        .filter(|(_, unit)| shares_day(unit))
        .filter_map(|(u, unit)| {
            Some(u64::from(days::day_key(unit.cutover?, unit.path)) << 32 | u as u64)
        })
        .collect();
    sharing.sort_unstable();
    let mut findings = Vec::new();
    for day_units in sharing.chunk_by(|a, b| a >> 32 == b >> 32) {
        let members: Vec<usize> = day_units
            .iter()
            .map(|&k| (k & 0xFFFF_FFFF) as usize)
            .collect();
        let (day, path) = (
            units[members[0]].cutover.unwrap_or_default(),
            units[members[0]].path,
        );
        let hours: f64 = members.iter().map(|&u| units[u].transfer_hours).sum();
        let downtime = hours + overhead;
        let over: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&u| downtime > day_limit(plan, &units[u]) + EPS)
            .collect();
        for (i, &u) in members.iter().enumerate() {
            // Allocated once and copied: a busy day holds hundreds of units, each listing the
            // others (the members are distinct, so "the others" are the ones before and after).
            let mut others = Vec::with_capacity(members.len() - 1);
            others.extend_from_slice(&members[..i]);
            others.extend_from_slice(&members[i + 1..]);
            units[u].downtime_hours = downtime;
            units[u].shared_with = others;
        }
        if !over.is_empty() {
            let wave = members.iter().map(|&u| units[u].wave).max().unwrap_or(1);
            findings.push((
                wave,
                Finding::LinkDay {
                    day,
                    path,
                    units: members,
                    downtime_hours: downtime,
                    over,
                },
            ));
        }
    }
    findings
}

/// Planning step: the shared figures once every unit is placed. Sets each offline network
/// transfer's shared downtime and `shared_with`, each wave's link load, and each workload's
/// downtime; returns the warnings (`W-link-wave`, `W-databox-wave` from placement's
/// `findings`, `W-link-day`, `W-replication-wave`, and `W-tolerance` on the shared figure).
pub fn apply(
    plan: &Plan,
    utilization: Utilization,
    units: &mut [Unit],
    workloads: &mut [WorkloadPlan],
    waves: &mut [Wave],
    mut findings: Vec<(u32, Finding)>,
) -> Vec<Diagnostic> {
    findings.extend(share_days(plan, units));
    for wave in waves.iter_mut() {
        wave.links = wave_links(plan, units, wave);
        for f in replication(plan, utilization, units, wave) {
            findings.push((wave.number, f));
        }
    }
    let mut out = Vec::new();
    for (number, finding) in findings {
        out.push(warnings::diagnostic(plan, units, number, &finding));
        if let Some(wave) = waves.get_mut(number as usize - 1) {
            wave.links.findings.push(finding);
        }
    }
    for (w, wp) in plan.workloads.iter().zip(workloads.iter_mut()) {
        if let Some(u) = wp.prod_unit.or(wp.nonprod_unit) {
            wp.downtime_hours = units[u].downtime_hours;
        }
        if w.has_prod() {
            out.extend(warnings::tolerance(plan, w, wp, units));
        }
    }
    out
}

/// Each wave's load per network path and its Data Box devices.
pub fn wave_links(plan: &Plan, units: &[Unit], wave: &Wave) -> WaveLinks {
    let demand = Demand::of(units, &wave.units);
    let capacity_hours = capacity_hours(plan, wave.window);
    WaveLinks {
        load: TransferPath::ALL
            .iter()
            .filter(|p| p.is_network() && demand.hours[**p as usize] > 0.0)
            .map(|&path| PathLoad {
                path,
                hours: demand.hours[path as usize],
                capacity_hours,
            })
            .collect(),
        databox_devices: demand.devices,
        databox_capacity: device_capacity(plan, wave.window),
        findings: Vec::new(),
    }
}

/// `W-replication-wave`: per sync path, the summed change rate of the wave's near-zero
/// production units, when two or more of them replicate over it and the sum is not below its
/// effective bandwidth (at `utilization`, the calibrated one). (A unit that alone cannot keep up
/// is `W-replication`.)
pub fn replication(
    plan: &Plan,
    utilization: Utilization,
    units: &[Unit],
    wave: &Wave,
) -> Vec<Finding> {
    let mut by_path: BTreeMap<TransferPath, Vec<usize>> = BTreeMap::new();
    for &u in &wave.units {
        let unit = &units[u];
        if unit.tier == Tier::Prod
            && unit.method == Method::NearZero
            && let Some(sync) = transfer::sync_path(plan, unit.path)
        {
            by_path.entry(sync).or_default().push(u);
        }
    }
    for members in by_path.values_mut() {
        members.sort_unstable_by_key(|&u| units[u].workload);
    }
    by_path
        .into_iter()
        .filter(|(_, members)| members.len() >= 2)
        .filter_map(|(path, members)| {
            let mbps: f64 = members
                .iter()
                .map(|&u| transfer::change_mbps(&plan.workloads[units[u].workload]))
                .sum();
            let capacity_mbps = utilization.effective_mbps(&plan.network, path);
            (mbps >= capacity_mbps).then_some(Finding::ReplicationWave {
                path,
                units: members,
                mbps,
                capacity_mbps,
            })
        })
        .collect()
}
