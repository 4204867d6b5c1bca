//! Where the migration stands (spec section 9): the progress page (units by state, data
//! moved, the burn-up against the reference plan, what slipped, estimate accuracy, rollbacks
//! with their reviews), the dashboard's summary, and a workload's history of results.

mod accuracy;
mod burnup_data;
mod history;
mod rollbacks;
mod slips;
mod waves;

pub use accuracy::{AccuracyRow, Measured};
pub use burnup_data::BurnupRow;
pub use history::{HistoryEntry, history};
pub use rollbacks::RollbackEvent;
pub use slips::SlipView;
pub use waves::WaveProgress;

use crate::model::{Plan, ResultStatus};
use crate::planning::Computed;
use crate::planning::progress::{self, PLANNED, ProgressReference};
use crate::site::charts::{Chart, ChartResult};
use crate::site::format;
use crate::site::urls::Page;
use serde::Serialize;

/// A state and how many units are in it.
#[derive(Debug, Clone, Serialize)]
pub struct StateCount {
    pub state: &'static str,
    pub label: &'static str,
    pub count: usize,
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

fn percent(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        format!("{:.0} %", part / whole * 100.0)
    } else {
        "-".into()
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
    let dates = burnup_data::cutover_dates(plan, computed);
    let (slipped, due, due_done) = slips::slips(plan, computed, as_of);

    let end_planned = dates.planned.last().copied();
    let end_now = dates.done.iter().chain(&dates.open).max().copied();
    let end_slip_days = match (end_planned, end_now) {
        (Some(a), Some(b)) => (b - a).get_days() as i64,
        _ => 0,
    };
    let burnup = burnup_data::chart(&dates, reference, as_of, p.units(), end_now)?;
    let burnup_rows = burnup_data::month_rows(&dates, as_of);
    let (accuracy, accuracy_summary) = accuracy::accuracy(plan, computed);
    let rollbacks = rollbacks::rollbacks(plan, computed);
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
        waves: waves::wave_rows(plan, computed),
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
