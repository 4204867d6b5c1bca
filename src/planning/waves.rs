//! Wave placement and cutover dates (spec section 3, "Waves", "Calendar" and "Shared links").
//!
//! Groups are placed one by one in priority order, each into the earliest wave that takes it
//! (first fit): capacity, pilot limits, a cutover day for every unit, non-production before
//! production. See `docs/planning.md` for the choices the spec leaves open.

use super::calendar::{Calendar, Window};
use super::shared_links::{self, DayLoads, DayShare, Demand, Finding, WaveCapacity, WaveLoad};
use super::{Tier, Unit};
use crate::model::{Criticality, Plan, TransferPath};
use jiff::civil::Date;
use std::collections::HashMap;

pub use super::groups::{Group, dependency_order, groups};

/// Why placement stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum PlacementError {
    /// No wave within the horizon can take this unit. `full`: every wave it could go to was
    /// full, by this capacity (the most frequent); `None` when some had room but no cutover day.
    Unschedulable { unit: usize, full: Option<Refusal> },
}

/// Why a wave does not take a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The pilot's limits (wave 1).
    Pilot,
    /// `max_units_per_wave`.
    Units,
    /// `max_data_tb_per_wave`.
    Data,
    /// A network path at capacity, or the Data Box devices.
    Links,
    /// No allowed cutover day fits (calendar, order, shared days).
    Days,
}

impl Refusal {
    const ALL: [Refusal; 5] = [
        Refusal::Pilot,
        Refusal::Units,
        Refusal::Data,
        Refusal::Links,
        Refusal::Days,
    ];
}

/// What placement decided, beyond the units' own `wave` and `cutover`.
#[derive(Debug, Default)]
pub struct Placement {
    pub windows: Vec<Window>,
    /// Groups split because no wave could hold them whole (first unit of each).
    pub split_groups: Vec<Vec<usize>>,
    /// Units placed alone in a wave although they exceed its capacity.
    pub oversized_units: Vec<usize>,
    /// Whether critical production units were allowed into the pilot (nothing else to place).
    pub pilot_exception: bool,
    /// Groups placed alone because they need more link hours or Data Box devices than a
    /// wave has (`W-link-wave`, `W-databox-wave`), with their wave.
    pub link_findings: Vec<(u32, Finding)>,
}

/// Running totals of one wave.
#[derive(Debug, Default, Clone)]
struct Load {
    units: usize,
    /// Groups placed so far, per tier (non-production, production): the next one takes the
    /// next cutover day.
    groups: [usize; 2],
    data_tb: f64,
    /// Latest non-production and earliest production cutover in the wave.
    last_nonprod: Option<Date>,
    first_prod: Option<Date>,
    /// Transfer hours per path and Data Box devices.
    links: WaveLoad,
}

pub struct Placer<'p, 'u> {
    plan: &'p Plan,
    units: &'u mut [Unit],
    calendar: Calendar<'p>,
    loads: Vec<Load>,
    /// Applicable-peak signature of each workload, to share cutover-day searches.
    peak_signature: Vec<usize>,
    /// Allowed cutover days per wave (`[n - 1]`) and applicable-peak signature, ascending;
    /// computed when a wave is first asked for them (an index, not a hash map: placement
    /// asks for every member of every group in every wave it tries).
    allowed_days: Vec<Vec<Option<Vec<Date>>>>,
    pilot_open_to_critical: bool,
    /// Lowest wave that is not full by unit count.
    first_open: usize,
    /// The non-production unit of each workload.
    nonprod_unit: Vec<Option<usize>>,
    /// Each unit's [`shared_links::day_limit`].
    day_limit: Vec<f64>,
    /// Offline transfers per cutover day and path.
    days: DayLoads,
    /// No open unit cuts over on or before this day (spec section 9).
    as_of: Option<Date>,
    result: Placement,
}

impl<'p, 'u> Placer<'p, 'u> {
    pub fn new(plan: &'p Plan, units: &'u mut [Unit], groups: &[Group]) -> Self {
        let mut signatures: HashMap<Vec<usize>, usize> = HashMap::new();
        let peak_signature = plan
            .workloads
            .iter()
            .map(|w| {
                let applicable: Vec<usize> = plan
                    .peaks
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.applies_to(w))
                    .map(|(i, _)| i)
                    .collect();
                let next = signatures.len();
                *signatures.entry(applicable).or_insert(next)
            })
            .collect();
        let pilot_open_to_critical = groups.iter().all(is_critical_prod);
        let mut nonprod_unit = vec![None; plan.workloads.len()];
        for (i, unit) in units.iter().enumerate() {
            if unit.tier == Tier::Nonprod {
                nonprod_unit[unit.workload] = Some(i);
            }
        }
        let day_limit = units
            .iter()
            .map(|u| shared_links::day_limit(plan, u))
            .collect();
        Placer {
            plan,
            day_limit,
            days: DayLoads::default(),
            units,
            calendar: Calendar::new(plan),
            loads: Vec::new(),
            peak_signature,
            allowed_days: Vec::new(),
            pilot_open_to_critical,
            first_open: 1,
            nonprod_unit,
            as_of: plan.as_of(),
            result: Placement {
                pilot_exception: pilot_open_to_critical,
                ..Placement::default()
            },
        }
    }

    /// Pins a unit where it happened (spec section 9): its cutover is `date`, its wave the one
    /// whose window holds the date (a date between two windows belongs to the earlier, a date
    /// before wave 1 to wave 1). It counts toward that wave's load; no rule can move it.
    pub fn pin(&mut self, unit: usize, date: Date) -> usize {
        let mut n = 1;
        while self
            .calendar
            .window(n + 1)
            .is_some_and(|next| next.start <= date)
        {
            n += 1;
        }
        // The loop has computed window n (a one-day window only past the horizon).
        let window = self.calendar.window(n).unwrap_or(Window {
            start: date,
            end: date,
        });
        self.commit(&[unit], n, window, &[date], true);
        n
    }

    /// Places every group (after [`Self::pin`] has placed the pinned units); units get their
    /// wave and cutover.
    pub fn place_all(
        mut self,
        plan_groups: &[Group],
        deps: &[Vec<usize>],
    ) -> Result<Placement, PlacementError> {
        for group in plan_groups {
            if self.fits_some_wave(group) {
                let min_wave = self.min_wave(&group.units).max(group.floor_wave);
                self.place(&group.units, min_wave)?;
            } else {
                self.result.split_groups.push(group.units.clone());
                for unit in dependency_order(&group.units, deps) {
                    let mut min_wave = self.min_wave(&[unit]).max(group.floor_wave);
                    for &d in &deps[unit] {
                        if group.units.binary_search(&d).is_ok() && self.units[d].wave > 0 {
                            min_wave = min_wave.max(self.units[d].wave as usize);
                        }
                    }
                    self.place(&[unit], min_wave)?;
                }
            }
        }
        let last = self
            .units
            .iter()
            .map(|u| u.wave as usize)
            .max()
            .unwrap_or(0);
        for n in 1..=last {
            if let Some(w) = self.calendar.window(n) {
                self.result.windows.push(w);
            }
        }
        Ok(self.result)
    }

    /// Whether the group fits an empty regular wave (otherwise it is split).
    fn fits_some_wave(&self, group: &Group) -> bool {
        let meta = &self.plan.meta;
        let units_ok = meta
            .max_units_per_wave
            .is_none_or(|cap| group.units.len() <= cap as usize);
        let data_ok = meta
            .max_data_tb_per_wave
            .is_none_or(|cap| group.data_gb / 1000.0 <= cap);
        units_ok && data_ok || group.units.len() == 1
    }

    /// Non-production before production: a production unit goes after its workload's
    /// non-production unit.
    fn min_wave(&self, members: &[usize]) -> usize {
        let mut min = 1;
        for &u in members {
            if self.units[u].tier == Tier::Prod
                && let Some(np) = self.nonprod_unit[self.units[u].workload]
            {
                min = min.max(self.units[np].wave as usize + 1);
            }
        }
        min
    }

    fn place(&mut self, members: &[usize], min_wave: usize) -> Result<(), PlacementError> {
        let mut n = min_wave.max(1);
        if n == 1 && !self.pilot_accepts(members) {
            n = 2;
        }
        // Waves before `first_open` are full by unit count: nothing fits there.
        let mut refused = [0usize; Refusal::ALL.len()];
        refused[Refusal::Units as usize] += self.first_open.saturating_sub(n);
        n = n.max(self.first_open);
        loop {
            let Some(window) = self.calendar.window(n) else {
                let full = (refused[Refusal::Days as usize] == 0)
                    .then(|| {
                        Refusal::ALL
                            .into_iter()
                            .max_by_key(|r| refused[*r as usize])
                    })
                    .flatten()
                    .filter(|r| refused[*r as usize] > 0);
                return Err(PlacementError::Unschedulable {
                    unit: members[0],
                    full,
                });
            };
            match self.try_wave(members, n, window) {
                Ok(cutovers) => {
                    self.commit(members, n, window, &cutovers, false);
                    return Ok(());
                }
                Err(why) => refused[why as usize] += 1,
            }
            n += 1;
        }
    }

    fn pilot_accepts(&self, members: &[usize]) -> bool {
        self.pilot_open_to_critical
            || !members.iter().any(|&u| {
                self.units[u].tier == Tier::Prod
                    && self.plan.workloads[self.units[u].workload].criticality >= Criticality::High
            })
    }

    /// The cutover dates if wave `n` can take the members, else why not.
    fn try_wave(
        &mut self,
        members: &[usize],
        n: usize,
        window: Window,
    ) -> Result<Vec<Date>, Refusal> {
        self.has_room(members, n, window)?;
        self.fill_allowed_days(members, n, window);
        self.cutover_dates(members, n).ok_or(Refusal::Days)
    }

    /// Computes (once per wave and peak signature) the allowed days of the members' workloads.
    fn fill_allowed_days(&mut self, members: &[usize], n: usize, window: Window) {
        if self.allowed_days.len() < n {
            self.allowed_days.resize_with(n, Vec::new);
        }
        for &u in members {
            let workload = self.units[u].workload;
            let signature = self.peak_signature[workload];
            if self.allowed_days[n - 1].len() <= signature {
                self.allowed_days[n - 1].resize(signature + 1, None);
            }
            if self.allowed_days[n - 1][signature].is_none() {
                let days = self.cutover_days(workload, window);
                self.allowed_days[n - 1][signature] = Some(days);
            }
        }
    }

    /// The allowed days of a unit's workload in wave `n` (after [`Self::fill_allowed_days`]).
    fn allowed(&self, n: usize, unit: &Unit) -> &[Date] {
        self.allowed_days[n - 1][self.peak_signature[unit.workload]]
            .as_deref()
            .unwrap_or_default()
    }

    /// Whether wave `n` has room for the members: pilot limits, unit and data capacity, and
    /// link capacity (the checks that need no cutover day).
    fn has_room(&self, members: &[usize], n: usize, window: Window) -> Result<(), Refusal> {
        let meta = &self.plan.meta;
        let empty = Load::default();
        let load = self.loads.get(n - 1).unwrap_or(&empty);
        let data_tb: f64 = members
            .iter()
            .map(|&u| self.units[u].data_gb / 1000.0)
            .sum();
        let alone = load.units == 0 && members.len() == 1;
        if n == 1
            && (load.units + members.len() > meta.pilot_max_units as usize
                || !self.pilot_accepts(members))
        {
            return Err(Refusal::Pilot);
        }
        if let Some(cap) = meta.max_units_per_wave
            && load.units + members.len() > cap as usize
            && !alone
        {
            return Err(Refusal::Units);
        }
        if let Some(cap) = meta.max_data_tb_per_wave
            && load.data_tb + data_tb > cap + 1e-9
            && !alone
        {
            return Err(Refusal::Data);
        }
        // Shared links, rule 1: a path at capacity is like a full wave (for open units, the
        // days after `as_of` only).
        let demand = Demand::of(self.units, members);
        let admitted = load
            .links
            .admits(&demand, WaveCapacity::of(self.plan, window, self.as_of));
        if admitted {
            Ok(())
        } else {
            Err(Refusal::Links)
        }
    }

    /// A cutover day for each member in wave `n` (which has room for them), or `None`.
    fn cutover_dates(&self, members: &[usize], n: usize) -> Option<Vec<Date>> {
        let meta = &self.plan.meta;
        let empty = Load::default();
        let load = self.loads.get(n - 1).unwrap_or(&empty);
        let mut cutovers = Vec::with_capacity(members.len());
        let mut pending: Vec<DayShare> = Vec::new();
        for &u in members {
            let unit = &self.units[u];
            let days = self.allowed(n, unit);
            let tier = unit.tier;
            let slot = load.groups[tier as usize];
            // Non-production cutovers of a wave come before its production cutovers.
            let in_order = |day: Date| match tier {
                Tier::Nonprod => load.first_prod.is_none_or(|p| day < p),
                Tier::Prod => load.last_nonprod.is_none_or(|p| day > p),
            };
            let day = if shared_links::shares_day(unit) {
                // Shared links, rule 2: the first day, from the spread one on, whose shared
                // downtime stays within every tolerance of the day; else the least loaded.
                let mut share = DayShare {
                    day: spread_day(days, tier, slot)?,
                    path: unit.path,
                    hours: unit.transfer_hours,
                    limit: self.day_limit[u],
                };
                let mut least: Option<(f64, Date)> = None;
                let mut chosen = None;
                for day in candidate_days(days, tier, slot).filter(|d| in_order(*d)) {
                    share.day = day;
                    let (hours, fits) =
                        self.days
                            .day_fit(&share, &pending, meta.cutover_overhead_hours);
                    if fits {
                        chosen = Some(day);
                        break;
                    }
                    if least.is_none_or(|(h, _)| hours < h - 1e-9) {
                        least = Some((hours, day));
                    }
                }
                share.day = chosen.or(least.map(|(_, d)| d))?;
                pending.push(share);
                share.day
            } else {
                let day = spread_day(days, tier, slot)?;
                if !in_order(day) {
                    return None;
                }
                day
            };
            cutovers.push(day);
        }
        let (np, pr): (Vec<_>, Vec<_>) = members
            .iter()
            .zip(&cutovers)
            .partition(|(u, _)| self.units[**u].tier == Tier::Nonprod);
        if let (Some(a), Some(b)) = (np.iter().map(|x| x.1).max(), pr.iter().map(|x| x.1).min())
            && a >= b
        {
            return None;
        }
        Some(cutovers)
    }

    /// The days of the window on which `workload` may cut over: allowed by the calendar, and
    /// after `as_of`.
    fn cutover_days(&self, workload: usize, window: Window) -> Vec<Date> {
        let w = &self.plan.workloads[workload];
        window
            .days()
            .filter(|d| self.as_of.is_none_or(|as_of| *d > as_of))
            .filter(|d| self.calendar.allows_cutover(*d, w))
            .collect()
    }

    /// Places `members` (`pinned`: where they happened) in wave `n` on `cutovers`.
    fn commit(
        &mut self,
        members: &[usize],
        n: usize,
        window: Window,
        cutovers: &[Date],
        pinned: bool,
    ) {
        if self.loads.len() < n {
            self.loads.resize(n, Load::default());
        }
        let load = &mut self.loads[n - 1];
        // A wave whose window ends on or before `as_of` is history: no capacity warning for it.
        let history = self.as_of.is_some_and(|a| window.end <= a);
        // Only a lone unit can exceed a wave's data capacity (see `try_wave`).
        let oversized = self.plan.meta.max_data_tb_per_wave.is_some_and(|cap| {
            !history && members.len() == 1 && self.units[members[0]].data_gb / 1000.0 > cap + 1e-9
        });
        if oversized {
            self.result.oversized_units.push(members[0]);
        }
        if let Some(&first) = members.first() {
            load.groups[self.units[first].tier as usize] += 1;
        }
        let demand = Demand::of(self.units, members);
        load.links.add(&demand, pinned);
        let cap = WaveCapacity::of(self.plan, window, self.as_of);
        let capacity_hours = if pinned {
            cap.hours
        } else {
            cap.open_hours.min(cap.hours)
        };
        for &path in TransferPath::ALL.iter().filter(|p| p.is_network()) {
            let hours = demand.hours[path as usize];
            if !history && hours > capacity_hours + 1e-9 {
                let units = members
                    .iter()
                    .copied()
                    .filter(|&u| self.units[u].path == path)
                    .collect();
                let finding = Finding::LinkWave {
                    path,
                    units,
                    hours,
                    capacity_hours,
                };
                self.result.link_findings.push((n as u32, finding));
            }
        }
        if let Some(capacity) = shared_links::device_capacity(self.plan, window)
            && demand.devices > capacity
            && !history
        {
            let units = members
                .iter()
                .copied()
                .filter(|&u| !self.units[u].path.is_network())
                .collect();
            let finding = Finding::DataboxWave {
                units,
                devices: demand.devices,
                capacity,
            };
            self.result.link_findings.push((n as u32, finding));
        }
        for (&u, &day) in members.iter().zip(cutovers) {
            if shared_links::shares_day(&self.units[u]) {
                self.days.add_to_day(&DayShare {
                    day,
                    path: self.units[u].path,
                    hours: self.units[u].transfer_hours,
                    limit: self.day_limit[u],
                });
            }
            let unit = &mut self.units[u];
            unit.wave = n as u32;
            unit.cutover = Some(day);
            load.units += 1;
            load.data_tb += unit.data_gb / 1000.0;
            match unit.tier {
                Tier::Nonprod => load.last_nonprod = load.last_nonprod.max(Some(day)),
                Tier::Prod => load.first_prod = Some(load.first_prod.map_or(day, |p| p.min(day))),
            }
        }
        if let Some(cap) = self.plan.meta.max_units_per_wave {
            while self
                .loads
                .get(self.first_open - 1)
                .is_some_and(|l| l.units >= cap as usize)
            {
                self.first_open += 1;
            }
        }
    }
}

/// The cutover day of the `slot`-th group of a tier in a wave, from the unit's allowed days
/// (ascending). Non-production groups take the earlier half of the days, from the first on;
/// production groups the later half, from the last back: production moves at the end of the
/// wave, after testing on the migrated non-production environments, and the groups' cutovers
/// spread over the days instead of piling onto one.
fn spread_day(days: &[Date], tier: Tier, slot: usize) -> Option<Date> {
    let half = (days.len() / 2).max(1);
    match tier {
        Tier::Nonprod => days.get(slot % half).copied(),
        Tier::Prod => days.len().checked_sub(1 + slot % half).map(|i| days[i]),
    }
}

/// Every allowed day in the order a unit of `tier` tries them: from its [`spread_day`] on,
/// forward through the days for non-production (wrapping to the first), backward for
/// production (wrapping to the last).
fn candidate_days(days: &[Date], tier: Tier, slot: usize) -> impl Iterator<Item = Date> + '_ {
    let len = days.len();
    let half = (len / 2).max(1);
    let start = match tier {
        Tier::Nonprod => slot % half,
        Tier::Prod => len.saturating_sub(1 + slot % half),
    };
    (0..len).map(move |k| match tier {
        Tier::Nonprod => days[(start + k) % len],
        Tier::Prod => days[(start + len - k) % len],
    })
}

fn is_critical_prod(group: &Group) -> bool {
    group.tier == Tier::Prod && group.criticality >= Criticality::High
}
