//! The wave pages: window, units, go/no-go checklist, approvals, warnings.

use super::common::{
    ApprovalView, LinkView, RefView, UnitView, WarningView, approval_view, unit_view, wave_href,
    workload_href,
};
use crate::model::{Plan, Scope};
use crate::planning::{CheckItem, Computed, Tier, Wave};
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
    pub href: String,
    pub pilot: bool,
    pub start: String,
    pub end: String,
    pub start_iso: String,
    pub end_iso: String,
    pub go: bool,
    pub units: Vec<UnitView>,
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
    pub links: Vec<LinkView>,
    pub warnings: Vec<WarningView>,
}

/// A check item's workload list as links; entries like `a -> b` link to the dependent.
fn check_view(plan: &Plan, item: &CheckItem) -> CheckView {
    let workloads = item
        .workloads
        .iter()
        .map(|entry| {
            let id = entry.split(" -> ").next().unwrap_or(entry);
            RefView {
                label: entry.clone(),
                href: plan.workload(id).map(|w| workload_href(&w.id)),
            }
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
    links: &[LinkView],
    warnings: &[(WarningView, Vec<usize>)],
) -> WaveView {
    let units: Vec<_> = wave.units.iter().map(|&u| &computed.units[u]).collect();
    let cutovers: Vec<_> = units.iter().filter_map(|u| u.cutover).collect();
    let in_wave = |workload: usize| units.iter().any(|u| u.workload == workload);
    let checklist: Vec<CheckView> = wave.checklist.iter().map(|c| check_view(plan, c)).collect();
    WaveView {
        number: wave.number,
        href: wave_href(wave.number),
        pilot: wave.number == 1,
        start: format::date(wave.window.start),
        end: format::date(wave.window.end),
        start_iso: wave.window.start.to_string(),
        end_iso: wave.window.end.to_string(),
        go: wave.go,
        units: units.iter().map(|u| unit_view(plan, computed, u)).collect(),
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
            .filter(|(a, _)| a.scope == Scope::Plan || a.scope == Scope::Wave(wave.number))
            .map(|(a, state)| approval_view(a, state))
            .collect(),
        links: links
            .iter()
            .filter(|l| l.from_wave == wave.number || l.to_wave == wave.number)
            .cloned()
            .collect(),
        warnings: warnings
            .iter()
            .filter(|(view, concerned)| {
                concerned.iter().any(|&w| in_wave(w))
                    || (concerned.is_empty() && mentions_wave(&view.message_html, wave.number))
            })
            .map(|(view, _)| view.clone())
            .collect(),
    }
}

/// Whether a plan-wide warning is about wave `n` ("wave 1 is empty"), not wave 10 or 11.
fn mentions_wave(message: &str, n: u32) -> bool {
    let needle = format!("wave {n}");
    message.match_indices(&needle).any(|(at, _)| {
        !message[at + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::mentions_wave;

    #[test]
    fn wave_mentions_are_whole_numbers() {
        assert!(mentions_wave("the pilot: wave 1 is empty", 1));
        assert!(!mentions_wave("check is for wave 12", 1));
        assert!(mentions_wave("for wave 12", 12));
    }
}
