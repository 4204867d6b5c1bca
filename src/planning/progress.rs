//! Where the migration stands (spec section 9): each unit's state from its latest result, each
//! wave's state, and the counts of the plan's progress.

use super::{Computed, Unit, Wave};
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
