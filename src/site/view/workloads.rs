//! The workload and rollback pages.

use super::common::{
    LinkView, UnitView, Warned, WarningView, calibration_text, rollback_href, workload_href,
};
use super::shared::SharedView;
use crate::inputs::Inputs;
use crate::model::{Note, Plan, Rollback, TestResult, Trigger, Workload};
use crate::planning::transfer::{self, MethodDecision, Utilization};
use crate::planning::{Computed, Tier, WorkloadPlan, pinned};
use crate::site::{format, markdown, urls};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub value: &'static str,
    pub label: &'static str,
    pub rule: u8,
    pub reason: String,
    pub reason_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EstimateView {
    pub path: &'static str,
    pub label: &'static str,
    pub prod_hours: String,
    pub nonprod_hours: Option<String>,
    pub devices: Option<u32>,
    pub chosen: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepView {
    pub id: String,
    pub name: String,
    pub href: String,
    /// "direct" (same wave or bridged) or "latency-tolerant".
    pub kind: &'static str,
    pub waves: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub title: Option<String>,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssetView {
    pub path: String,
    /// Percent-encoded, relative to the site root.
    pub href: String,
    pub sha256: String,
    pub size: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RollbackView {
    pub present: bool,
    /// A production unit needs a rollback plan for its wave to be GO.
    pub required: bool,
    pub complete: bool,
    pub missing: Vec<&'static str>,
    pub authority: Option<String>,
    pub triggers: Vec<Trigger>,
    pub steps: Vec<String>,
    pub max_minutes: Option<String>,
    pub assets: Vec<AssetView>,
    pub rehearsed: bool,
    pub rehearsal_passed: bool,
    pub rehearsal: String,
    pub reviewed: String,
    pub notes: Option<NoteView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkloadView {
    pub id: String,
    /// What changed for this workload since the plan's baseline (empty without one).
    pub changes: Vec<String>,
    pub name: String,
    pub href: String,
    pub rollback_href: String,
    pub owner: String,
    pub business_unit: Option<String>,
    pub description: Option<String>,
    pub criticality: &'static str,
    pub criticality_validated: Option<String>,
    pub sensitivity: &'static str,
    pub sensitive: bool,
    pub environments: Vec<String>,
    pub time_sensitive: bool,
    pub replication: bool,
    pub data: String,
    pub nonprod_data: Option<String>,
    pub change_per_day: String,
    pub tolerance: String,
    pub tolerance_defaulted: bool,
    pub path: DecisionView,
    pub method: DecisionView,
    /// The shared figure (spec section 3, "Shared links").
    pub downtime: String,
    /// What the method rules used: the unit's transfer alone.
    pub solo_downtime: String,
    pub meets_tolerance: bool,
    pub replication_check: Option<String>,
    pub estimates: Vec<EstimateView>,
    /// The measured figures its open units' estimates use (spec section 9): "VPN: 61 %
    /// measured over 4 transfers, planned 80 %"; empty when none applies.
    pub calibration: Vec<String>,
    pub units: Vec<SharedView<UnitView>>,
    pub nonprod_wave: Option<u32>,
    pub prod_wave: Option<u32>,
    pub waves: String,
    pub depends_on: Vec<DepView>,
    pub dependents: Vec<DepView>,
    pub hybrid_plan: Option<String>,
    pub links: Vec<LinkView>,
    pub success_criteria: Vec<String>,
    pub tags: Vec<String>,
    pub notes: Option<NoteView>,
    pub rollback: RollbackView,
    pub warnings: Vec<SharedView<WarningView>>,
    /// Every result of its units, oldest first (spec section 9).
    pub history: Vec<super::progress::HistoryEntry>,
}

/// What lists of workloads show (`site.workloads`): the workload page's data without its
/// notes, units, dependencies, rollback details and warnings.
#[derive(Serialize)]
pub struct WorkloadRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub href: &'a str,
    pub rollback_href: &'a str,
    pub owner: &'a str,
    pub business_unit: &'a Option<String>,
    pub criticality: &'static str,
    pub criticality_validated: &'a Option<String>,
    pub sensitivity: &'static str,
    pub time_sensitive: bool,
    pub data: &'a str,
    pub path: &'a DecisionView,
    pub method: &'a DecisionView,
    pub estimates: &'a [EstimateView],
    pub nonprod_wave: Option<u32>,
    pub prod_wave: Option<u32>,
    pub rollback: RollbackRow,
    pub warning_count: usize,
}

#[derive(Serialize)]
pub struct RollbackRow {
    pub present: bool,
    pub required: bool,
    pub complete: bool,
    pub rehearsal_passed: bool,
    /// What lists say of it (`none`, `incomplete`, `not rehearsed`, `rehearsed`).
    pub label: &'static str,
    /// Whether lists mark it as a problem.
    pub bad: bool,
}

/// What lists of workloads say of a rollback plan (the workloads page and the search index),
/// worst first: the order a sort by the rollback column follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollbackState {
    /// No rollback plan, and a production unit needs one.
    Missing,
    Incomplete,
    NotRehearsed,
    /// No rollback plan, and none needed (no production unit).
    NotRequired,
    Rehearsed,
}

impl RollbackState {
    /// Every state, worst first.
    pub const ALL: [RollbackState; 5] = [
        RollbackState::Missing,
        RollbackState::Incomplete,
        RollbackState::NotRehearsed,
        RollbackState::NotRequired,
        RollbackState::Rehearsed,
    ];

    pub fn of(r: &RollbackView) -> Self {
        match (r.present, r.complete, r.rehearsal_passed) {
            (false, _, _) if r.required => RollbackState::Missing,
            (false, _, _) => RollbackState::NotRequired,
            (true, false, _) => RollbackState::Incomplete,
            (true, true, false) => RollbackState::NotRehearsed,
            (true, true, true) => RollbackState::Rehearsed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RollbackState::Missing | RollbackState::NotRequired => "none",
            RollbackState::Incomplete => "incomplete",
            RollbackState::NotRehearsed => "not rehearsed",
            RollbackState::Rehearsed => "rehearsed",
        }
    }

    /// Whether it stands between a wave and GO, marked as a problem.
    pub fn bad(self) -> bool {
        matches!(
            self,
            RollbackState::Missing | RollbackState::Incomplete | RollbackState::NotRehearsed
        )
    }
}

impl<'a> From<&'a WorkloadView> for WorkloadRow<'a> {
    fn from(w: &'a WorkloadView) -> Self {
        WorkloadRow {
            id: &w.id,
            name: &w.name,
            href: &w.href,
            rollback_href: &w.rollback_href,
            owner: &w.owner,
            business_unit: &w.business_unit,
            criticality: w.criticality,
            criticality_validated: &w.criticality_validated,
            sensitivity: w.sensitivity,
            time_sensitive: w.time_sensitive,
            data: &w.data,
            path: &w.path,
            method: &w.method,
            estimates: &w.estimates,
            nonprod_wave: w.nonprod_wave,
            prod_wave: w.prod_wave,
            rollback: {
                let state = RollbackState::of(&w.rollback);
                RollbackRow {
                    present: w.rollback.present,
                    required: w.rollback.required,
                    complete: w.rollback.complete,
                    rehearsal_passed: w.rollback.rehearsal_passed,
                    label: state.label(),
                    bad: state.bad(),
                }
            },
            warning_count: w.warnings.len(),
        }
    }
}

/// Serializes workload views as their summary rows (`site.workloads`).
pub fn serialize_rows<S: serde::Serializer>(
    views: &[WorkloadView],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(views.iter().map(WorkloadRow::from))
}

/// Everything a workload view needs besides the workload itself.
pub struct Shared<'a> {
    pub plan: &'a Plan,
    pub computed: &'a Computed,
    pub inputs: &'a Inputs,
    pub links: &'a [LinkView],
    /// Every unit's view, by unit index.
    pub units: &'a [SharedView<UnitView>],
    pub warnings: &'a [Warned],
    /// Per workload: its hybrid links and its warnings (indices into the lists above), so a
    /// workload page does not scan every link and warning of the plan.
    pub links_of: &'a [Vec<usize>],
    pub warnings_of: &'a [Vec<usize>],
}

pub fn workload_view(s: &Shared<'_>, index: usize) -> WorkloadView {
    let (plan, computed) = (s.plan, s.computed);
    let w = &plan.workloads[index];
    let wp = &computed.workloads[index];
    let units: Vec<SharedView<UnitView>> = [wp.nonprod_unit, wp.prod_unit]
        .into_iter()
        .flatten()
        .map(|u| s.units[u].clone())
        .collect();
    let raw_html = plan.site.raw_html;
    WorkloadView {
        id: w.id.clone(),
        changes: super::changes::workload_lines(computed, &w.id),
        name: w.name.clone(),
        href: workload_href(&w.id),
        rollback_href: rollback_href(&w.id),
        owner: w.owner.clone(),
        business_unit: w.business_unit.clone(),
        description: w.description.clone(),
        criticality: w.criticality.as_str(),
        criticality_validated: w.criticality_validated.map(format::date),
        sensitivity: w.sensitivity.as_str(),
        sensitive: w.sensitivity.is_sensitive(),
        environments: w.environments.clone(),
        time_sensitive: w.time_sensitive,
        replication: w.replication,
        data: format::data(w.data_gb),
        nonprod_data: w.has_nonprod().then(|| format::data(w.nonprod_data_gb)),
        change_per_day: format!("{}/day", format::data(w.change_gb_per_day)),
        tolerance: format!("{} h", format::number(wp.tolerance_hours)),
        tolerance_defaulted: wp.tolerance_defaulted,
        path: DecisionView {
            value: wp.path.path.as_str(),
            label: wp.path.path.label(),
            rule: wp.path.rule.number(),
            reason: wp.path.reason.clone(),
            reason_html: format::message_html(&wp.path.reason),
        },
        method: method_view(&wp.method),
        downtime: format::hours(wp.downtime_hours),
        solo_downtime: format::hours(wp.method.downtime_hours),
        meets_tolerance: wp.meets_tolerance(),
        replication_check: replication_text(&wp.method),
        estimates: estimates(plan, computed, w, wp),
        calibration: calibration(plan, computed, w),
        nonprod_wave: wp.nonprod_unit.map(|u| computed.units[u].wave),
        prod_wave: wp.prod_unit.map(|u| computed.units[u].wave),
        waves: waves_text(computed, wp),
        units,
        depends_on: w
            .depends_on
            .iter()
            .filter_map(|d| dep_view(s, d, w.latency_tolerant.contains(d)))
            .collect(),
        dependents: wp
            .dependents
            .iter()
            .map(|&j| &plan.workloads[j])
            .filter_map(|dependent| {
                dep_view(s, &dependent.id, dependent.latency_tolerant.contains(&w.id))
            })
            .collect(),
        hybrid_plan: w.hybrid_plan.clone(),
        links: s.links_of[index]
            .iter()
            .map(|&l| s.links[l].clone())
            .collect(),
        success_criteria: w.success_criteria.clone(),
        tags: w.tags.clone(),
        notes: plan
            .notes
            .workloads
            .get(&w.id)
            .map(|n| note_view(n, raw_html)),
        rollback: rollback_view(s, w),
        history: super::progress::history(plan, &w.id),
        warnings: s.warnings_of[index]
            .iter()
            .map(|&i| s.warnings[i].view.clone())
            .collect(),
    }
}

fn method_view(m: &MethodDecision) -> DecisionView {
    DecisionView {
        value: m.method.as_str(),
        label: m.method.as_str(),
        rule: m.rule.number(),
        reason: m.reason.clone(),
        reason_html: format::message_html(&m.reason),
    }
}

fn replication_text(m: &MethodDecision) -> Option<String> {
    let keeps_up = m.replication_keeps_up?;
    Some(match m.replication_mbps {
        Some((need, have)) => format!(
            "{}: {:.1} Mbps of daily change against {:.0} Mbps on the sync path",
            if keeps_up {
                "keeps up"
            } else {
                "cannot keep up"
            },
            need,
            have
        ),
        None => "cannot keep up: no network path to carry the sync".into(),
    })
}

/// Production and non-production data on every available path, side by side; an open unit's
/// at the calibrated utilization, a pinned one's as planned (spec section 9).
fn estimates(
    plan: &Plan,
    computed: &Computed,
    w: &Workload,
    wp: &WorkloadPlan,
) -> Vec<EstimateView> {
    let utilization = if pinned::pinning_result(plan, w, Tier::Nonprod).is_some() {
        Utilization::planned(&plan.network)
    } else {
        computed.utilization
    };
    let nonprod = w
        .has_nonprod()
        .then(|| transfer::estimates(plan, utilization, w.nonprod_data_gb));
    wp.estimates
        .iter()
        .enumerate()
        .map(|(i, e)| EstimateView {
            path: e.path.as_str(),
            label: e.path.label(),
            prod_hours: format::hours(e.hours),
            nonprod_hours: nonprod
                .as_ref()
                .and_then(|n| n.get(i))
                .map(|n| format::hours(n.hours)),
            devices: e.devices,
            chosen: e.path == wp.path.path,
        })
        .collect()
}

/// The calibrations that apply to a workload with an open unit (its estimates and path rules
/// use them); none for a workload whose units are all pinned.
fn calibration(plan: &Plan, computed: &Computed, w: &Workload) -> Vec<String> {
    let open = [(Tier::Nonprod, w.has_nonprod()), (Tier::Prod, w.has_prod())]
        .into_iter()
        .any(|(tier, has)| has && pinned::pinning_result(plan, w, tier).is_none());
    if !open {
        return Vec::new();
    }
    computed
        .calibrations
        .iter()
        .filter(|c| c.applied)
        .map(calibration_text)
        .collect()
}

fn waves_text(computed: &Computed, wp: &WorkloadPlan) -> String {
    let wave = |u: Option<usize>| u.map(|u| computed.units[u].wave);
    match (wave(wp.nonprod_unit), wave(wp.prod_unit)) {
        (Some(n), Some(p)) => format!("non-production in wave {n}, production in wave {p}"),
        (Some(n), None) => format!("non-production in wave {n}"),
        (None, Some(p)) => format!("production in wave {p}"),
        (None, None) => "not placed".into(),
    }
}

fn dep_view(s: &Shared<'_>, id: &str, tolerant: bool) -> Option<DepView> {
    let index = s.plan.workload_index(id)?;
    let w = &s.plan.workloads[index];
    Some(DepView {
        id: w.id.clone(),
        name: w.name.clone(),
        href: workload_href(&w.id),
        kind: if tolerant {
            "latency-tolerant"
        } else {
            "direct"
        },
        waves: waves_text(s.computed, &s.computed.workloads[index]),
    })
}

pub fn note_view(note: &Note, raw_html: bool) -> NoteView {
    NoteView {
        title: note.title.clone(),
        html: markdown::render(&note.body, raw_html),
    }
}

fn rollback_view(s: &Shared<'_>, w: &Workload) -> RollbackView {
    let notes = s
        .plan
        .notes
        .rollback
        .get(&w.id)
        .map(|n| note_view(n, s.plan.site.raw_html));
    let Some(r) = &w.rollback else {
        return RollbackView {
            present: false,
            required: w.has_prod(),
            complete: false,
            missing: vec!["authority", "triggers", "steps"],
            authority: None,
            triggers: Vec::new(),
            steps: Vec::new(),
            max_minutes: None,
            assets: Vec::new(),
            rehearsed: false,
            rehearsal_passed: false,
            rehearsal: "not rehearsed".into(),
            reviewed: "never reviewed".into(),
            notes,
        };
    };
    RollbackView {
        present: true,
        required: w.has_prod(),
        complete: r.missing_parts().is_empty(),
        missing: r.missing_parts(),
        authority: r.authority.clone(),
        triggers: r.triggers.clone(),
        steps: r.steps.clone(),
        max_minutes: r.max_minutes.map(|m| format!("{} min", format::number(m))),
        assets: r.assets.iter().map(|a| asset_view(s.inputs, a)).collect(),
        rehearsed: r.test_result.is_some(),
        rehearsal_passed: r.test_result == Some(TestResult::Passed),
        rehearsal: rehearsal_text(r),
        reviewed: r
            .reviewed_on
            .map(format::date)
            .unwrap_or_else(|| "never reviewed".into()),
        notes,
    }
}

fn rehearsal_text(r: &Rollback) -> String {
    let on = r
        .tested_on
        .map(|d| format!(" on {}", format::date(d)))
        .unwrap_or_default();
    match r.test_result {
        Some(TestResult::Passed) => format!("passed{on}"),
        Some(TestResult::Failed) => format!("failed{on}"),
        None if r.tested_on.is_some() => format!("rehearsed{on}, result not recorded"),
        None => "not rehearsed".into(),
    }
}

/// The loader has checked every asset exists; a missing one still renders (without a digest)
/// rather than panic.
fn asset_view(inputs: &Inputs, path: &str) -> AssetView {
    let path = path.trim_start_matches("./");
    let bytes = inputs.get(path);
    AssetView {
        path: path.to_string(),
        href: urls::asset(path),
        sha256: bytes
            .map(crate::digest::sha256_hex)
            .unwrap_or_else(|| "missing".into()),
        size: bytes.map(|b| byte_size(b.len())).unwrap_or_default(),
    }
}

fn byte_size(n: usize) -> String {
    match n {
        0..1024 => format!("{n} B"),
        1024..1_048_576 => format!("{:.1} KiB", n as f64 / 1024.0),
        _ => format!("{:.1} MiB", n as f64 / 1_048_576.0),
    }
}
