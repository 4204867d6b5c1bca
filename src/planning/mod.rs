//! From a validated [`Plan`] to a [`Computed`] plan: paths, estimates, methods, units, waves,
//! cutover dates, hybrid links, go/no-go checklists and status (spec section 3).

pub mod approvals;
pub mod calendar;
pub mod calibration;
pub mod gonogo;
pub mod groups;
pub mod links;
pub mod paths;
pub mod pinned;
pub mod placement;
pub mod progress;
pub mod rules;
pub mod scenarios;
pub mod shared_links;
pub mod transfer;
pub mod units;
pub mod waves;

use crate::diagnostics::{Diagnostic, sort};
pub use crate::model::Tier;
use crate::model::{Method, Plan, TransferPath};
pub use approvals::ApprovalState;
use calendar::Window;
use jiff::civil::Date;
use std::collections::HashMap;
use transfer::{Estimate, MethodDecision, PathDecision};

/// What waves hold: a workload's production environment, or all its other environments.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Index into `plan.workloads`.
    pub workload: usize,
    pub tier: Tier,
    pub environments: Vec<String>,
    pub data_gb: f64,
    pub path: TransferPath,
    pub method: Method,
    /// The estimate (at the calibrated utilization for an open unit, at the planned one for a
    /// pinned unit); the measured figures are the result's.
    pub transfer_hours: f64,
    /// The hours it puts on its wave's link load: the measured `transfer_hours` of a pinned
    /// unit's result where given, else the estimate.
    pub load_hours: f64,
    /// Data Box devices (0 on a network path).
    pub devices: u32,
    /// The shared figure: for an offline network transfer, the transfers of its cutover day
    /// and path plus the overhead (spec section 3, "Shared links").
    pub downtime_hours: f64,
    /// 1-based; 0 only while planning.
    pub wave: u32,
    pub cutover: Option<Date>,
    /// The units whose offline transfers share its cutover day and path.
    pub shared_with: Vec<usize>,
}

/// What planning decided for one workload.
#[derive(Debug, Clone)]
pub struct WorkloadPlan {
    pub path: PathDecision,
    /// Production data on every available path.
    pub estimates: Vec<Estimate>,
    /// The production unit's method (or the non-production one's for a workload without
    /// production).
    pub method: MethodDecision,
    pub tolerance_hours: f64,
    pub tolerance_defaulted: bool,
    /// The production unit's downtime (or the only unit's), shared with the transfers of its
    /// cutover day and path; `method.downtime_hours` is the solo figure the method rules used.
    pub downtime_hours: f64,
    pub nonprod_unit: Option<usize>,
    pub prod_unit: Option<usize>,
    /// Workloads that depend on this one (indices), for links both ways.
    pub dependents: Vec<usize>,
}

impl WorkloadPlan {
    pub fn meets_tolerance(&self) -> bool {
        transfer::within_tolerance(self.downtime_hours, self.tolerance_hours)
    }
}

/// A direct dependency whose two ends are in different waves.
#[derive(Debug, Clone, PartialEq)]
pub struct HybridLink {
    /// The dependent workload.
    pub from: usize,
    /// The workload it depends on.
    pub to: usize,
    pub tier: Tier,
    pub from_wave: u32,
    pub to_wave: u32,
    /// The dependent has a `hybrid_plan`.
    pub bridged: bool,
}

/// One item of a wave's go/no-go checklist.
#[derive(Debug, Clone)]
pub struct CheckItem {
    pub key: &'static str,
    pub title: String,
    pub passed: bool,
    pub reason: String,
    /// What fails the item.
    pub concerns: Vec<Concern>,
}

/// What a failing go/no-go item names: a workload, or a direct dependency split across waves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Concern {
    /// Index into `plan.workloads`.
    Workload(usize),
    /// A hybrid link: the dependent workload and the one it depends on (indices).
    Link { from: usize, to: usize },
}

impl Concern {
    /// The workload to link to: the workload itself, or a link's dependent.
    pub fn workload(self) -> usize {
        match self {
            Concern::Workload(w) | Concern::Link { from: w, .. } => w,
        }
    }

    /// As reasons, pages and plan.json write it: `id`, or `dependent -> dependency`.
    pub fn label(self, plan: &Plan) -> String {
        match self {
            Concern::Workload(w) => plan.workloads[w].id.clone(),
            Concern::Link { from, to } => {
                format!("{} -> {}", plan.workloads[from].id, plan.workloads[to].id)
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Wave {
    pub number: u32,
    pub window: Window,
    /// Unit indices by cutover date, then tier, then workload id.
    pub units: Vec<usize>,
    pub checklist: Vec<CheckItem>,
    pub go: bool,
    /// Load per network path against capacity, Data Box devices, shared-link warnings.
    pub links: shared_links::WaveLinks,
}

/// The plan's status, decided here (see [`approvals::status`]); declared with the model
/// because the diff document names it too.
pub use crate::model::Status;

/// The computed plan.
#[derive(Debug, Clone)]
pub struct Computed {
    /// Parallel to `plan.workloads`.
    pub workloads: Vec<WorkloadPlan>,
    pub units: Vec<Unit>,
    pub waves: Vec<Wave>,
    pub hybrid_links: Vec<HybridLink>,
    pub status: Status,
    /// Parallel to `plan.approvals`: signed, pending or stale (spec section 11).
    pub approvals: Vec<ApprovalState>,
    /// What changed since the plan's `baseline`, when it has one.
    pub changes: Option<crate::changes::Changes>,
    /// Planning warnings, pointing at the plan.toml lines that cause them.
    pub diagnostics: Vec<Diagnostic>,
    /// The plan's scenarios, planned (set by [`scenarios::compute_all`]; empty otherwise).
    pub scenarios: Vec<scenarios::ScenarioPlan>,
    /// What progress is measured against when the plan has results (set by the build:
    /// [`progress::without_results`], or the baseline's plan); `None` otherwise.
    pub progress_reference: Option<progress::ProgressReference>,
    /// One per network path with measured transfers, in path order (spec section 9).
    pub calibrations: Vec<calibration::Calibration>,
    /// The utilization open units are estimated with: the planned one, or per calibrated path
    /// the measured median.
    pub utilization: transfer::Utilization,
}

impl Computed {
    pub fn wave(&self, number: u32) -> Option<&Wave> {
        self.waves.get((number as usize).checked_sub(1)?)
    }
}

/// Runs the planning rules, step by step. Errors: no path for a workload, or a unit no wave can
/// take. Approvals signed for another revision are stale: no baseline covers them here (see
/// [`crate::baseline`] for a plan with one).
pub fn compute(plan: &Plan) -> Result<Computed, Vec<Diagnostic>> {
    let mut computed = place(plan)?;
    let (states, warnings) = approvals::without_baseline(plan);
    decide(plan, &mut computed, states, warnings);
    Ok(computed)
}

/// The planning rules up to go/no-go: paths, units, waves, cutovers and hybrid links. The
/// result has no approval states, a draft status and empty checklists until [`decide`].
pub fn place(plan: &Plan) -> Result<Computed, Vec<Diagnostic>> {
    let index_of: HashMap<&str, usize> = plan
        .workloads
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    let planned = paths::paths(plan)?;
    let calibration::Calibrated {
        calibrations,
        utilization,
    } = calibration::calibrate(plan, &planned);
    let planned_paths: Vec<TransferPath> = planned.iter().map(|p| p.path).collect();
    let paths = paths::replan(plan, planned, utilization);
    let units::Units {
        mut workloads,
        mut units,
    } = units::units(plan, paths, &planned_paths, utilization, &index_of);
    let mut warnings = units::method_warnings(plan, &workloads);
    let unit_deps = units::dependencies(plan, &index_of, &workloads, &units);
    let mut placed = placement::place(plan, &index_of, &mut units, &unit_deps)?;
    warnings.extend(placed.warnings);
    warnings.extend(shared_links::apply(
        plan,
        utilization,
        &mut units,
        &mut workloads,
        &mut placed.waves,
        placed.link_findings,
    ));
    let (hybrid_links, link_warnings) = links::hybrid_links(plan, &units, &unit_deps);
    warnings.extend(link_warnings);
    warnings.extend(gonogo::wave_references(plan, placed.waves.len() as u32));
    warnings.extend(pinned::review_warnings(plan));
    let mut computed = Computed {
        workloads,
        units,
        waves: placed.waves,
        hybrid_links,
        status: Status::Draft,
        approvals: Vec::new(),
        changes: None,
        diagnostics: Vec::new(),
        scenarios: Vec::new(),
        progress_reference: None,
        calibrations,
        utilization,
    };
    sort(&mut warnings);
    computed.diagnostics = warnings;
    Ok(computed)
}

/// Approval states decided, then the status and every wave's go/no-go that depend on them.
pub fn decide(
    plan: &Plan,
    computed: &mut Computed,
    states: Vec<ApprovalState>,
    warnings: Vec<Diagnostic>,
) {
    computed.status = approvals::status(plan, &states);
    computed.approvals = states;
    computed.diagnostics.extend(warnings);
    sort(&mut computed.diagnostics);
    gonogo::checklists(plan, computed);
}
