//! The wave pages: window, units, go/no-go checklist, approvals, warnings.

use super::common::{
    ApprovalView, LinkView, RefView, UnitView, Warned, WarningView, approval_view, wave_href,
    workload_href,
};
use super::shared::SharedView;
use crate::model::Plan;
use crate::planning::{CheckItem, Computed, Tier, Wave, progress};
use crate::site::format;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CheckView {
    pub key: &'static str,
    pub title: String,
    pub passed: bool,
    pub reason: String,
    /// The reason as HTML, `backticked` names set as code.
    pub reason_html: String,
    pub workloads: Vec<RefView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaveView {
    pub number: u32,
    /// What changed in this wave since the plan's baseline (empty without one).
    pub changes: Vec<String>,
    pub href: String,
    pub pilot: bool,
    pub start: String,
    pub end: String,
    pub start_iso: String,
    pub end_iso: String,
    pub go: bool,
    /// `planned`, `in-progress` or `done` (spec section 9), and how pages say it.
    pub state: &'static str,
    pub state_label: &'static str,
    pub units: Vec<SharedView<UnitView>>,
    pub prod_units: usize,
    pub nonprod_units: usize,
    pub data: String,
    pub transfer_hours: String,
    pub first_cutover: String,
    pub last_cutover: String,
    pub checklist: Vec<CheckView>,
    pub checks_passed: usize,
    pub checks_total: usize,
    /// Titles of the failed items, for summaries.
    pub failing: Vec<String>,
    pub approvals: Vec<ApprovalView>,
    /// Load per network path against capacity, Data Box devices.
    pub link_load: super::link_load::WaveLinksView,
    pub links: Vec<LinkView>,
    pub warnings: Vec<SharedView<WarningView>>,
}

/// A check item's concerns as links; a split dependency links to its dependent.
fn check_view(plan: &Plan, item: &CheckItem) -> CheckView {
    let workloads = item
        .concerns
        .iter()
        .map(|c| RefView {
            label: c.label(plan),
            href: Some(workload_href(&plan.workloads[c.workload()].id)),
        })
        .collect();
    CheckView {
        key: item.key,
        title: item.title.clone(),
        passed: item.passed,
        reason: item.reason.clone(),
        reason_html: format::message_html(&item.reason),
        workloads,
    }
}

pub fn wave_view(
    plan: &Plan,
    computed: &Computed,
    wave: &Wave,
    unit_views: &[SharedView<UnitView>],
    links: &[LinkView],
    warnings: &[Warned],
) -> WaveView {
    let units: Vec<_> = wave.units.iter().map(|&u| &computed.units[u]).collect();
    let cutovers: Vec<_> = units.iter().filter_map(|u| u.cutover).collect();
    // Whether a workload has a unit in the wave, by index: a scan of the wave's units per
    // warning is quadratic on large plans.
    let mut in_wave = vec![false; plan.workloads.len()];
    for u in &units {
        in_wave[u.workload] = true;
    }
    let checklist: Vec<CheckView> = wave.checklist.iter().map(|c| check_view(plan, c)).collect();
    WaveView {
        number: wave.number,
        changes: super::changes::wave_lines(computed, wave.number),
        href: wave_href(wave.number),
        pilot: wave.number == 1,
        start: format::date(wave.window.start),
        end: format::date(wave.window.end),
        start_iso: wave.window.start.to_string(),
        end_iso: wave.window.end.to_string(),
        go: wave.go,
        state: progress::wave_state(plan, computed, wave).as_str(),
        state_label: progress::wave_state(plan, computed, wave).label(),
        units: wave.units.iter().map(|&u| unit_views[u].clone()).collect(),
        prod_units: units.iter().filter(|u| u.tier == Tier::Prod).count(),
        nonprod_units: units.iter().filter(|u| u.tier == Tier::Nonprod).count(),
        data: format::data(units.iter().map(|u| u.data_gb).sum()),
        transfer_hours: format::hours(units.iter().map(|u| u.transfer_hours).sum()),
        first_cutover: cutovers
            .iter()
            .min()
            .map(|d| format::date(*d))
            .unwrap_or_else(|| "-".into()),
        last_cutover: cutovers
            .iter()
            .max()
            .map(|d| format::date(*d))
            .unwrap_or_else(|| "-".into()),
        checks_passed: checklist.iter().filter(|c| c.passed).count(),
        checks_total: checklist.len(),
        failing: checklist
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.title.clone())
            .collect(),
        checklist,
        approvals: plan
            .approvals
            .iter()
            .zip(&computed.approvals)
            .filter(|(a, _)| a.covers_wave(wave.number))
            .map(|(a, state)| approval_view(a, state))
            .collect(),
        link_load: super::link_load::wave_links_view(plan, wave),
        links: links
            .iter()
            .filter(|l| l.from_wave == wave.number || l.to_wave == wave.number)
            .cloned()
            .collect(),
        warnings: warnings
            .iter()
            .filter(|w| w.workloads.iter().any(|&i| in_wave[i]) || w.wave == Some(wave.number))
            .map(|w| w.view.clone())
            .collect(),
    }
}
