//! What an import read, skipped, created, changed and found: as text for a person, or JSON.

use super::grouping::Grouped;
use super::links::Linked;
use super::merge::{Change, Merged};
use super::servers::Inventory;
use super::{ImportOptions, ImportTarget, Skip};
use crate::diagnostics::plural;
use crate::schema::PLACEHOLDER;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Serialize)]
pub struct Report {
    /// The plan folder written to.
    pub plan: String,
    /// `new` (`-o`) or `into` (`--into`).
    pub mode: &'static str,
    pub servers: Servers,
    pub workloads: Workloads,
    pub dependencies: Vec<DependencyLine>,
    pub external: Vec<ExternalLine>,
    pub connections: Connections,
    /// `"TBD"` values written for a person to replace.
    pub placeholders: usize,
    /// Files written, relative to the plan folder.
    pub written: Vec<String>,
    /// Notes of new workloads that already existed and were left alone.
    pub notes_kept: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Servers {
    pub read: usize,
    pub rvtools_vms: usize,
    pub server_rows: usize,
    /// `--servers` rows that joined an RVTools VM.
    pub joined: usize,
    pub imported: usize,
    pub skipped: BTreeMap<Skip, usize>,
}

#[derive(Debug, Default, Serialize)]
pub struct Workloads {
    pub created: Vec<WorkloadLine>,
    pub updated: Vec<UpdateLine>,
    /// Workloads of the plan that no source mentions: kept, never deleted.
    pub not_in_sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct WorkloadLine {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub servers: usize,
    pub environments: Vec<String>,
    pub data_gb: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonprod_data_gb: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct UpdateLine {
    pub id: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Serialize)]
pub struct DependencyLine {
    pub from: String,
    pub to: String,
    /// `direct` or `latency-tolerant`.
    pub kind: &'static str,
    pub rows: usize,
    pub ports: Vec<u16>,
    /// In `[import] ignore_dependencies`: not added.
    pub ignored: bool,
}

#[derive(Debug, Serialize)]
pub struct ExternalLine {
    pub workload: String,
    pub destination: String,
    pub rows: usize,
    pub ports: Vec<u16>,
    pub services: Vec<String>,
    /// The workload's servers that connect to it.
    pub servers: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Connections {
    pub files: Vec<(String, usize)>,
    pub rows: usize,
    pub within_a_workload: usize,
    pub to_or_from_skipped_servers: usize,
    pub from_servers_outside_the_inventory: usize,
    pub below_min_count: usize,
    pub min_count: u32,
}

impl Report {
    pub(super) fn new(
        options: &ImportOptions,
        inventory: &Inventory,
        grouped: &Grouped,
        linked: &Linked,
        files: Vec<(String, usize)>,
    ) -> Report {
        let mut skipped = BTreeMap::new();
        for reason in inventory.servers.iter().filter_map(|s| s.skip) {
            *skipped.entry(reason).or_insert(0) += 1;
        }
        let id = |w: usize| grouped.workloads[w].id.clone();
        let (plan, mode) = match &options.target {
            ImportTarget::New { dir, .. } => (dir.display().to_string(), "new"),
            ImportTarget::Into { dir } => (dir.display().to_string(), "into"),
        };
        Report {
            plan,
            mode,
            servers: Servers {
                read: inventory.servers.len(),
                rvtools_vms: inventory.vms,
                server_rows: inventory.server_rows,
                joined: inventory.joined,
                imported: inventory
                    .servers
                    .iter()
                    .filter(|s| s.skip.is_none())
                    .count(),
                skipped,
            },
            workloads: Workloads::default(),
            dependencies: linked
                .dependencies
                .iter()
                .map(|d| DependencyLine {
                    from: id(d.from),
                    to: id(d.to),
                    kind: if d.latency_tolerant {
                        "latency-tolerant"
                    } else {
                        "direct"
                    },
                    rows: d.rows,
                    ports: d.ports.iter().copied().collect(),
                    ignored: d.ignored,
                })
                .collect(),
            external: linked
                .externals
                .iter()
                .map(|e| ExternalLine {
                    workload: id(e.workload),
                    destination: e.destination.clone(),
                    rows: e.rows,
                    ports: e.ports.iter().copied().collect(),
                    services: e.services.iter().cloned().collect(),
                    servers: e.servers.iter().cloned().collect(),
                })
                .collect(),
            connections: Connections {
                files,
                rows: linked.rows,
                within_a_workload: linked.internal,
                to_or_from_skipped_servers: linked.skipped,
                from_servers_outside_the_inventory: linked.unknown_source,
                below_min_count: linked.below_min_count,
                min_count: options.min_count.max(1),
            },
            placeholders: 0,
            written: Vec::new(),
            notes_kept: Vec::new(),
        }
    }

    pub(super) fn merged(&mut self, merged: &Merged, grouped: &Grouped) {
        for &i in &merged.created {
            let w = &grouped.workloads[i];
            self.placeholders += [&w.name, &w.owner]
                .iter()
                .filter(|v| v.as_str() == PLACEHOLDER)
                .count();
            self.workloads.created.push(WorkloadLine {
                id: w.id.clone(),
                name: w.name.clone(),
                owner: w.owner.clone(),
                servers: w.servers.len(),
                environments: w.environments.clone(),
                data_gb: w.data_gb,
                nonprod_data_gb: w.nonprod_data_gb,
            });
        }
        for (i, changes) in &merged.updated {
            self.workloads.updated.push(UpdateLine {
                id: grouped.workloads[*i].id.clone(),
                changes: changes.clone(),
            });
        }
        self.workloads.not_in_sources = merged.not_in_sources.clone();
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The readable summary.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let s = &self.servers;
        let _ = write!(out, "servers read: {}", s.read);
        let mut parts = Vec::new();
        if s.rvtools_vms > 0 {
            parts.push(format!("{} RVTools VMs", s.rvtools_vms));
        }
        if s.server_rows > 0 {
            parts.push(format!(
                "{} --servers rows, {} joined to a VM",
                s.server_rows, s.joined
            ));
        }
        if !parts.is_empty() {
            let _ = write!(out, " ({})", parts.join("; "));
        }
        out.push('\n');
        let skipped: usize = s.skipped.values().sum();
        let _ = write!(out, "skipped: {skipped}");
        if skipped > 0 {
            let reasons: Vec<String> = s
                .skipped
                .iter()
                .map(|(reason, n)| reason.count(*n))
                .collect();
            let _ = write!(out, " ({})", reasons.join(", "));
        }
        let _ = writeln!(out, "\nimported: {}", plural(s.imported, "server"));

        let w = &self.workloads;
        let _ = writeln!(out, "\nworkloads created: {}", w.created.len());
        for c in &w.created {
            let mut sizes = format!("data_gb {}", c.data_gb);
            if let Some(gb) = c.nonprod_data_gb {
                let _ = write!(sizes, ", nonprod_data_gb {gb}");
            }
            let _ = writeln!(
                out,
                "  {} \"{}\": {}, [{}], {sizes}, owner {}",
                c.id,
                c.name,
                plural(c.servers, "server"),
                c.environments.join(", "),
                c.owner
            );
        }
        let _ = writeln!(out, "workloads updated: {}", w.updated.len());
        for u in &w.updated {
            let changes: Vec<String> = u.changes.iter().map(change_text).collect();
            let _ = writeln!(out, "  {}: {}", u.id, changes.join("; "));
        }
        if !w.not_in_sources.is_empty() {
            let _ = writeln!(
                out,
                "in the plan but not in the sources (kept): {}",
                w.not_in_sources.join(", ")
            );
        }

        let c = &self.connections;
        let direct = self
            .dependencies
            .iter()
            .filter(|d| d.kind == "direct")
            .count();
        let _ = writeln!(
            out,
            "\ndependencies: {direct} direct, {} latency-tolerant (from {} connection rows)",
            self.dependencies.len() - direct,
            c.rows
        );
        for d in &self.dependencies {
            let ports: Vec<String> = d.ports.iter().map(u16::to_string).collect();
            let _ = writeln!(
                out,
                "  {} -> {}: {}, {}, ports {}{}",
                d.from,
                d.to,
                d.kind,
                plural(d.rows, "row"),
                ports.join(" "),
                if d.ignored {
                    " (in [import] ignore_dependencies: not added)"
                } else {
                    ""
                }
            );
        }
        let _ = writeln!(out, "external connections: {}", self.external.len());
        for e in &self.external {
            let ports: Vec<String> = e.ports.iter().map(u16::to_string).collect();
            let _ = writeln!(
                out,
                "  {} -> {}: {}, ports {}",
                e.workload,
                e.destination,
                plural(e.rows, "row"),
                ports.join(" ")
            );
        }
        let ignored = [
            (c.within_a_workload, "within one workload"),
            (c.to_or_from_skipped_servers, "to or from skipped servers"),
            (
                c.from_servers_outside_the_inventory,
                "from servers outside the inventory",
            ),
            (c.below_min_count, "in server pairs below --min-count"),
        ];
        let listed: Vec<String> = ignored
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        if !listed.is_empty() {
            let _ = writeln!(out, "connection rows not used: {}", listed.join(", "));
        }
        let _ = writeln!(out);
        if self.written.is_empty() {
            let _ = writeln!(out, "{}: nothing changed", self.plan);
        } else {
            let notes =
                self.written.len() - usize::from(self.written.iter().any(|p| p == "plan.toml"));
            let _ = writeln!(
                out,
                "wrote {}: {}{}",
                self.plan,
                if self.written.iter().any(|p| p == "plan.toml") {
                    "plan.toml and "
                } else {
                    ""
                },
                plural(notes, "note")
            );
        }
        for kept in &self.notes_kept {
            let _ = writeln!(out, "  kept the existing {kept}");
        }
        if self.placeholders > 0 {
            let _ = writeln!(
                out,
                "{} to replace (\"{PLACEHOLDER}\"): `waveplan check {}` lists them",
                plural(self.placeholders, "placeholder"),
                self.plan
            );
        }
        out
    }
}

fn change_text(change: &Change) -> String {
    match (change.from, change.to) {
        (from, Some(to)) => format!(
            "{} {} -> {to}",
            change.key,
            from.map_or("(absent)".to_string(), |f| f.to_string())
        ),
        _ => format!("{} + {}", change.key, change.added.join(", ")),
    }
}
