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

mod days;
mod warnings;

pub use days::{DayLoad, DayLoads, DayShare};

use super::calendar::Window;
use super::transfer::{self, Utilization};
use super::{Tier, Unit, Wave, WorkloadPlan};
use crate::diagnostics::Diagnostic;
use crate::model::{Method, Plan, TransferPath};
use jiff::civil::Date;
use std::collections::BTreeMap;

const EPS: f64 = 1e-9;

/// Calendar days of a window (end - start + 1).
pub fn window_days(window: Window) -> f64 {
    f64::from((window.end - window.start).get_days() + 1).max(0.0)
}

/// Hours a network path can carry in a wave: its days x `transfer_hours_per_day`.
pub fn capacity_hours(plan: &Plan, window: Window) -> f64 {
    window_days(window) * plan.network.transfer_hours_per_day
}

/// Data Box devices a wave can use: `databox_devices` x trips, a trip being
/// floor(days / turnaround) (at least 1); `None` without a limit.
pub fn device_capacity(plan: &Plan, window: Window) -> Option<u32> {
    let net = &plan.network;
    net.databox_devices.map(|devices| {
        let trips = if net.databox_turnaround_days > 0.0 {
            (window_days(window) / net.databox_turnaround_days).floor()
        } else {
            window_days(window)
        };
        devices.saturating_mul(trips.max(1.0) as u32)
    })
}

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

/// What a set of units asks of a wave: transfer hours per path (a pinned unit's measured hours
/// where its result has them, see `Unit::load_hours`) (indexed by `TransferPath as usize`)
/// and Data Box devices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demand {
    pub hours: [f64; 4],
    pub devices: u32,
}

impl Demand {
    pub fn of(units: &[Unit], members: &[usize]) -> Self {
        let mut demand = Demand::default();
        for &u in members {
            let unit = &units[u];
            if unit.path.is_network() {
                demand.hours[unit.path as usize] += unit.load_hours;
            } else {
                demand.devices += unit.devices;
            }
        }
        demand
    }
}

/// The running link load of one wave during placement.
#[derive(Debug, Clone, Default)]
pub struct WaveLoad {
    hours: [f64; 4],
    devices: u32,
}

impl WaveLoad {
    /// Whether the wave's links take `demand`: on every path it uses the load stays within
    /// capacity, or the demand alone exceeds the capacity and the wave carries nothing else on
    /// that path (the group is then placed alone, with a warning). Data Box devices likewise.
    pub fn admits(&self, demand: &Demand, hours_cap: f64, devices_cap: Option<u32>) -> bool {
        let paths_ok = demand.hours.iter().zip(&self.hours).all(|(&need, &load)| {
            need <= 0.0 || load + need <= hours_cap + EPS || (need > hours_cap && load <= 0.0)
        });
        let devices_ok = devices_cap.is_none_or(|cap| {
            demand.devices == 0
                || self.devices + demand.devices <= cap
                || (demand.devices > cap && self.devices == 0)
        });
        paths_ok && devices_ok
    }

    pub fn add(&mut self, demand: &Demand) {
        for (load, need) in self.hours.iter_mut().zip(&demand.hours) {
            *load += need;
        }
        self.devices += demand.devices;
    }

    pub fn hours(&self, path: TransferPath) -> f64 {
        self.hours[path as usize]
    }

    pub fn devices(&self) -> u32 {
        self.devices
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
        for &u in &members {
            // Allocated once: a busy day holds hundreds of units, each listing the others.
            let mut others = Vec::with_capacity(members.len() - 1);
            others.extend(members.iter().copied().filter(|&o| o != u));
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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn window(days: i64) -> Window {
        let start = date(2027, 3, 1);
        Window {
            start,
            end: super::super::calendar::add_days(start, days - 1),
        }
    }

    #[test]
    fn admits_within_capacity_or_alone() {
        let mut load = WaveLoad::default();
        let mut d = Demand::default();
        d.hours[TransferPath::Vpn as usize] = 400.0;
        // 28 days x 24 h = 672 h: 400 h fits, another 400 h does not.
        assert!(load.admits(&d, 672.0, None));
        load.add(&d);
        assert!(!load.admits(&d, 672.0, None));
        // A group over capacity fits only a wave with nothing else on its path.
        let mut big = Demand::default();
        big.hours[TransferPath::Vpn as usize] = 800.0;
        assert!(!load.admits(&big, 672.0, None));
        assert!(WaveLoad::default().admits(&big, 672.0, None));
        // Other paths are not affected.
        let mut internet = Demand::default();
        internet.hours[TransferPath::Internet as usize] = 600.0;
        assert!(load.admits(&internet, 672.0, None));
    }

    #[test]
    fn device_capacity_counts_trips() {
        // 28 days / 10-day turnaround = 2 trips; 3 devices x 2 = 6.
        let text = "[plan]\ntitle = \"T\"\nstart = 2027-02-01\n[network]\nvpn_mbps = 100\ndatabox_devices = 3\n[[workload]]\nid = \"w\"\nname = \"W\"\nowner = \"O\"\ndata_gb = 1\n";
        let mut inputs = crate::inputs::Inputs::default();
        inputs.insert("plan.toml", text.as_bytes().to_vec());
        let plan = crate::load::load(&inputs).expect("valid").0;
        assert_eq!(device_capacity(&plan, window(28)), Some(6));
        // A 7-day wave still gets one trip per device.
        assert_eq!(device_capacity(&plan, window(7)), Some(3));
        assert_eq!(capacity_hours(&plan, window(28)), 672.0);
    }
}
