//! Computes the [`Changes`] between two planned revisions: on the inputs as written and on
//! the results of planning (waves, cutovers, paths, methods, estimates, go/no-go, warnings,
//! approval states). Workloads match by id, waves by number, approvals by role, name and
//! scope, warnings by code and the workloads (or waves) they concern.

use super::keys::{key_changes, plan_keys, toml_doc, workload_keys};
use crate::changes::*;
use crate::diagnostics::Diagnostic;
use crate::inputs::{Inputs, PLAN_FILE};
use crate::model::Plan;
use crate::planning::{ApprovalState, Computed, Tier, Unit};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Hours that differ by less than this are the same estimate.
pub const HOURS_TOLERANCE: f64 = 0.05;

/// One planned revision.
#[derive(Clone, Copy)]
pub struct Planned<'a> {
    pub inputs: &'a Inputs,
    pub plan: &'a Plan,
    pub computed: &'a Computed,
    /// Every warning of loading and planning.
    pub warnings: &'a [Diagnostic],
}

impl Planned<'_> {
    fn side(&self) -> Side {
        Side {
            revision: self.plan.meta.revision.clone(),
            status: self.computed.status,
            source: None,
        }
    }
}

/// Everything that changed from `old` to `new`.
pub fn compare(old: &Planned<'_>, new: &Planned<'_>) -> Changes {
    let old_doc = toml_doc(old.inputs);
    let new_doc = toml_doc(new.inputs);
    Changes {
        old: old.side(),
        new: new.side(),
        plan: key_changes(&plan_keys(&old_doc), &plan_keys(&new_doc)),
        workloads: workloads(old, new, &old_doc, &new_doc),
        waves: waves(old, new),
        warnings: warnings(old, new),
        approvals: approvals(old, new),
        files: files(old.inputs, new.inputs),
    }
}

// ---- results of planning ----

fn unit<'a>(side: &Planned<'a>, workload: usize, tier: Tier) -> Option<&'a Unit> {
    let wp = &side.computed.workloads[workload];
    let index = match tier {
        Tier::Nonprod => wp.nonprod_unit,
        Tier::Prod => wp.prod_unit,
    }?;
    side.computed.units.get(index)
}

fn round2(hours: f64) -> f64 {
    (hours * 100.0).round() / 100.0
}

const TIERS: [Tier; 2] = [Tier::Nonprod, Tier::Prod];

/// The planned facts of one workload as keyed values, in the order they are reported.
fn results(side: &Planned<'_>, w: usize) -> Vec<(String, Value, Option<f64>)> {
    let wp = &side.computed.workloads[w];
    let units = TIERS.map(|tier| unit(side, w, tier));
    let mut out = Vec::new();
    for (tier, u) in TIERS.iter().zip(&units) {
        out.push((
            format!("{}_wave", tier.as_str()),
            json!(u.map(|u| u.wave)),
            None,
        ));
    }
    for (tier, u) in TIERS.iter().zip(&units) {
        let cutover = u.and_then(|u| u.cutover).map(|d| d.to_string());
        out.push((format!("{}_cutover", tier.as_str()), json!(cutover), None));
    }
    out.push(("path".into(), json!(wp.path.path.as_str()), None));
    out.push(("method".into(), json!(wp.method.method.as_str()), None));
    for (name, get) in [
        (
            "transfer_hours",
            (|u: &Unit| u.transfer_hours) as fn(&Unit) -> f64,
        ),
        ("downtime_hours", |u: &Unit| u.downtime_hours),
    ] {
        for (tier, u) in TIERS.iter().zip(&units) {
            let hours = u.map(get);
            out.push((
                format!("{}_{name}", tier.as_str()),
                json!(hours.map(round2)),
                hours,
            ));
        }
    }
    out
}

fn result_changes(old: &Planned<'_>, o: usize, new: &Planned<'_>, n: usize) -> Vec<KeyChange> {
    results(old, o)
        .into_iter()
        .zip(results(new, n))
        .filter(|((_, ov, oh), (_, nv, nh))| match (oh, nh) {
            (Some(a), Some(b)) => (a - b).abs() >= HOURS_TOLERANCE,
            _ => ov != nv,
        })
        .map(|((key, old, _), (_, new, _))| KeyChange { key, old, new })
        .collect()
}

fn wave_of(side: &Planned<'_>, w: usize, tier: Tier) -> Option<u32> {
    unit(side, w, tier).map(|u| u.wave)
}

fn workloads(
    old: &Planned<'_>,
    new: &Planned<'_>,
    old_doc: &toml::Table,
    new_doc: &toml::Table,
) -> Vec<WorkloadChange> {
    let (old_keys, new_keys) = (workload_keys(old_doc), workload_keys(new_doc));
    let empty = BTreeMap::new();
    let ids: BTreeSet<&str> = old
        .plan
        .workloads
        .iter()
        .chain(&new.plan.workloads)
        .map(|w| w.id.as_str())
        .collect();
    let mut out = Vec::new();
    for id in ids {
        let (o, n) = (old.plan.workload_index(id), new.plan.workload_index(id));
        let (side, index) = match (o, n) {
            (_, Some(n)) => (new, n),
            (Some(o), None) => (old, o),
            (None, None) => continue,
        };
        let (change, inputs, results) = match (o, n) {
            (Some(o), Some(n)) => (
                Presence::Changed,
                key_changes(
                    old_keys.get(id).unwrap_or(&empty),
                    new_keys.get(id).unwrap_or(&empty),
                ),
                result_changes(old, o, new, n),
            ),
            (None, _) => (Presence::Added, Vec::new(), Vec::new()),
            (_, None) => (Presence::Removed, Vec::new(), Vec::new()),
        };
        if change == Presence::Changed && inputs.is_empty() && results.is_empty() {
            continue;
        }
        out.push(WorkloadChange {
            id: id.to_string(),
            change,
            nonprod_wave: wave_of(side, index, Tier::Nonprod),
            prod_wave: wave_of(side, index, Tier::Prod),
            inputs,
            results,
        });
    }
    out
}

/// The units of a wave, keyed by workload id and tier.
fn wave_units(side: &Planned<'_>, number: u32) -> BTreeSet<(String, Tier)> {
    side.computed
        .wave(number)
        .map(|wave| {
            wave.units
                .iter()
                .map(|&u| {
                    let unit = &side.computed.units[u];
                    (side.plan.workloads[unit.workload].id.clone(), unit.tier)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn unit_wave(side: &Planned<'_>, id: &str, tier: Tier) -> Option<u32> {
    side.plan
        .workload_index(id)
        .and_then(|w| wave_of(side, w, tier))
}

fn waves(old: &Planned<'_>, new: &Planned<'_>) -> Vec<WaveChange> {
    let count = old.computed.waves.len().max(new.computed.waves.len()) as u32;
    let mut out = Vec::new();
    for number in 1..=count {
        let (ow, nw) = (old.computed.wave(number), new.computed.wave(number));
        let change = match (ow, nw) {
            (None, _) => Presence::Added,
            (_, None) => Presence::Removed,
            _ => Presence::Changed,
        };
        let window_of = |w: Option<&crate::planning::Wave>| {
            w.map(|w| Window {
                start: w.window.start.to_string(),
                end: w.window.end.to_string(),
            })
        };
        let window = (window_of(ow) != window_of(nw)).then(|| WindowChange {
            old: window_of(ow),
            new: window_of(nw),
        });
        let go = match (ow, nw) {
            (Some(o), Some(n)) if o.go != n.go => Some(Flip {
                old: o.go,
                new: n.go,
            }),
            _ => None,
        };
        let (ou, nu) = (wave_units(old, number), wave_units(new, number));
        let moved = |units: &BTreeSet<(String, Tier)>,
                     others: &BTreeSet<(String, Tier)>,
                     side: &Planned<'_>| {
            units
                .difference(others)
                .map(|(id, tier)| UnitMove {
                    workload: id.clone(),
                    tier: tier.as_str(),
                    wave: unit_wave(side, id, *tier),
                })
                .collect::<Vec<_>>()
        };
        let entered = moved(&nu, &ou, old);
        let left = moved(&ou, &nu, new);
        let checklist = match (ow, nw) {
            (Some(o), Some(n)) => checklist_flips(&o.checklist, &n.checklist),
            _ => Vec::new(),
        };
        let changed = window.is_some() || go.is_some() || !entered.is_empty() || !left.is_empty();
        if change != Presence::Changed || changed || !checklist.is_empty() {
            out.push(WaveChange {
                number,
                change,
                window,
                go,
                entered,
                left,
                checklist,
            });
        }
    }
    out
}

fn checklist_flips(
    old: &[crate::planning::CheckItem],
    new: &[crate::planning::CheckItem],
) -> Vec<ItemFlip> {
    let key = |c: &crate::planning::CheckItem| (c.key.to_string(), c.title.clone());
    let old_items: BTreeMap<_, _> = old.iter().map(|c| (key(c), c)).collect();
    let new_items: BTreeMap<_, _> = new.iter().map(|c| (key(c), c)).collect();
    let mut out = Vec::new();
    // In the new checklist's order, then items that are gone.
    let order = new
        .iter()
        .map(key)
        .chain(old.iter().map(key).filter(|k| !new_items.contains_key(k)));
    for k in order {
        let (o, n) = (old_items.get(&k), new_items.get(&k));
        let flipped = match (o, n) {
            (Some(o), Some(n)) => o.passed != n.passed,
            (Some(c), None) | (None, Some(c)) => !c.passed,
            (None, None) => false,
        };
        if flipped {
            let failing = n.filter(|c| !c.passed).or(o).map(|c| c.reason.clone());
            out.push(ItemFlip {
                key: k.0.clone(),
                title: k.1.clone(),
                old: o.map(|c| c.passed),
                new: n.map(|c| c.passed),
                reason: failing.unwrap_or_default(),
            });
        }
    }
    out
}

// ---- warnings ----

/// What a warning concerns: the workloads it records, else the wave it records.
fn subject(d: &Diagnostic) -> Vec<String> {
    if !d.workloads.is_empty() {
        let named: BTreeSet<&String> = d.workloads.iter().collect();
        return named.into_iter().cloned().collect();
    }
    d.wave.map(|n| format!("wave-{n}")).into_iter().collect()
}

fn warnings(old: &Planned<'_>, new: &Planned<'_>) -> WarningChanges {
    let refs = |side: &Planned<'_>| {
        let mut refs: Vec<WarningRef> = side
            .warnings
            .iter()
            .filter(|d| !d.is_error())
            .map(|d| WarningRef {
                code: d.code.to_string(),
                subject: subject(d),
                message: d.message.clone(),
            })
            .collect();
        refs.sort_by(|a, b| (&a.code, &a.subject).cmp(&(&b.code, &b.subject)));
        refs
    };
    let (o, n) = (refs(old), refs(new));
    WarningChanges {
        added: unmatched(&n, &o),
        resolved: unmatched(&o, &n),
    }
}

/// The warnings of `these` with no counterpart (same code and subject) in `others`, counted
/// as multisets.
fn unmatched(these: &[WarningRef], others: &[WarningRef]) -> Vec<WarningRef> {
    let mut left: BTreeMap<(&str, &[String]), usize> = BTreeMap::new();
    for w in others {
        *left.entry((&w.code, &w.subject)).or_default() += 1;
    }
    these
        .iter()
        .filter(
            |w| match left.get_mut(&(w.code.as_str(), w.subject.as_slice())) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            },
        )
        .cloned()
        .collect()
}

// ---- approvals ----

fn approval_side(side: &Planned<'_>, i: usize) -> ApprovalSide {
    let a = &side.plan.approvals[i];
    let state = side
        .computed
        .approvals
        .get(i)
        .cloned()
        .unwrap_or_else(|| crate::planning::approvals::plain_state(side.plan, a));
    ApprovalSide {
        revision: Some(
            a.revision
                .clone()
                .unwrap_or_else(|| side.plan.meta.revision.clone()),
        ),
        signed_on: a.signed_on.map(|d| d.to_string()),
        state: state.as_str(),
        reason: match state {
            ApprovalState::Stale { reason, .. } => Some(reason),
            _ => None,
        },
    }
}

fn approvals(old: &Planned<'_>, new: &Planned<'_>) -> Vec<ApprovalChange> {
    let key = |a: &crate::model::Approval| (a.role.clone(), a.name.clone(), a.scope);
    let old_index: BTreeMap<_, usize> = old
        .plan
        .approvals
        .iter()
        .enumerate()
        .rev()
        .map(|(i, a)| (key(a), i))
        .collect();
    let mut matched = BTreeSet::new();
    let mut out = Vec::new();
    for (i, a) in new.plan.approvals.iter().enumerate() {
        let k = key(a);
        let n = approval_side(new, i);
        let o = old_index
            .get(&k)
            .filter(|&&j| matched.insert(j))
            .map(|&j| approval_side(old, j));
        let change = match &o {
            None => "added",
            Some(o) if o.state == n.state => {
                // An approval without `revision` follows the plan's: a new revision alone
                // changes nothing about it.
                let same_revision = a.revision.is_none() || a.revision == o.revision;
                if same_revision && o.signed_on == n.signed_on && o.reason == n.reason {
                    continue;
                }
                "changed"
            }
            Some(o) => match (o.state, n.state) {
                (_, "stale") => "stale",
                ("stale", "signed") => "renewed",
                (_, "signed") => "signed",
                _ => "unsigned",
            },
        };
        out.push(ApprovalChange {
            role: k.0,
            name: k.1,
            scope: k.2,
            change,
            old: o,
            new: Some(n),
        });
    }
    for (j, a) in old.plan.approvals.iter().enumerate() {
        if !matched.contains(&j) {
            let (role, name, scope) = key(a);
            out.push(ApprovalChange {
                role,
                name,
                scope,
                change: "removed",
                old: Some(approval_side(old, j)),
                new: None,
            });
        }
    }
    out
}

// ---- files ----

/// Notes, pages and assets that were added, removed or changed.
fn files(old: &Inputs, new: &Inputs) -> FileChanges {
    let mut out = FileChanges::default();
    let paths: BTreeSet<&String> = old.files.keys().chain(new.files.keys()).collect();
    // A baseline archive is named by `plan.baseline`; its bytes are no news.
    let baselines: Vec<String> = [old, new]
        .iter()
        .filter_map(|i| i.get(PLAN_FILE).and_then(crate::inputs::baseline_path))
        .collect();
    // Notes, free pages and assets: the plan's content. Template and static overrides change
    // how the site looks, not the plan.
    let content = |p: &str| {
        crate::inputs::NoteFolder::of(p).is_some()
            || p.strip_prefix(crate::inputs::ASSETS_DIR)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    for path in paths
        .into_iter()
        .filter(|p| content(p) && !baselines.contains(p))
    {
        match (old.files.get(path), new.files.get(path)) {
            (None, Some(_)) => out.added.push(path.clone()),
            (Some(_), None) => out.removed.push(path.clone()),
            (Some(a), Some(b)) if a != b => out.changed.push(path.clone()),
            _ => {}
        }
    }
    out
}
