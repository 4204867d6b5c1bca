//! The plan as the author wrote it, typed and with defaults applied.
//!
//! Values that later stages may need to point at keep a [`Loc`]: a byte span in a named input
//! file, resolved to line and column only when a diagnostic is made.
//!
//! One file per concern: [`enums`] (every enum spelled in plan.toml), [`workload`] (with its
//! rollback plan), [`signoff`] (skills, approvals, checks, status), [`results`],
//! [`scenario`], [`notes`]; here the plan itself, its settings and calendar, and [`Loc`].

use jiff::civil::{Date, Weekday};
use std::sync::Arc;

mod enums;
mod notes;
mod results;
mod scenario;
mod signoff;
mod workload;

pub use enums::*;
pub use notes::*;
pub use results::*;
pub use scenario::*;
pub use signoff::*;
pub use workload::*;

/// A byte span in one input file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: Arc<str>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub meta: PlanMeta,
    pub network: Network,
    pub site: SiteSettings,
    pub freezes: Vec<Freeze>,
    pub peaks: Vec<Peak>,
    pub workloads: Vec<Workload>,
    pub skills: Vec<Skill>,
    pub approvals: Vec<Approval>,
    pub checks: Vec<Check>,
    /// `[[result]]`s in plan order (spec section 9).
    pub results: Vec<UnitResult>,
    pub notes: Notes,
    /// The text of plan.toml and its line index, to resolve [`Loc`]s into diagnostics.
    pub plan_toml: Arc<str>,
    pub plan_lines: Arc<crate::diagnostics::LineIndex>,
    /// Workload id to its index in `workloads` (the first, should an id repeat).
    pub workload_ids: std::collections::HashMap<String, usize>,
    /// The `[[scenario]]`s: alternatives to this plan, each a whole plan (their own
    /// `scenarios` empty). Only this plan is the plan of record.
    pub scenarios: Vec<Scenario>,
}

#[derive(Debug, Clone)]
pub struct PlanMeta {
    pub title: String,
    pub organization: Option<String>,
    pub revision: String,
    pub start: Date,
    pub wave_weeks: u32,
    pub wave_gap_days: u32,
    pub max_units_per_wave: Option<u32>,
    pub max_data_tb_per_wave: Option<f64>,
    pub pilot_max_units: u32,
    pub estimate_buffer_percent: f64,
    pub cutover_weekdays: Vec<Weekday>,
    pub cutover_overhead_hours: f64,
    /// As written; [`Plan::as_of`] derives it from the results when absent.
    pub as_of: Option<Date>,
    /// `baseline`: an archive of an earlier revision, relative to the plan folder.
    pub baseline: Option<Baseline>,
}

/// Where `[plan] baseline` points, and where it is written.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub path: String,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Network {
    pub expressroute_mbps: f64,
    pub vpn_mbps: f64,
    pub internet_mbps: f64,
    pub utilization: f64,
    pub databox_turnaround_days: f64,
    pub databox_device_tb: f64,
    pub databox_min_tb: f64,
    /// Hours a day that bulk copies may use the links (0 < h <= 24).
    pub transfer_hours_per_day: f64,
    /// Data Box devices on hand at once; `None`: no limit.
    pub databox_devices: Option<u32>,
    /// Whether measured transfers correct `utilization` per path (spec section 9).
    pub calibrate: bool,
}

impl Network {
    /// Bandwidth of a network path; 0 when it is not available (Data Box has none).
    pub fn mbps(&self, path: TransferPath) -> f64 {
        match path {
            TransferPath::ExpressRoute => self.expressroute_mbps,
            TransferPath::Vpn => self.vpn_mbps,
            TransferPath::Internet => self.internet_mbps,
            TransferPath::DataBox => 0.0,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SiteSettings {
    pub raw_html: bool,
    pub footer: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Freeze {
    pub name: String,
    pub start: Date,
    pub end: Date,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub enum PeakWhen {
    /// The last N weekdays (Mon-Fri) of every month.
    MonthEnd(u32),
    Dated {
        start: Date,
        end: Date,
    },
}

#[derive(Debug, Clone)]
pub struct Peak {
    pub name: String,
    pub when: PeakWhen,
    pub business_units: Vec<String>,
    pub workloads: Vec<String>,
    pub loc: Loc,
}

impl Peak {
    /// Whether the peak affects a workload: named by id or business unit; neither given: all.
    pub fn applies_to(&self, workload: &Workload) -> bool {
        if self.business_units.is_empty() && self.workloads.is_empty() {
            return true;
        }
        self.workloads.contains(&workload.id)
            || workload
                .business_unit
                .as_ref()
                .is_some_and(|bu| self.business_units.contains(bu))
    }
}

impl Plan {
    /// The plan-scoped approvals, in plan order: the plan is approved when there is at least
    /// one and all of them are signed.
    pub fn plan_approvals(&self) -> Vec<&Approval> {
        self.approvals
            .iter()
            .filter(|a| a.scope == Scope::Plan)
            .collect()
    }

    /// The day results are recorded up to: `as_of` as written, else the latest result's date;
    /// `None` when neither (then open units have no such constraint).
    pub fn as_of(&self) -> Option<Date> {
        self.meta
            .as_of
            .or_else(|| self.results.iter().map(|r| r.date).max())
    }

    /// The latest result of a unit (by date; plan order breaks no tie, two on one day are an
    /// input error), and every result of it in date order.
    pub fn results_of(&self, workload: &str, tier: Tier) -> Vec<&UnitResult> {
        let mut list: Vec<&UnitResult> = self
            .results
            .iter()
            .filter(|r| r.workload == workload && r.tier == tier)
            .collect();
        list.sort_by_key(|r| r.date);
        list
    }

    pub fn workload(&self, id: &str) -> Option<&Workload> {
        self.workload_index(id).map(|i| &self.workloads[i])
    }

    pub fn workload_index(&self, id: &str) -> Option<usize> {
        self.workload_ids.get(id).copied()
    }

    /// Points a diagnostic at a place in plan.toml.
    pub fn point(
        &self,
        diagnostic: crate::diagnostics::Diagnostic,
        loc: &Loc,
    ) -> crate::diagnostics::Diagnostic {
        diagnostic.at_indexed(
            &loc.file,
            &self.plan_toml,
            &self.plan_lines,
            loc.start..loc.end,
        )
    }
}
