//! plan.json v2, from the results (spec section 9): the plan's `progress` and each unit's
//! `actual`.

use super::{gb, hours};
use crate::model::{Plan, ResultStatus};
use crate::planning::progress;
use crate::planning::{Computed, Unit};
use serde::Serialize;
use std::collections::BTreeMap;

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
