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
mod warnings;

pub use capacity::{
    Demand, WaveCapacity, WaveLoad, capacity_hours, device_capacity, open_capacity_hours,
    window_days,
};

use super::transfer::{self, Utilization};
use super::{Tier, Unit, Wave, WorkloadPlan};
use crate::diagnostics::Diagnostic;
use crate::model::{Method, Plan, TransferPath};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};

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

/// The offline transfers of one cutover day on one path.
#[derive(Debug, Clone, Copy)]
pub struct DayLoad {
    pub hours: f64,
    /// The smallest [`day_limit`] of the day's units.
    pub limit: f64,
}

/// A transfer about to join a day: its path, hours and [`day_limit`].
#[derive(Debug, Clone, Copy)]
pub struct DayShare {
    pub day: Date,
    pub path: TransferPath,
    pub hours: f64,
    pub limit: f64,
}

/// The offline transfers placed so far per cutover day and path, over all waves (with
/// `wave_gap_days = 0` two waves meet on one day).
#[derive(Debug, Clone, Default)]
pub struct DayLoads {
    days: HashMap<(Date, TransferPath), DayLoad>,
}

impl DayLoads {
    /// The offline hours already on `share`'s day and path (with `pending` transfers of the
    /// group being placed), and whether `share` fits: the shared downtime stays within the
    /// limit of every unit of the day, its own included.
    pub fn day_fit(&self, share: &DayShare, pending: &[DayShare], overhead: f64) -> (f64, bool) {
        let mut day = self
            .days
            .get(&(share.day, share.path))
            .copied()
            .unwrap_or(DayLoad {
                hours: 0.0,
                limit: f64::INFINITY,
            });
        for p in pending
            .iter()
            .filter(|p| p.day == share.day && p.path == share.path)
        {
            day.hours += p.hours;
            day.limit = day.limit.min(p.limit);
        }
        let shared = day.hours + share.hours + overhead;
        (day.hours, shared <= day.limit.min(share.limit) + EPS)
    }

    pub fn add_to_day(&mut self, share: &DayShare) {
        let day = self.days.entry((share.day, share.path)).or_insert(DayLoad {
            hours: 0.0,
            limit: f64::INFINITY,
        });
        day.hours += share.hours;
        day.limit = day.limit.min(share.limit);
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
    let mut days: BTreeMap<(Date, TransferPath), Vec<usize>> = BTreeMap::new();
    for (u, unit) in units.iter().enumerate() {
        if let (true, Some(day)) = (shares_day(unit), unit.cutover) {
            days.entry((day, unit.path)).or_default().push(u);
        }
    }
    let mut findings = Vec::new();
    for ((day, path), members) in days {
        let hours: f64 = members.iter().map(|&u| units[u].transfer_hours).sum();
        let downtime = hours + overhead;
        let over: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&u| downtime > day_limit(plan, &units[u]) + EPS)
            .collect();
        for &u in &members {
            units[u].downtime_hours = downtime;
            units[u].shared_with = members.iter().copied().filter(|&o| o != u).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_fit_keeps_every_tolerance() {
        // Two offline units on one VPN day: 3.5 h and 2.4 h of transfer, 1 h overhead:
        // 3.5 + 2.4 + 1 = 6.9 h, over a 4 h tolerance, within 12 h.
        let mut load = DayLoads::default();
        let day = date(2027, 3, 23);
        load.add_to_day(&DayShare {
            day,
            path: TransferPath::Vpn,
            hours: 3.5,
            limit: 12.0,
        });
        let tight = DayShare {
            day,
            path: TransferPath::Vpn,
            hours: 2.4,
            limit: 4.0,
        };
        assert_eq!(load.day_fit(&tight, &[], 1.0), (3.5, false));
        let loose = DayShare {
            limit: 8.0,
            ..tight
        };
        assert_eq!(load.day_fit(&loose, &[], 1.0), (3.5, true));
        // Another day, or another path, is free.
        let other = DayShare {
            day: date(2027, 3, 24),
            ..tight
        };
        assert!(load.day_fit(&other, &[], 1.0).1);
        // A pending member of the same group counts, with its own limit.
        let pending = [DayShare {
            day: other.day,
            path: TransferPath::Vpn,
            hours: 0.5,
            limit: 3.0,
        }];
        assert!(!load.day_fit(&other, &pending, 1.0).1); // 0.5 + 2.4 + 1 = 3.9 > 3
    }
}
