//! Where the migration stands (spec section 9): the progress page (units by state, data
//! moved, the burn-up against the reference plan, what slipped, estimate accuracy, rollbacks
//! with their reviews), the dashboard's summary, and a workload's history of results.

use super::common::{RefView, result_line, workload_href};
use crate::model::{Plan, ResultStatus, Tier, UnitResult};
use crate::planning::progress::{self, PLANNED, ProgressReference};
use crate::planning::{Computed, Unit};
use crate::site::charts::{self, Burnup, Chart, ChartResult};
use crate::site::format;
use crate::site::urls::Page;
use jiff::civil::Date;
use serde::Serialize;

/// A state and how many units are in it.
#[derive(Debug, Clone, Serialize)]
pub struct StateCount {
    pub state: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// A wave's progress.
#[derive(Debug, Clone, Serialize)]
pub struct WaveProgress {
    pub number: u32,
    pub href: String,
    pub window: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub done: usize,
    pub units: usize,
    pub data_done: String,
    pub data_total: String,
    pub go: bool,
}

/// A unit later than the reference planned it, or due by `as_of` and not done.
#[derive(Debug, Clone, Serialize)]
pub struct SlipView {
    pub workload: String,
    pub href: String,
    pub tier_label: &'static str,
    pub planned: String,
    /// Its cutover as the plan now has it.
    pub now: String,
    pub days_late: i64,
    pub state: &'static str,
    pub state_label: &'static str,
}

/// A month-end of the burn-up, the same numbers as the chart.
#[derive(Debug, Clone, Serialize)]
pub struct BurnupRow {
    pub month: String,
    pub planned: usize,
    /// Done by then (up to `as_of`), else the forecast.
    pub actual: usize,
    pub forecast: bool,
}

/// A measured figure against the planned one.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    pub planned: String,
    pub measured: String,
    /// measured / planned, "1.05x"; empty when the plan had 0.
    pub ratio: String,
    pub over: bool,
}

/// One result with measured figures, against what the reference planned for its unit.
#[derive(Debug, Clone, Serialize)]
pub struct AccuracyRow {
    pub workload: String,
    pub href: String,
    pub tier_label: &'static str,
    pub date: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub path: &'static str,
    pub transfer: Option<Measured>,
    pub downtime: Option<Measured>,
}

/// A rollback, with its review (or the warning that it has none) and where the unit is now.
#[derive(Debug, Clone, Serialize)]
pub struct RollbackEvent {
    pub workload: String,
    pub href: String,
    pub tier_label: &'static str,
    pub date: String,
    pub note: Option<String>,
    /// The review page, when it names one.
    pub review: Option<RefView>,
    /// Where the unit stands now: "re-planned for Thu 13 May 2027 (wave 3)", "done ...".
    pub now: String,
}

/// The progress page, and the dashboard's summary of it.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressView {
    /// The page, relative to the site root; empty when the plan has no results (no page).
    pub href: String,
    pub as_of: String,
    pub as_of_iso: String,
    pub units: usize,
    pub done: usize,
    pub done_percent: String,
    pub states: Vec<StateCount>,
    pub waves: Vec<WaveProgress>,
    pub rolled_back: usize,
    pub data_done: String,
    pub data_total: String,
    pub data_percent: String,
    /// What the plan is measured against, in words.
    pub reference: String,
    /// Units the reference had cut over by `as_of`, and how many of them are done.
    pub due: usize,
    pub due_done: usize,
    /// The last cutover: as the reference planned it, as the plan now has it, and the slip.
    pub end_planned: String,
    pub end_now: String,
    /// "22 Jul 2027", for the figure.
    pub end_now_short: String,
    pub end_slip_days: i64,
    /// "+12 d", "0 d", "-3 d", and in words: "12 days later than planned", "as planned".
    pub end_slip: String,
    pub end_slip_words: String,
    pub end_late: bool,
    pub slipped: Vec<SlipView>,
    pub burnup: Option<Chart>,
    pub burnup_rows: Vec<BurnupRow>,
    pub accuracy: Vec<AccuracyRow>,
    /// In words: how the measured transfers and downtimes compare with the plan.
    pub accuracy_summary: Vec<String>,
    pub rollbacks: Vec<RollbackEvent>,
    /// Rollbacks without a review (each a `W-review`).
    pub unreviewed: usize,
}

/// One result of a unit's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub tier_label: &'static str,
    pub state: &'static str,
    pub line: String,
    /// The latest result of its unit: the unit's state.
    pub latest: bool,
    pub review: Option<RefView>,
    /// A rollback with no review (`W-review`).
    pub review_missing: bool,
}

/// Every result of a workload's units, oldest first (non-production before production on a
/// day).
pub fn history(plan: &Plan, id: &str) -> Vec<HistoryEntry> {
    let mut out: Vec<(Date, Tier, HistoryEntry)> = Vec::new();
    for tier in [Tier::Nonprod, Tier::Prod] {
        let results = plan.results_of(id, tier);
        let last = results.len().saturating_sub(1);
        for (i, r) in results.into_iter().enumerate() {
            let rolled_back = r.status == ResultStatus::RolledBack;
            out.push((
                r.date,
                tier,
                HistoryEntry {
                    tier_label: tier.label(),
                    state: r.status.as_str(),
                    line: result_line(r),
                    latest: i == last,
                    review: r.review.as_deref().map(|file| review_ref(plan, file)),
                    review_missing: rolled_back && r.review.is_none(),
                },
            ));
        }
    }
    out.sort_by_key(|(date, tier, _)| (*date, *tier));
    out.into_iter().map(|(_, _, e)| e).collect()
}

/// The review page a result names (the loader checked that it is a free page).
fn review_ref(plan: &Plan, file: &str) -> RefView {
    let file = file.trim_start_matches("./");
    match plan.notes.pages.iter().find(|p| p.note.file == file) {
        Some(p) => RefView {
            label: p
                .note
                .title
                .clone()
                .unwrap_or_else(|| p.slug.replace('-', " ")),
            href: Some(Page::Free(&p.slug).path()),
        },
        None => RefView {
            label: file.to_string(),
            href: None,
        },
    }
}

fn percent(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        format!("{:.0} %", part / whole * 100.0)
    } else {
        "-".into()
    }
}

fn measured(planned: f64, measured: f64) -> Measured {
    Measured {
        planned: format::hours(planned),
        measured: format::hours(measured),
        ratio: if planned > 0.0 {
            format!("{:.2}x", measured / planned)
        } else {
            String::new()
        },
        over: measured > planned,
    }
}

/// The median of ratios, for the summary.
fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// What the plan is measured against, in words.
fn reference_label(reference: Option<&ProgressReference>) -> String {
    match reference.and_then(|r| r.baseline_revision.as_deref()) {
        Some(revision) => format!("the baseline, revision {revision}"),
        None => "the plan as it stood before any result".into(),
    }
}

pub fn progress_view(plan: &Plan, computed: &Computed) -> ChartResult<ProgressView> {
    let p = progress::progress(plan, computed);
    let Some(as_of) = p.as_of.filter(|_| !plan.results.is_empty()) else {
        return Ok(empty());
    };
    let reference = computed.progress_reference.as_ref();
    let id_of = |u: &Unit| plan.workloads[u.workload].id.as_str();
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

    let mut slipped: Vec<SlipView> = Vec::new();
    let (mut due, mut due_done) = (0, 0);
    for u in &computed.units {
        let Some(planned) = reference.and_then(|r| r.unit(id_of(u), u.tier)) else {
            continue;
        };
        let done = is_done(u);
        if planned.cutover <= as_of {
            due += 1;
            due_done += usize::from(done);
        }
        let now = if done {
            latest(u).map(|r| r.date)
        } else {
            u.cutover
        };
        let Some(now) = now else { continue };
        let late = (now - planned.cutover).get_days() as i64;
        if late > 0 || (!done && planned.cutover <= as_of) {
            slipped.push(SlipView {
                workload: id_of(u).to_string(),
                href: workload_href(id_of(u)),
                tier_label: u.tier.label(),
                planned: format::date(planned.cutover),
                now: format::date(now),
                days_late: late,
                state: progress::unit_state(plan, u),
                state_label: latest(u).map_or(PLANNED, |r| r.status.label()),
            });
        }
    }
    slipped.sort_by(|a, b| {
        b.days_late
            .cmp(&a.days_late)
            .then(a.workload.cmp(&b.workload))
    });

    let end_planned = planned_dates.last().copied();
    let end_now = done_dates.iter().chain(&open_dates).max().copied();
    let end_slip_days = match (end_planned, end_now) {
        (Some(a), Some(b)) => (b - a).get_days() as i64,
        _ => 0,
    };

    let planned_label = match reference.and_then(|r| r.baseline_revision.as_deref()) {
        Some(revision) => format!("planned (revision {revision})"),
        None => "planned (before any result)".to_string(),
    };
    let burnup = (!planned_dates.is_empty() || !done_dates.is_empty())
        .then(|| {
            charts::burnup(
                "Burn-up: units cut over",
                &format!(
                    "Cumulative cutovers: {} of {} units done as of {}, against {} planned by then; the forecast reaches {} units on {}.",
                    done_dates.len(),
                    p.units(),
                    format::short_date(as_of),
                    charts::count_by(&planned_dates, as_of),
                    p.units(),
                    end_now.map(format::short_date).unwrap_or_default()
                ),
                &Burnup {
                    planned: &planned_dates,
                    planned_label: &planned_label,
                    done: &done_dates,
                    open: &open_dates,
                    as_of,
                    scope: p.units(),
                },
            )
        })
        .transpose()?;

    let burnup_rows = month_rows(&planned_dates, &done_dates, &open_dates, as_of);
    let (accuracy, accuracy_summary) = accuracy(plan, computed);
    let rollbacks = rollbacks(plan, computed);
    Ok(ProgressView {
        href: Page::Progress.path(),
        as_of: format::date(as_of),
        as_of_iso: as_of.to_string(),
        units: p.units(),
        done: p.done,
        done_percent: percent(p.done as f64, p.units() as f64),
        states: vec![
            StateCount {
                state: "done",
                label: ResultStatus::Done.label(),
                count: p.done,
            },
            StateCount {
                state: "in-progress",
                label: ResultStatus::InProgress.label(),
                count: p.in_progress,
            },
            StateCount {
                state: "rolled-back",
                label: ResultStatus::RolledBack.label(),
                count: p.rolled_back,
            },
            StateCount {
                state: "postponed",
                label: ResultStatus::Postponed.label(),
                count: p.postponed,
            },
            StateCount {
                state: PLANNED,
                label: PLANNED,
                count: p.planned,
            },
        ],
        waves: wave_rows(plan, computed),
        rolled_back: p.rolled_back,
        data_done: format::data(p.data_gb_done),
        data_total: format::data(p.data_gb_total),
        data_percent: percent(p.data_gb_done, p.data_gb_total),
        reference: reference_label(reference),
        due,
        due_done,
        end_planned: end_planned.map(format::date).unwrap_or_default(),
        end_now: end_now.map(format::date).unwrap_or_default(),
        end_now_short: end_now.map(format::short_date).unwrap_or_default(),
        end_slip_days,
        end_slip: match end_slip_days {
            d if d > 0 => format!("+{d} d"),
            d => format!("{d} d"),
        },
        end_slip_words: slip_words(end_slip_days),
        end_late: end_slip_days > 0,
        slipped,
        burnup,
        burnup_rows,
        accuracy,
        accuracy_summary,
        unreviewed: rollbacks.iter().filter(|r| r.review.is_none()).count(),
        rollbacks,
    })
}

fn empty() -> ProgressView {
    ProgressView {
        href: String::new(),
        as_of: String::new(),
        as_of_iso: String::new(),
        units: 0,
        done: 0,
        done_percent: String::new(),
        states: Vec::new(),
        waves: Vec::new(),
        rolled_back: 0,
        data_done: String::new(),
        data_total: String::new(),
        data_percent: String::new(),
        reference: String::new(),
        due: 0,
        due_done: 0,
        end_planned: String::new(),
        end_now: String::new(),
        end_now_short: String::new(),
        end_slip_days: 0,
        end_slip: String::new(),
        end_slip_words: String::new(),
        end_late: false,
        slipped: Vec::new(),
        burnup: None,
        burnup_rows: Vec::new(),
        accuracy: Vec::new(),
        accuracy_summary: Vec::new(),
        rollbacks: Vec::new(),
        unreviewed: 0,
    }
}

fn slip_words(days: i64) -> String {
    let plural = |n: i64| if n == 1 { "" } else { "s" };
    match days {
        0 => "as planned".into(),
        d if d > 0 => format!("{d} day{} later than planned", plural(d)),
        d => format!("{} day{} earlier than planned", -d, plural(-d)),
    }
}

fn wave_rows(plan: &Plan, computed: &Computed) -> Vec<WaveProgress> {
    computed
        .waves
        .iter()
        .map(|w| {
            let state = progress::wave_state(plan, computed, w);
            let units: Vec<&Unit> = w.units.iter().map(|&u| &computed.units[u]).collect();
            let done: Vec<(&Unit, &UnitResult)> = units
                .iter()
                .filter_map(|u| progress::latest(plan, u).map(|r| (*u, r)))
                .filter(|(_, r)| r.status == ResultStatus::Done)
                .collect();
            WaveProgress {
                number: w.number,
                href: Page::Wave(w.number).path(),
                window: format!(
                    "{} – {}",
                    format::short_date(w.window.start),
                    format::short_date(w.window.end)
                ),
                state: state.as_str(),
                state_label: state.label(),
                done: done.len(),
                units: units.len(),
                // Folded from 0.0: an empty f64 sum is -0.0.
                data_done: format::data(
                    done.iter()
                        .fold(0.0, |sum, (u, r)| sum + r.data_gb.unwrap_or(u.data_gb)),
                ),
                data_total: format::data(units.iter().fold(0.0, |sum, u| sum + u.data_gb)),
                go: w.go,
            }
        })
        .collect()
}

/// The burn-up's numbers at each month's end, from the first cutover's month to the last's.
fn month_rows(planned: &[Date], done: &[Date], open: &[Date], as_of: Date) -> Vec<BurnupRow> {
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

/// Every result with a measured figure, in date order, against the reference's estimate of
/// its unit (the plan's own estimate for a unit the reference does not have).
fn accuracy(plan: &Plan, computed: &Computed) -> (Vec<AccuracyRow>, Vec<String>) {
    let mut rows = Vec::new();
    let (mut transfer_ratios, mut downtime_ratios) = (Vec::new(), Vec::new());
    let mut results: Vec<&UnitResult> = plan
        .results
        .iter()
        .filter(|r| r.transfer_hours.is_some() || r.downtime_hours.is_some())
        .collect();
    results.sort_by(|a, b| (a.date, &a.workload, a.tier).cmp(&(b.date, &b.workload, b.tier)));
    for r in results {
        let Some(unit) = computed
            .units
            .iter()
            .find(|u| plan.workloads[u.workload].id == r.workload && u.tier == r.tier)
        else {
            continue;
        };
        let planned = computed
            .progress_reference
            .as_ref()
            .and_then(|reference| reference.unit(&r.workload, r.tier));
        let planned_transfer = planned.map_or(unit.transfer_hours, |p| p.transfer_hours);
        let planned_downtime = planned.map_or(unit.downtime_hours, |p| p.downtime_hours);
        if let Some(h) = r.transfer_hours.filter(|_| planned_transfer > 0.0) {
            transfer_ratios.push(h / planned_transfer);
        }
        if let Some(h) = r.downtime_hours.filter(|_| planned_downtime > 0.0) {
            downtime_ratios.push(h / planned_downtime);
        }
        rows.push(AccuracyRow {
            workload: r.workload.clone(),
            href: workload_href(&r.workload),
            tier_label: r.tier.label(),
            date: format::date(r.date),
            state: r.status.as_str(),
            state_label: r.status.label(),
            path: r.path.unwrap_or(unit.path).label(),
            transfer: r.transfer_hours.map(|h| measured(planned_transfer, h)),
            downtime: r.downtime_hours.map(|h| measured(planned_downtime, h)),
        });
    }
    let mut summary = Vec::new();
    for (what, ratios) in [
        ("Transfers", transfer_ratios),
        ("Downtimes", downtime_ratios),
    ] {
        let n = ratios.len();
        let over = ratios.iter().filter(|&&x| x > 1.0).count();
        if let Some(m) = median(ratios) {
            summary.push(format!(
                "{what}: median {m:.2}x the estimate over {n} result{}, {over} over it",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    (rows, summary)
}

/// Every rolled-back result, oldest first, with its review and where its unit is now.
fn rollbacks(plan: &Plan, computed: &Computed) -> Vec<RollbackEvent> {
    let mut events: Vec<&UnitResult> = plan
        .results
        .iter()
        .filter(|r| r.status == ResultStatus::RolledBack)
        .collect();
    events.sort_by(|a, b| (a.date, &a.workload, a.tier).cmp(&(b.date, &b.workload, b.tier)));
    events
        .into_iter()
        .map(|r| {
            let unit = computed
                .units
                .iter()
                .find(|u| plan.workloads[u.workload].id == r.workload && u.tier == r.tier);
            let now = match unit.and_then(|u| progress::latest(plan, u).map(|l| (u, l))) {
                Some((_, latest)) if latest.date > r.date => {
                    format!("since: {}", result_line(latest))
                }
                Some((u, _)) => match u.cutover {
                    Some(c) => format!("re-planned for {} (wave {})", format::date(c), u.wave),
                    None => "not placed".into(),
                },
                None => String::new(),
            };
            RollbackEvent {
                workload: r.workload.clone(),
                href: workload_href(&r.workload),
                tier_label: r.tier.label(),
                date: format::date(r.date),
                note: r.note.clone(),
                review: r.review.as_deref().map(|f| review_ref(plan, f)),
                now,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ratios() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(Vec::new()), None);
        let m = measured(2.0, 2.5);
        assert_eq!(m.ratio, "1.25x");
        assert!(m.over);
        assert_eq!(measured(0.0, 1.0).ratio, "");
    }
}
