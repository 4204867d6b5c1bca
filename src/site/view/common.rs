//! View pieces shared by several pages: units, approvals, warnings, links.

use super::shared::SharedView;
use crate::diagnostics::Diagnostic;
use crate::model::{Approval, Plan, Scope, UnitResult};
use crate::planning::calibration::Calibration;
use crate::planning::transfer::within_tolerance;
use crate::planning::{ApprovalState, Computed, Tier, Unit, progress};
use crate::site::format;
use crate::site::urls::Page;
use serde::Serialize;
use std::ops::RangeInclusive;

/// Where a workload's page is, relative to the site root (see [`crate::site::urls`]).
pub fn workload_href(id: &str) -> String {
    Page::Workload(id).path()
}

pub fn rollback_href(id: &str) -> String {
    Page::Rollback(id).path()
}

pub fn wave_href(number: u32) -> String {
    Page::Wave(number).path()
}

/// A share of a link as pages write it: "61 %" (one decimal where there is one).
pub fn percent(share: f64) -> String {
    format!("{} %", format::number((share * 1000.0).round() / 10.0))
}

/// What a path's measured transfers say, as the transfers and workload pages write it (spec
/// section 9): "VPN: 61 % measured over 4 transfers, planned 80 %" (with "on 3 days" when some
/// ran side by side and made one sample).
pub fn calibration_text(c: &Calibration) -> String {
    let transfers: usize = c.samples.iter().map(|s| s.results.len()).sum();
    let days = if transfers == c.samples.len() {
        String::new()
    } else {
        format!(" on {} days", c.samples.len())
    };
    format!(
        "{}: {} measured over {transfers} transfer{}{days}, planned {}",
        c.path.label(),
        percent(c.measured_utilization),
        if transfers == 1 { "" } else { "s" },
        percent(c.planned_utilization)
    )
}

/// A piece of text that may link somewhere (`href` relative to the site root).
#[derive(Debug, Clone, Serialize)]
pub struct RefView {
    pub label: String,
    pub href: Option<String>,
}

/// A result in a line: "done Wed 10 Feb 2027, transfer 2.0 h, downtime 3.5 h: note".
pub fn result_line(r: &UnitResult) -> String {
    let mut line = format!("{} {}", r.status.label(), format::date(r.date));
    if let Some(h) = r.transfer_hours {
        line.push_str(&format!(", transfer {}", format::hours(h)));
    }
    if let Some(h) = r.downtime_hours {
        line.push_str(&format!(", downtime {}", format::hours(h)));
    }
    if let Some(note) = &r.note {
        line.push_str(&format!(": {note}"));
    }
    line
}

/// A unit as listed on wave, workload and schedule pages (held once: [`SharedView`]).
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub workload: String,
    pub name: String,
    pub href: String,
    pub criticality: &'static str,
    pub tier: &'static str,
    pub tier_label: &'static str,
    pub environments: String,
    pub wave: u32,
    pub wave_href: String,
    pub cutover: String,
    pub cutover_iso: String,
    pub method: &'static str,
    pub path: &'static str,
    pub data: String,
    pub transfer_hours: String,
    pub downtime: String,
    pub tolerance: String,
    /// Production downtime within the tolerance (always true for non-production units).
    pub within_tolerance: bool,
    /// Its state (spec section 9): `planned`, or its latest result's status.
    pub state: &'static str,
    pub state_label: &'static str,
    /// Its latest result in a line, when it has one.
    pub result: Option<String>,
    /// The units whose offline transfers share its cutover day and path (each unit's link
    /// made once: a day shared by many units lists each of them on every one).
    pub shared_with: Vec<SharedView<RefView>>,
}

/// A unit as others name it (`app-1 (prod)`), linking to its workload.
pub fn unit_ref(plan: &Plan, unit: &Unit) -> RefView {
    let id = &plan.workloads[unit.workload].id;
    RefView {
        label: format!("{id} ({})", unit.tier.as_str()),
        href: Some(workload_href(id)),
    }
}

/// `refs`: every unit's [`unit_ref`], by unit index.
pub fn unit_view(
    plan: &Plan,
    computed: &Computed,
    unit: &Unit,
    refs: &[SharedView<RefView>],
) -> UnitView {
    let w = &plan.workloads[unit.workload];
    let wp = &computed.workloads[unit.workload];
    let within =
        unit.tier == Tier::Nonprod || within_tolerance(unit.downtime_hours, wp.tolerance_hours);
    UnitView {
        workload: w.id.clone(),
        name: w.name.clone(),
        href: workload_href(&w.id),
        criticality: w.criticality.as_str(),
        tier: unit.tier.as_str(),
        tier_label: unit.tier.label(),
        environments: unit.environments.join(", "),
        wave: unit.wave,
        wave_href: wave_href(unit.wave),
        cutover: unit
            .cutover
            .map(format::date)
            .unwrap_or_else(|| "not scheduled".into()),
        cutover_iso: unit.cutover.map(|d| d.to_string()).unwrap_or_default(),
        method: unit.method.as_str(),
        path: unit.path.label(),
        data: format::data(unit.data_gb),
        transfer_hours: format::hours(unit.transfer_hours),
        downtime: format::hours(unit.downtime_hours),
        tolerance: if unit.tier == Tier::Prod {
            format!("{} h", format::number(wp.tolerance_hours))
        } else {
            "-".into()
        },
        within_tolerance: within,
        state: progress::unit_state(plan, unit),
        state_label: progress::latest(plan, unit).map_or(progress::PLANNED, |r| r.status.label()),
        result: progress::latest(plan, unit).map(result_line),
        shared_with: unit.shared_with.iter().map(|&o| refs[o].clone()).collect(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ApprovalView {
    pub role: String,
    pub name: String,
    pub scope: Scope,
    pub scope_label: String,
    /// Signed, and not stale.
    pub signed: bool,
    pub signed_on: Option<String>,
    /// For a stale approval: "signed for 2.0 on 15 Jan 2027, stale: wave 3 changed".
    pub stale: Option<String>,
}

/// An approval as pages show it, with its state (spec section 11).
pub fn approval_view(a: &Approval, state: &ApprovalState) -> ApprovalView {
    ApprovalView {
        role: a.role.clone(),
        name: a.name.clone(),
        scope: a.scope,
        scope_label: match a.scope {
            Scope::Plan => "whole plan".into(),
            Scope::Wave(n) => format!("wave {n}"),
        },
        signed: state.is_signed(),
        signed_on: a.signed_on.map(format::date),
        stale: match state {
            ApprovalState::Stale { revision, reason } => Some(match a.signed_on {
                Some(date) => format!(
                    "signed for {revision} on {}, stale: {reason}",
                    format::date(date)
                ),
                None => format!("signed for {revision}, stale: {reason}"),
            }),
            _ => None,
        },
    }
}

/// A warning as pages show it, with the workloads it concerns.
#[derive(Debug, Clone, Serialize)]
pub struct WarningView {
    pub severity: &'static str,
    pub code: &'static str,
    /// Escaped, with `backticked` words as `<code>`.
    pub message_html: String,
    pub location: String,
    pub source_line: String,
    pub help: Option<String>,
    pub help_html: Option<String>,
    /// Ids of the workloads the warning concerns.
    pub workloads: Vec<String>,
    /// The wave it concerns, if it is about one.
    pub wave: Option<u32>,
}

/// The links between the pages of a long list: the first and last page, the pages near the
/// current one, previous and next. Links are relative to the site root, plain `<a href>`s
/// that work without script and from `file://`. A list of 500 pages still gets a pager of a
/// few links.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: u32,
    pub total: u32,
    pub pages: Vec<PagerLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub number: u32,
    pub href: String,
    pub current: bool,
    /// Pages are left out between the previous link and this one.
    pub gap: bool,
}

/// How many workloads a summary (a failing item on the dashboard, a rule's "chosen for")
/// names before it only counts the rest: the pages about each wave or workload name them all.
pub const NAMED_WORKLOADS: usize = 10;

/// How many pages on each side of the current one the pager links by number.
const PAGER_NEAR: u32 = 2;

impl Pager {
    /// The pager of page `current` (from 1) of `total`, whose paths `path` makes.
    pub fn new(current: u32, total: usize, path: impl Fn(u32) -> String) -> Pager {
        let total = u32::try_from(total.max(1)).unwrap_or(u32::MAX);
        let near = current.saturating_sub(PAGER_NEAR)..=current.saturating_add(PAGER_NEAR);
        let mut pages: Vec<PagerLink> = Vec::new();
        for number in (1..=total).filter(|n| *n == 1 || *n == total || near.contains(n)) {
            pages.push(PagerLink {
                number,
                href: path(number),
                current: number == current,
                gap: pages.last().is_some_and(|p| p.number + 1 < number),
            });
        }
        Pager {
            current,
            total,
            pages,
            prev: (current > 1).then(|| path(current - 1)),
            next: (current < total).then(|| path(current + 1)),
        }
    }
}

/// The lines of plan.toml each workload's `[[workload]]` table spans, computed once.
pub fn workload_lines(plan: &Plan) -> Vec<Option<RangeInclusive<usize>>> {
    plan.workloads
        .iter()
        .map(|w| {
            (w.loc.end > w.loc.start).then(|| {
                // The plan's line index: scanning plan.toml per workload is quadratic.
                let first = plan.plan_lines.position(&plan.plan_toml, w.loc.start).line;
                let last = plan
                    .plan_lines
                    .position(&plan.plan_toml, w.loc.end.saturating_sub(1))
                    .line;
                first..=last
            })
        })
        .collect()
}

/// A warning as pages show it, with the workloads (indices) and the wave it concerns.
#[derive(Debug, Clone)]
pub struct Warned {
    pub view: SharedView<WarningView>,
    pub workloads: Vec<usize>,
    pub wave: Option<u32>,
}

impl Warned {
    pub fn new(plan: &Plan, lines: &[Option<RangeInclusive<usize>>], d: &Diagnostic) -> Self {
        let workloads = concerned_workloads(plan, lines, d);
        Warned {
            view: SharedView::new(warning_view(plan, d, &workloads)),
            workloads,
            wave: d.wave,
        }
    }
}

/// The workloads a warning concerns: those it records (as every planning warning does), and
/// the one whose `[[workload]]` table it points into.
fn concerned_workloads(
    plan: &Plan,
    lines: &[Option<RangeInclusive<usize>>],
    d: &Diagnostic,
) -> Vec<usize> {
    let mut concerned: Vec<usize> = d
        .workloads
        .iter()
        .filter_map(|id| plan.workload_index(id))
        .collect();
    if d.file == crate::inputs::PLAN_FILE && d.line > 0 {
        // Workload tables are in file order: the last one starting at or before the line.
        let after = lines.partition_point(|r| r.as_ref().is_none_or(|r| *r.start() <= d.line));
        if let Some(i) = after.checked_sub(1)
            && lines[i].as_ref().is_some_and(|r| r.contains(&d.line))
        {
            concerned.push(i);
        }
    }
    concerned.sort_unstable();
    concerned.dedup();
    concerned
}

fn warning_view(plan: &Plan, d: &Diagnostic, concerned: &[usize]) -> WarningView {
    WarningView {
        severity: match d.severity {
            crate::diagnostics::Severity::Error => "error",
            crate::diagnostics::Severity::Warning => "warning",
        },
        code: d.code,
        message_html: format::message_html(&d.message),
        location: d.location(),
        source_line: d.source_line.clone(),
        help: d.help.clone(),
        help_html: d.help.as_deref().map(format::message_html),
        workloads: concerned
            .iter()
            .map(|&i| plan.workloads[i].id.clone())
            .collect(),
        wave: d.wave,
    }
}

/// A direct dependency split across waves.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub from: String,
    pub from_href: String,
    pub to: String,
    pub to_href: String,
    pub tier: &'static str,
    pub from_wave: u32,
    pub to_wave: u32,
    pub bridged: bool,
    pub hybrid_plan: Option<String>,
}

pub fn link_views(plan: &Plan, computed: &Computed) -> Vec<LinkView> {
    computed
        .hybrid_links
        .iter()
        .map(|l| {
            let (from, to) = (&plan.workloads[l.from], &plan.workloads[l.to]);
            LinkView {
                from: from.id.clone(),
                from_href: workload_href(&from.id),
                to: to.id.clone(),
                to_href: workload_href(&to.id),
                tier: l.tier.as_str(),
                from_wave: l.from_wave,
                to_wave: l.to_wave,
                bridged: l.bridged,
                hybrid_plan: from.hybrid_plan.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Inputs;

    fn plan() -> Plan {
        let workload = |id: &str| {
            format!("[[workload]]\nid = \"{id}\"\nname = \"N\"\nowner = \"O\"\ndata_gb = 1\n")
        };
        let text = format!(
            "[plan]\ntitle = \"T\"\nstart = 2027-02-01\n[network]\ninternet_mbps = 100\n{}{}",
            workload("a"),
            workload("b")
        );
        let mut inputs = Inputs::default();
        inputs.insert("plan.toml", text.into_bytes());
        crate::load::load(&inputs).expect("valid test plan").0
    }

    #[test]
    fn a_warning_concerns_what_it_records_not_what_its_message_names() {
        let p = plan();
        let lines = workload_lines(&p);
        let d = Diagnostic::warning("W-x", "`a` waits for `b`")
            .concerning("b")
            .in_wave(2);
        let w = Warned::new(&p, &lines, &d);
        assert_eq!((w.workloads.as_slice(), w.wave), (&[1][..], Some(2)));
        assert_eq!(w.view.workloads, ["b"]);
        let plain = Warned::new(&p, &lines, &Diagnostic::warning("W-x", "`a` waits for `b`"));
        assert!(plain.workloads.is_empty() && plain.wave.is_none());
    }
}
