//! What changed between two revisions of a plan (spec section 11): the document that
//! `waveplan diff --format json` prints and that plan.json carries as `changes` when the plan
//! has a `baseline`. Data only: [`crate::diff`] computes it and renders it for people.

use crate::model::{Scope, Status};
use serde::Serialize;
use serde_json::Value;

/// The changes from an old revision of a plan to a new one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    pub old: Side,
    pub new: Side,
    /// Plan-level input keys (`network.vpn_mbps`, `freeze[Year-end].start`), in key order.
    pub plan: Vec<KeyChange>,
    /// Workloads added, removed or changed, by id.
    pub workloads: Vec<WorkloadChange>,
    /// Waves whose window, units, GO/NO-GO or checklist changed, by number.
    pub waves: Vec<WaveChange>,
    pub warnings: WarningChanges,
    /// Approvals added, removed, signed or made stale, in the new plan's order (removed ones
    /// last).
    pub approvals: Vec<ApprovalChange>,
    pub files: FileChanges,
}

impl Changes {
    /// Nothing differs (the sides' revision and status aside).
    pub fn is_empty(&self) -> bool {
        self.plan.is_empty()
            && self.workloads.is_empty()
            && self.waves.is_empty()
            && self.warnings.added.is_empty()
            && self.warnings.resolved.is_empty()
            && self.approvals.is_empty()
            && self.files.is_empty()
    }

    /// How many changes there are: keys, workloads added or removed, wave and checklist
    /// flips, units that moved, warnings, approvals and files.
    pub fn count(&self) -> usize {
        self.plan.len()
            + self
                .workloads
                .iter()
                .map(|w| match w.change {
                    Presence::Changed => w.inputs.len() + w.results.len(),
                    _ => 1,
                })
                .sum::<usize>()
            + self
                .waves
                .iter()
                .map(|w| {
                    usize::from(w.change != Presence::Changed)
                        + usize::from(w.window.is_some())
                        + usize::from(w.go.is_some())
                        + w.entered.len()
                        + w.left.len()
                        + w.checklist.len()
                })
                .sum::<usize>()
            + self.warnings.added.len()
            + self.warnings.resolved.len()
            + self.approvals.len()
            + self.files.added.len()
            + self.files.removed.len()
            + self.files.changed.len()
    }

    pub fn workload(&self, id: &str) -> Option<&WorkloadChange> {
        self.workloads.iter().find(|w| w.id == id)
    }

    pub fn wave(&self, number: u32) -> Option<&WaveChange> {
        self.waves.iter().find(|w| w.number == number)
    }
}

/// One side of a comparison: its revision and status, and (for `waveplan diff` only) where
/// it was read from. plan.json never names a path, so the site is the same wherever it is
/// built.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub revision: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A key whose value changed; `null` stands for a key that is absent on that side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyChange {
    pub key: String,
    pub old: Value,
    pub new: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkloadChange {
    pub id: String,
    pub change: Presence,
    /// The waves of its units: on the new side, or the old one for a removed workload.
    pub nonprod_wave: Option<u32>,
    pub prod_wave: Option<u32>,
    /// Keys of its `[[workload]]` table as written (`rollback.steps` for the rollback plan).
    pub inputs: Vec<KeyChange>,
    /// Results of planning: `nonprod_wave`, `prod_wave`, `nonprod_cutover`, `prod_cutover`,
    /// `path`, `method`, and `<tier>_transfer_hours`, `<tier>_downtime_hours` when they differ
    /// by 0.05 h or more.
    pub results: Vec<KeyChange>,
}

impl WorkloadChange {
    /// The wave it is shown under: its production unit's, else its other unit's.
    pub fn wave(&self) -> Option<u32> {
        self.prod_wave.or(self.nonprod_wave)
    }

    pub fn result(&self, key: &str) -> Option<&KeyChange> {
        self.results.iter().find(|c| c.key == key)
    }

    /// Whether its rollback plan changed.
    pub fn rollback_changed(&self) -> bool {
        self.inputs
            .iter()
            .any(|c| c.key == "rollback" || c.key.starts_with("rollback."))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaveChange {
    pub number: u32,
    pub change: Presence,
    /// The window, when its start or end moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowChange>,
    /// GO/NO-GO, when it flipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub go: Option<Flip>,
    /// Units now in this wave that were not (with the wave they were in, if any).
    pub entered: Vec<UnitMove>,
    /// Units no longer in this wave (with the wave they are in now, if any).
    pub left: Vec<UnitMove>,
    /// Checklist items that passed on one side and failed on the other (or exist on one side
    /// only and fail there).
    pub checklist: Vec<ItemFlip>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowChange {
    pub old: Option<Window>,
    pub new: Option<Window>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Flip {
    pub old: bool,
    pub new: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitMove {
    pub workload: String,
    /// `prod` or `nonprod`.
    pub tier: &'static str,
    /// The wave it came from (for `entered`) or went to (for `left`); null when the
    /// workload or unit exists on one side only.
    pub wave: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemFlip {
    pub key: String,
    pub title: String,
    pub old: Option<bool>,
    pub new: Option<bool>,
    /// Why it fails now (or failed before, when it passes now).
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WarningChanges {
    pub added: Vec<WarningRef>,
    pub resolved: Vec<WarningRef>,
}

/// A warning, identified by its code and the workloads (or waves) it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarningRef {
    pub code: String,
    pub subject: Vec<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalChange {
    pub role: String,
    pub name: String,
    pub scope: Scope,
    /// `added`, `removed`, `signed`, `unsigned`, `stale`, `renewed` (stale before, holds now)
    /// or `changed` (revision or date).
    pub change: &'static str,
    pub old: Option<ApprovalSide>,
    pub new: Option<ApprovalSide>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalSide {
    pub revision: Option<String>,
    /// `YYYY-MM-DD`.
    pub signed_on: Option<String>,
    /// `signed`, `pending` or `stale`.
    pub state: &'static str,
    /// Why it is stale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl FileChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}
