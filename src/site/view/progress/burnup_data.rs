//! The burn-up's data: the cutover dates it counts, the chart drawn from them, and its
//! numbers at each month's end.

use crate::model::{Plan, ResultStatus};
use crate::planning::progress::{self, ProgressReference};
use crate::planning::{Computed, Unit};
use crate::site::charts::{self, Burnup, Chart, ChartResult};
use crate::site::format;
use jiff::civil::Date;
use serde::Serialize;

/// A month-end of the burn-up, the same numbers as the chart.
#[derive(Debug, Clone, Serialize)]
pub struct BurnupRow {
    pub month: String,
    pub planned: usize,
    /// Done by then (up to `as_of`), else the forecast.
    pub actual: usize,
    pub forecast: bool,
}

/// The cutover dates the burn-up counts, each list sorted.
pub(super) struct CutoverDates {
    /// The reference plan's cutovers.
    pub planned: Vec<Date>,
    /// The done units' dates.
    pub done: Vec<Date>,
    /// The cutovers of the units not done, as the plan now has them.
    pub open: Vec<Date>,
}

pub(super) fn cutover_dates(plan: &Plan, computed: &Computed) -> CutoverDates {
    let reference = computed.progress_reference.as_ref();
    let latest = |u: &Unit| progress::latest(plan, u);
    let is_done = |u: &Unit| latest(u).is_some_and(|r| r.status == ResultStatus::Done);

    let mut done_dates: Vec<Date> = computed
        .units
        .iter()
        .filter(|u| is_done(u))
        .filter_map(|u| latest(u).map(|r| r.date))
        .collect();
    done_dates.sort();
    let mut open_dates: Vec<Date> = computed
        .units
        .iter()
        .filter(|u| !is_done(u))
        .filter_map(|u| u.cutover)
        .collect();
    open_dates.sort();
    let planned_dates: Vec<Date> = reference
        .map(|r| r.units.iter().map(|u| u.cutover).collect())
        .unwrap_or_default();

    CutoverDates {
        planned: planned_dates,
        done: done_dates,
        open: open_dates,
    }
}

/// The burn-up chart of `scope` units as of `as_of`; `None` when nothing is planned or done.
pub(super) fn chart(
    dates: &CutoverDates,
    reference: Option<&ProgressReference>,
    as_of: Date,
    scope: usize,
    end_now: Option<Date>,
) -> ChartResult<Option<Chart>> {
    let CutoverDates {
        planned: planned_dates,
        done: done_dates,
        open: open_dates,
    } = dates;
    let planned_label = match reference.and_then(|r| r.baseline_revision.as_deref()) {
        Some(revision) => format!("planned (revision {revision})"),
        None => "planned (before any result)".to_string(),
    };
    (!planned_dates.is_empty() || !done_dates.is_empty())
        .then(|| {
            charts::burnup(
                "Burn-up: units cut over",
                &format!(
                    "Cumulative cutovers: {} of {} units done as of {}, against {} planned by then; the forecast reaches {} units on {}.",
                    done_dates.len(),
                    scope,
                    format::short_date(as_of),
                    charts::count_by(planned_dates, as_of),
                    scope,
                    end_now.map(format::short_date).unwrap_or_default()
                ),
                &Burnup {
                    planned: planned_dates,
                    planned_label: &planned_label,
                    done: done_dates,
                    open: open_dates,
                    as_of,
                    scope,
                },
            )
        })
        .transpose()
}

/// The burn-up's numbers at each month's end, from the first cutover's month to the last's.
pub(super) fn month_rows(dates: &CutoverDates, as_of: Date) -> Vec<BurnupRow> {
    let CutoverDates {
        planned,
        done,
        open,
    } = dates;
    let (Some(first), Some(last)) = (
        planned.iter().chain(done).chain(open).min(),
        planned.iter().chain(done).chain(open).max(),
    ) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut month = first.first_of_month();
    while month <= *last {
        let end = month.last_of_month();
        let forecast = end > as_of;
        let actual = charts::count_by(done, end)
            + if forecast {
                charts::count_by(open, end)
            } else {
                0
            };
        rows.push(BurnupRow {
            month: format::month_year(month),
            planned: charts::count_by(planned, end),
            actual,
            forecast,
        });
        let Ok(next) = end.tomorrow() else { break };
        month = next;
    }
    rows
}
