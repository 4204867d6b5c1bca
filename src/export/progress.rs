//! plan.json v2, from the results (spec section 9): the plan's `progress`, each unit's
//! `actual`, and the `calibration` of each measured network path.

use super::{gb, hours};
use crate::model::{Plan, ResultStatus};
use crate::planning::progress;
use crate::planning::{Computed, Unit};
use serde::Serialize;
use std::collections::BTreeMap;

/// One network path with measured transfers (spec sections 5 and 9).
#[derive(Serialize)]
pub(super) struct CalibrationJson {
    path: &'static str,
    planned_utilization: f64,
    measured_utilization: f64,
    samples: usize,
    applied: bool,
}

/// Utilization (a share of a link) in plan.json: three decimals.
fn share(u: f64) -> f64 {
    (u * 1000.0).round() / 1000.0
}

pub(super) fn calibration_json(computed: &Computed) -> Vec<CalibrationJson> {
    computed
        .calibrations
        .iter()
        .map(|c| CalibrationJson {
            path: c.path.as_str(),
            planned_utilization: c.planned_utilization,
            measured_utilization: share(c.measured_utilization),
            samples: c.samples.len(),
            applied: c.applied,
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct ProgressJson {
    as_of: Option<String>,
    units: BTreeMap<&'static str, usize>,
    data_gb_done: f64,
    data_gb_total: f64,
}

/// A unit's latest result, as measured.
#[derive(Serialize)]
pub(super) struct ActualJson<'a> {
    date: String,
    transfer_hours: Option<f64>,
    downtime_hours: Option<f64>,
    path: Option<&'static str>,
    data_gb: Option<f64>,
    review: Option<&'a str>,
    note: Option<&'a str>,
}

pub(super) fn progress_json(plan: &Plan, computed: &Computed) -> ProgressJson {
    let p = progress::progress(plan, computed);
    ProgressJson {
        as_of: p.as_of.map(|d| d.to_string()),
        units: BTreeMap::from([
            (ResultStatus::Done.as_str(), p.done),
            (ResultStatus::InProgress.as_str(), p.in_progress),
            (ResultStatus::RolledBack.as_str(), p.rolled_back),
            (ResultStatus::Postponed.as_str(), p.postponed),
            (progress::PLANNED, p.planned),
        ]),
        data_gb_done: gb(p.data_gb_done),
        data_gb_total: gb(p.data_gb_total),
    }
}

/// A unit's `actual`: its latest result, if any.
pub(super) fn actual<'a>(plan: &'a Plan, unit: &Unit) -> Option<ActualJson<'a>> {
    progress::latest(plan, unit).map(|r| ActualJson {
        date: r.date.to_string(),
        transfer_hours: r.transfer_hours.map(hours),
        downtime_hours: r.downtime_hours.map(hours),
        path: r.path.map(|p| p.as_str()),
        data_gb: r.data_gb.map(gb),
        review: r.review.as_deref(),
        note: r.note.as_deref(),
    })
}
