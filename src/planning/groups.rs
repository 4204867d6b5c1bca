//! Dependency groups (spec section 3, "Waves"): units of one tier tied by direct
//! dependencies, in placement priority order, and the dependency order inside a group.

use super::{Tier, Unit};
use crate::model::{Criticality, Plan};
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
