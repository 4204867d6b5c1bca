//! Dependency groups, wave placement and cutover dates (spec section 3, "Waves" and "Calendar").
//!
//! Groups are placed one by one in priority order, each into the earliest wave that takes it
//! (first fit): capacity, pilot limits, a cutover day for every unit, non-production before
//! production. See `docs/planning.md` for the choices the spec leaves open.

use super::calendar::{Calendar, Window};
use super::{Tier, Unit};
use crate::model::{Criticality, Plan};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};

/// A set of units of one tier tied together by direct dependencies.
#[derive(Debug, Clone)]
pub struct Group {
    /// Unit indices, sorted by workload order.
    pub units: Vec<usize>,
    pub tier: Tier,
    pub criticality: Criticality,
    pub data_gb: f64,
    /// Another workload depends on one of the group's, tolerating latency: the spec prefers
    /// such a dependency placed first, so it goes before its peers of equal criticality.
    pub needed_across_waves: bool,
    /// Smallest workload id, the last tie-breaker.
    pub first_id: String,
    /// The earliest wave the group may go to: 1, or for the open members of a group with a
    /// pinned unit the earliest pinned unit's wave (spec section 9).
    pub floor_wave: usize,
}

/// Why placement stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum PlacementError {
    /// No wave within the horizon can take this unit.
    Unschedulable { unit: usize },
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
}

/// Union-find over workload indices.
struct Components {
    parent: Vec<usize>,
}

impl Components {
    fn new(n: usize) -> Self {
        Components {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

/// Groups of units: workloads joined by direct dependencies (either direction, transitively),
/// one group per component and tier, sorted in placement priority order.
pub fn groups(plan: &Plan, units: &[Unit], index_of: &HashMap<&str, usize>) -> Vec<Group> {
    let mut components = Components::new(plan.workloads.len());
    for (i, w) in plan.workloads.iter().enumerate() {
        for dep in w.direct_dependencies() {
            if let Some(&j) = index_of.get(dep) {
                components.union(i, j);
            }
        }
    }
    // A group's criticality is that of its component's most critical workload, so the
    // non-production and production groups of one component sort together, nonprod first.
    let mut component_criticality: HashMap<usize, Criticality> = HashMap::new();
    for (i, w) in plan.workloads.iter().enumerate() {
        let c = component_criticality
            .entry(components.find(i))
            .or_insert(w.criticality);
        *c = (*c).max(w.criticality);
    }
    let mut tolerated = vec![false; plan.workloads.len()];
    for w in &plan.workloads {
        for dep in &w.latency_tolerant {
            if let Some(&j) = index_of.get(dep.as_str()) {
                tolerated[j] = true;
            }
        }
    }
    let mut by_key: BTreeMap<(usize, Tier), Vec<usize>> = BTreeMap::new();
    for (u, unit) in units.iter().enumerate() {
        by_key
            .entry((components.find(unit.workload), unit.tier))
            .or_default()
            .push(u);
    }
    let mut groups: Vec<Group> = by_key
        .into_iter()
        .map(|((root, tier), members)| {
            let criticality = component_criticality
                .get(&root)
                .copied()
                .unwrap_or(Criticality::Low);
            let data_gb = members.iter().map(|&u| units[u].data_gb).sum();
            let first_id = members
                .iter()
                .map(|&u| plan.workloads[units[u].workload].id.as_str())
                .min()
                .unwrap_or("")
                .to_string();
            let needed_across_waves = members.iter().any(|&u| tolerated[units[u].workload]);
            Group {
                units: members,
                tier,
                criticality,
                data_gb,
                needed_across_waves,
                first_id,
                floor_wave: 1,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        (a.criticality, a.tier, !a.needed_across_waves)
            .cmp(&(b.criticality, b.tier, !b.needed_across_waves))
            .then(a.data_gb.total_cmp(&b.data_gb))
            .then_with(|| a.first_id.cmp(&b.first_id))
    });
    groups
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
}

pub struct Placer<'p, 'u> {
    plan: &'p Plan,
    units: &'u mut [Unit],
    calendar: Calendar<'p>,
    loads: Vec<Load>,
    /// Applicable-peak signature of each workload, to share cutover-day searches.
    peak_signature: Vec<usize>,
    /// Allowed cutover days per wave and applicable-peak signature, ascending.
    allowed_days: HashMap<(usize, usize), Vec<Date>>,
    pilot_open_to_critical: bool,
    /// Lowest wave that is not full by unit count.
    first_open: usize,
    /// The non-production unit of each workload.
    nonprod_unit: Vec<Option<usize>>,
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
        Placer {
            plan,
            units,
            calendar: Calendar::new(plan),
            loads: Vec::new(),
            peak_signature,
            allowed_days: HashMap::new(),
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
        self.commit(&[unit], n, &[date]);
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
        n = n.max(self.first_open);
        loop {
            let Some(window) = self.calendar.window(n) else {
                return Err(PlacementError::Unschedulable { unit: members[0] });
            };
            if let Some(cutovers) = self.try_wave(members, n, window) {
                self.commit(members, n, &cutovers);
                return Ok(());
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

    /// The cutover dates if wave `n` can take the members, else `None`.
    fn try_wave(&mut self, members: &[usize], n: usize, window: Window) -> Option<Vec<Date>> {
        let meta = &self.plan.meta;
        let load = self.loads.get(n - 1).cloned().unwrap_or_default();
        let data_tb: f64 = members
            .iter()
            .map(|&u| self.units[u].data_gb / 1000.0)
            .sum();
        let alone = load.units == 0 && members.len() == 1;
        if n == 1
            && (load.units + members.len() > meta.pilot_max_units as usize
                || !self.pilot_accepts(members))
        {
            return None;
        }
        if let Some(cap) = meta.max_units_per_wave
            && load.units + members.len() > cap as usize
            && !alone
        {
            return None;
        }
        if let Some(cap) = meta.max_data_tb_per_wave
            && load.data_tb + data_tb > cap + 1e-9
            && !alone
        {
            return None;
        }
        let mut cutovers = Vec::with_capacity(members.len());
        for &u in members {
            let (workload, tier) = (self.units[u].workload, self.units[u].tier);
            let key = (n, self.peak_signature[workload]);
            if !self.allowed_days.contains_key(&key) {
                let days = self.cutover_days(workload, window);
                self.allowed_days.insert(key, days);
            }
            let slot = load.groups[tier as usize];
            let day = spread_day(&self.allowed_days[&key], tier, slot)?;
            // Non-production cutovers of a wave come before its production cutovers.
            match tier {
                Tier::Nonprod if load.first_prod.is_some_and(|p| day >= p) => return None,
                Tier::Prod if load.last_nonprod.is_some_and(|p| day <= p) => return None,
                _ => {}
            }
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

    fn commit(&mut self, members: &[usize], n: usize, cutovers: &[Date]) {
        if self.loads.len() < n {
            self.loads.resize(n, Load::default());
        }
        let load = &mut self.loads[n - 1];
        // Only a lone unit can exceed a wave's data capacity (see `try_wave`).
        let oversized = self.plan.meta.max_data_tb_per_wave.is_some_and(|cap| {
            members.len() == 1 && self.units[members[0]].data_gb / 1000.0 > cap + 1e-9
        });
        if oversized {
            self.result.oversized_units.push(members[0]);
        }
        if let Some(&first) = members.first() {
            load.groups[self.units[first].tier as usize] += 1;
        }
        for (&u, &day) in members.iter().zip(cutovers) {
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

fn is_critical_prod(group: &Group) -> bool {
    group.tier == Tier::Prod && group.criticality >= Criticality::High
}

/// The members of a group with every dependency before its dependents. Units in a dependency
/// cycle cannot be ordered: a cycle is kept together, its units in plan order.
/// `members` must be sorted.
pub fn dependency_order(members: &[usize], deps: &[Vec<usize>]) -> Vec<usize> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(members.len(), members.len());
    let nodes: Vec<NodeIndex> = members.iter().map(|&u| graph.add_node(u)).collect();
    for (i, &u) in members.iter().enumerate() {
        for &d in &deps[u] {
            if let Ok(j) = members.binary_search(&d) {
                // An edge from dependent to dependency: Tarjan's algorithm lists strongly
                // connected components in reverse topological order, dependencies first.
                graph.add_edge(nodes[i], nodes[j], ());
            }
        }
    }
    let mut order = Vec::with_capacity(members.len());
    for mut component in petgraph::algo::tarjan_scc(&graph) {
        component.sort_unstable_by_key(|n| graph[*n]);
        order.extend(component.into_iter().map(|n| graph[n]));
    }
    order
}
