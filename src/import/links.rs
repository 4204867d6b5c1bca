//! Connections into workload dependencies (direct, or latency-tolerant by port) and external
//! connections.

use super::Server;
use super::dependencies::Connection;
use super::grouping::Grouped;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Ports of directory and infrastructure services (DNS, DHCP, Kerberos, NTP, SNMP, LDAP,
/// syslog, global catalog): a dependency over these alone tolerates latency.
pub const INFRASTRUCTURE_PORTS: &[u16] = &[
    53, 67, 68, 88, 123, 161, 162, 389, 464, 514, 636, 3268, 3269,
];

/// Workload `from` depends on workload `to` (indexes into the grouped workloads).
#[derive(Debug, Clone)]
pub(crate) struct Dependency {
    pub from: usize,
    pub to: usize,
    pub rows: usize,
    pub ports: BTreeSet<u16>,
    /// Every row used an infrastructure port.
    pub latency_tolerant: bool,
    /// Listed in `[import] ignore_dependencies`: never added.
    pub ignored: bool,
}

/// Connections of a workload to one destination outside the inventory.
#[derive(Debug, Clone)]
pub(crate) struct External {
    pub workload: usize,
    pub destination: String,
    pub rows: usize,
    pub ports: BTreeSet<u16>,
    pub services: BTreeSet<String>,
    /// The workload's servers that connect to it.
    pub servers: BTreeSet<String>,
}

/// What the connection rows came to.
#[derive(Debug, Default)]
pub(crate) struct Linked {
    /// Sorted by the ids of `from`, then `to`.
    pub dependencies: Vec<Dependency>,
    /// Per workload: the range of `dependencies` it is `from` in (they are contiguous).
    pub from_range: Vec<std::ops::Range<usize>>,
    /// Sorted by workload id, then destination.
    pub externals: Vec<External>,
    pub rows: usize,
    /// Both ends in one workload.
    pub internal: usize,
    /// From or to a skipped server.
    pub skipped: usize,
    /// From a server outside the inventory (or unnamed).
    pub unknown_source: usize,
    /// Server pairs seen in fewer than `--min-count` rows.
    pub below_min_count: usize,
}

impl Linked {
    /// The dependencies of workload `from` that are added (not ignored).
    pub(crate) fn of(&self, from: usize) -> impl Iterator<Item = &Dependency> {
        let range = self.from_range.get(from).cloned().unwrap_or_default();
        self.dependencies[range].iter().filter(|d| !d.ignored)
    }
}

#[derive(Default)]
struct Tally {
    rows: usize,
    ports: BTreeSet<u16>,
    infrastructure_only: bool,
    services: BTreeSet<String>,
}

impl Tally {
    fn add(&mut self, connection: &Connection) {
        if self.rows == 0 {
            self.infrastructure_only = true;
        }
        self.rows += 1;
        if let Some(port) = connection.port {
            self.ports.insert(port);
        }
        self.infrastructure_only &= connection
            .port
            .is_some_and(|p| INFRASTRUCTURE_PORTS.contains(&p));
        if !connection.service.is_empty() && !self.services.contains(&connection.service) {
            self.services.insert(connection.service.clone());
        }
    }
}

/// `from->to` pairs of `[import] ignore_dependencies`.
pub(crate) fn parse_ignored(entries: &[String]) -> BTreeSet<(String, String)> {
    entries
        .iter()
        .filter_map(|e| e.split_once("->"))
        .map(|(from, to)| (from.trim().to_string(), to.trim().to_string()))
        .collect()
}

pub(super) fn link(
    servers: &[Server],
    grouped: &Grouped,
    connections: &[Connection],
    min_count: u32,
    ignored: &BTreeSet<(String, String)>,
) -> Linked {
    // Imported servers win a name shared with a skipped one.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for imported in [true, false] {
        for (i, server) in servers.iter().enumerate() {
            if server.skip.is_none() == imported {
                index.entry(server.key.as_str()).or_insert(i);
            }
        }
    }
    let mut linked = Linked {
        rows: connections.len(),
        ..Linked::default()
    };
    let mut pairs: HashMap<(usize, usize), Tally> = HashMap::new();
    let mut outside: HashMap<(usize, String), (String, Tally)> = HashMap::new();
    for connection in connections {
        let Some(&source) = index.get(connection.source.as_str()) else {
            linked.unknown_source += 1;
            continue;
        };
        let Some(from) = grouped.of_server[source] else {
            linked.skipped += 1;
            continue;
        };
        match index.get(connection.destination.as_str()) {
            Some(&destination) if !connection.destination.is_empty() => {
                match grouped.of_server[destination] {
                    None => linked.skipped += 1,
                    Some(to) if to == from => linked.internal += 1,
                    Some(_) => pairs
                        .entry((source, destination))
                        .or_default()
                        .add(connection),
                }
            }
            _ if connection.destination_shown.is_empty() => linked.unknown_source += 1,
            _ => {
                let key = (source, connection.destination_shown.to_lowercase());
                outside
                    .entry(key)
                    .or_insert_with(|| (connection.destination_shown.clone(), Tally::default()))
                    .1
                    .add(connection);
            }
        }
    }
    let min = min_count as usize;
    let mut by_workload: BTreeMap<(usize, usize), Tally> = BTreeMap::new();
    for ((source, destination), seen) in pairs {
        if seen.rows < min {
            linked.below_min_count += seen.rows;
            continue;
        }
        let key = (
            grouped.of_server[source].unwrap_or_default(),
            grouped.of_server[destination].unwrap_or_default(),
        );
        merge_seen(by_workload.entry(key).or_default(), seen);
    }
    let id = |w: usize| grouped.workloads[w].id.as_str();
    linked.dependencies = by_workload
        .into_iter()
        .map(|((from, to), seen)| Dependency {
            from,
            to,
            rows: seen.rows,
            ports: seen.ports,
            latency_tolerant: seen.infrastructure_only,
            ignored: ignored.contains(&(id(from).to_string(), id(to).to_string())),
        })
        .collect();
    linked
        .dependencies
        .sort_by(|a, b| (id(a.from), id(a.to)).cmp(&(id(b.from), id(b.to))));
    linked.from_range = vec![0..0; grouped.workloads.len()];
    let mut start = 0;
    for (i, d) in linked.dependencies.iter().enumerate() {
        if linked
            .dependencies
            .get(i + 1)
            .is_none_or(|next| next.from != d.from)
        {
            linked.from_range[d.from] = start..i + 1;
            start = i + 1;
        }
    }

    let mut externals: BTreeMap<(usize, String), External> = BTreeMap::new();
    for ((source, key), (shown, seen)) in outside {
        if seen.rows < min {
            linked.below_min_count += seen.rows;
            continue;
        }
        let workload = grouped.of_server[source].unwrap_or_default();
        let external = externals
            .entry((workload, key))
            .or_insert_with(|| External {
                workload,
                destination: shown.clone(),
                rows: 0,
                ports: BTreeSet::new(),
                services: BTreeSet::new(),
                servers: BTreeSet::new(),
            });
        // Pairs come in hash order: the spelling shown must not depend on it.
        if shown < external.destination {
            external.destination = shown;
        }
        external.rows += seen.rows;
        external.ports.extend(seen.ports);
        external.services.extend(seen.services);
        external.servers.insert(servers[source].name.clone());
    }
    linked.externals = externals.into_values().collect();
    linked.externals.sort_by(|a, b| {
        (id(a.workload), a.destination.to_lowercase())
            .cmp(&(id(b.workload), b.destination.to_lowercase()))
    });
    linked
}

fn merge_seen(into: &mut Tally, seen: Tally) {
    into.infrastructure_only = if into.rows == 0 {
        seen.infrastructure_only
    } else {
        into.infrastructure_only && seen.infrastructure_only
    };
    into.rows += seen.rows;
    into.ports.extend(seen.ports);
}
