//! Where the migration stands (spec section 9): each unit's state from its latest result, each
//! wave's state, and the counts of the plan's progress.

use super::{Computed, Tier, Unit, Wave};
use crate::model::{Plan, ResultStatus, UnitResult};
use jiff::civil::Date;
use serde::Serialize;

/// A unit's latest result by date, `None` while it has none (it is `planned`).
pub fn latest<'p>(plan: &'p Plan, unit: &Unit) -> Option<&'p UnitResult> {
    let id = &plan.workloads[unit.workload].id;
    plan.results_of(id, unit.tier).pop()
}

/// How plan.json and the pages spell a unit's state: its latest result's status, else
/// `planned`.
pub const PLANNED: &str = "planned";

pub fn unit_state(plan: &Plan, unit: &Unit) -> &'static str {
    latest(plan, unit).map_or(PLANNED, |r| r.status.as_str())
}

/// A wave's state: `done` when it has units and all are done, `in-progress` when any is done
/// or in progress, else `planned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaveState {
    Planned,
    InProgress,
    Done,
}

impl WaveState {
    pub fn as_str(self) -> &'static str {
        match self {
            WaveState::Planned => "planned",
            WaveState::InProgress => "in-progress",
            WaveState::Done => "done",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            WaveState::Planned => "planned",
            WaveState::InProgress => "in progress",
            WaveState::Done => "done",
        }
    }
}

pub fn wave_state(plan: &Plan, computed: &Computed, wave: &Wave) -> WaveState {
    let statuses: Vec<Option<ResultStatus>> = wave
        .units
        .iter()
        .map(|&u| latest(plan, &computed.units[u]).map(|r| r.status))
        .collect();
    if !statuses.is_empty() && statuses.iter().all(|s| *s == Some(ResultStatus::Done)) {
        WaveState::Done
    } else if statuses.iter().any(|s| s.is_some_and(ResultStatus::pins)) {
        WaveState::InProgress
    } else {
        WaveState::Planned
    }
}

/// Units by state and data moved, for plan.json's `progress` and the pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub as_of: Option<Date>,
    pub done: usize,
    pub in_progress: usize,
    pub rolled_back: usize,
    pub postponed: usize,
    pub planned: usize,
    /// Data of the done units (a result's `data_gb` where given, else the unit's).
    pub data_gb_done: f64,
    pub data_gb_total: f64,
}

impl Progress {
    pub fn units(&self) -> usize {
        self.done + self.in_progress + self.rolled_back + self.postponed + self.planned
    }
}

pub fn progress(plan: &Plan, computed: &Computed) -> Progress {
    let mut p = Progress {
        as_of: plan.as_of(),
        done: 0,
        in_progress: 0,
        rolled_back: 0,
        postponed: 0,
        planned: 0,
        data_gb_done: 0.0,
        data_gb_total: 0.0,
    };
    for unit in &computed.units {
        p.data_gb_total += unit.data_gb;
        match latest(plan, unit) {
            None => p.planned += 1,
            Some(r) => match r.status {
                ResultStatus::Done => {
                    p.done += 1;
                    p.data_gb_done += r.data_gb.unwrap_or(unit.data_gb);
                }
                ResultStatus::InProgress => p.in_progress += 1,
                ResultStatus::RolledBack => p.rolled_back += 1,
                ResultStatus::Postponed => p.postponed += 1,
            },
        }
    }
    p
}

/// A unit as the plan that progress is measured against had it: its cutover and estimates.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCutover {
    pub workload: String,
    pub tier: Tier,
    pub cutover: Date,
    pub transfer_hours: f64,
    pub downtime_hours: f64,
}

/// The plan the burn-up and the accuracy table measure progress against (spec section 9):
/// the baseline archive's plan when `baseline` is set, else this plan planned without its
/// results (no `[[result]]`, no `as_of`, so no pin and no calibration).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressReference {
    /// The baseline's revision; `None` for this plan without its results.
    pub baseline_revision: Option<String>,
    /// In cutover order.
    pub units: Vec<PlannedCutover>,
}

impl ProgressReference {
    /// The reference's figures for a unit, when it has the unit.
    pub fn unit(&self, workload: &str, tier: Tier) -> Option<&PlannedCutover> {
        self.units
            .iter()
            .find(|u| u.workload == workload && u.tier == tier)
    }
}

/// The reference of a plan with results and no baseline: the plan planned a second time
/// without its results. `None` when the plan has no results (there is no progress to
/// measure) or when it does not plan without them.
pub fn without_results(plan: &Plan) -> Option<ProgressReference> {
    if plan.results.is_empty() {
        return None;
    }
    let mut bare = plan.clone();
    bare.results.clear();
    bare.meta.as_of = None;
    let computed = super::place(&bare).ok()?;
    Some(reference(&bare, &computed, None))
}

/// The units of a planned plan as a reference.
pub fn reference(
    plan: &Plan,
    computed: &Computed,
    baseline_revision: Option<String>,
) -> ProgressReference {
    let mut units: Vec<PlannedCutover> = computed
        .units
        .iter()
        .filter_map(|u| {
            Some(PlannedCutover {
                workload: plan.workloads[u.workload].id.clone(),
                tier: u.tier,
                cutover: u.cutover?,
                transfer_hours: u.transfer_hours,
                downtime_hours: u.downtime_hours,
            })
        })
        .collect();
    units.sort_by(|a, b| (a.cutover, &a.workload, a.tier).cmp(&(b.cutover, &b.workload, b.tier)));
    ProgressReference {
        baseline_revision,
        units,
    }
}
