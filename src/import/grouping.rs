//! Servers into workloads: grouping, names, ids, environments, owners and sizes.

use super::environments::environment;
use super::ids::Ids;
use super::sizes::round_tenth;
use super::{Server, Wanted};
use crate::model::{Criticality, Sensitivity, Workload};
use crate::schema::PLACEHOLDER;
use std::collections::{BTreeSet, HashMap};

/// A workload as the sources describe it.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub id: String,
    pub name: String,
    /// The most common owner of its servers, or the placeholder.
    pub owner: String,
    pub business_unit: Option<String>,
    /// The highest of its servers' (from `--servers`).
    pub criticality: Option<Criticality>,
    pub sensitivity: Option<Sensitivity>,
    /// Sorted, without duplicates.
    pub environments: Vec<String>,
    /// Production servers' in-use GB, rounded to 0.1.
    pub data_gb: f64,
    /// The other servers', when there are any.
    pub nonprod_data_gb: Option<f64>,
    /// Indexes into the inventory, in row order.
    pub servers: Vec<usize>,
}

pub(crate) struct Grouped {
    pub workloads: Vec<Draft>,
    /// Per server of the inventory: its workload, `None` when skipped.
    pub of_server: Vec<Option<usize>>,
    /// Per server: its environment.
    pub environment: Vec<String>,
}

/// Groups the imported servers in the order their groups first appear.
pub(super) fn group(servers: &[Server], wanted: &Wanted) -> Grouped {
    let mut workloads: Vec<Draft> = Vec::new();
    let mut of_server = vec![None; servers.len()];
    let environment: Vec<String> = servers.iter().map(|s| environment(s, wanted)).collect();
    let mut by_value: HashMap<&str, usize> = HashMap::new();
    let mut ids = Ids::default();
    for (i, server) in servers.iter().enumerate() {
        if server.skip.is_some() {
            continue;
        }
        let value = match &wanted.group_by {
            Some(column) => server.attrs.get(column),
            None => server.workload.as_ref(),
        }
        .map(|v| v.trim())
        .filter(|v| !v.is_empty());
        let existing = value.and_then(|v| by_value.get(v).copied());
        let index = existing.unwrap_or_else(|| {
            let name = value.unwrap_or(server.name.as_str());
            workloads.push(Draft {
                id: ids.assign(value.unwrap_or_default(), &server.name),
                name: name.to_string(),
                owner: String::new(),
                business_unit: None,
                criticality: None,
                sensitivity: None,
                environments: Vec::new(),
                data_gb: 0.0,
                nonprod_data_gb: None,
                servers: Vec::new(),
            });
            if let Some(v) = value {
                by_value.insert(v, workloads.len() - 1);
            }
            workloads.len() - 1
        });
        workloads[index].servers.push(i);
        of_server[i] = Some(index);
    }
    for draft in &mut workloads {
        describe(draft, servers, &environment, wanted);
    }
    Grouped {
        workloads,
        of_server,
        environment,
    }
}

/// Fills in what the servers of a workload say about it.
fn describe(draft: &mut Draft, servers: &[Server], environment: &[String], wanted: &Wanted) {
    let members = || draft.servers.iter().map(|&i| &servers[i]);
    draft.owner = most_common(members().filter_map(|s| s.attrs.get(&wanted.owner)))
        .unwrap_or_else(|| PLACEHOLDER.to_string());
    draft.business_unit = most_common(members().filter_map(|s| s.business_unit.as_ref()));
    draft.criticality = members().filter_map(|s| s.criticality).max();
    draft.sensitivity = members().filter_map(|s| s.sensitivity).max();
    let mut environments = BTreeSet::new();
    let (mut prod, mut nonprod, mut has_nonprod) = (0.0, 0.0, false);
    for &i in &draft.servers {
        let env = &environment[i];
        environments.insert(env.clone());
        if Workload::is_production_env(env) {
            prod += servers[i].in_use_gb;
        } else {
            nonprod += servers[i].in_use_gb;
            has_nonprod = true;
        }
    }
    draft.environments = environments.into_iter().collect();
    draft.data_gb = round_tenth(prod);
    draft.nonprod_data_gb = has_nonprod.then(|| round_tenth(nonprod));
}

/// The most common value; ties go to the first in row order.
fn most_common<'a>(values: impl Iterator<Item = &'a String>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for value in values {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (value, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((value, n));
        }
    }
    best.map(|(v, _)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(name: &str, group: &str, owner: &str, gb: f64) -> Server {
        let mut attrs = std::collections::BTreeMap::new();
        if !group.is_empty() {
            attrs.insert("application".to_string(), group.to_string());
        }
        if !owner.is_empty() {
            attrs.insert("owner".to_string(), owner.to_string());
        }
        Server {
            name: name.into(),
            key: super::super::server_key(name),
            attrs,
            in_use_gb: gb,
            ..Server::default()
        }
    }

    fn wanted() -> Wanted {
        Wanted {
            group_by: Some("application".into()),
            env_by: None,
            owner: "owner".into(),
        }
    }

    #[test]
    fn groups_owners_sizes_and_environments() {
        let servers = vec![
            server("shop-web-01", "Web Shop", "Ann", 10.04),
            server("shop-dev-01", "Web Shop", "Bob", 2.0),
            server("lonely", "", "", 1.0),
            server("shop-db-01", "Web Shop", "Bob", 20.0),
            server("shop-tst-01", "Web Shop", "Ann", 3.0),
        ];
        let grouped = group(&servers, &wanted());
        let shop = &grouped.workloads[0];
        assert_eq!(
            (shop.id.as_str(), shop.name.as_str()),
            ("web-shop", "Web Shop")
        );
        assert_eq!(shop.owner, "Ann", "a tie goes to the first in row order");
        assert_eq!(shop.environments, ["dev", "prod", "test"]);
        assert_eq!(shop.data_gb, 30.0);
        assert_eq!(shop.nonprod_data_gb, Some(5.0));
        let lonely = &grouped.workloads[1];
        assert_eq!(
            (lonely.id.as_str(), lonely.name.as_str()),
            ("lonely", "lonely")
        );
        assert_eq!(lonely.owner, PLACEHOLDER);
        assert_eq!(lonely.nonprod_data_gb, None);
    }

    #[test]
    fn skipped_servers_belong_to_no_workload() {
        let mut servers = vec![server("a", "A", "", 1.0), server("b", "A", "", 1.0)];
        servers[0].skip = Some(super::super::Skip::Template);
        let grouped = group(&servers, &wanted());
        assert_eq!(grouped.of_server, [None, Some(0)]);
        assert_eq!(grouped.workloads[0].servers, [1]);
    }
}
