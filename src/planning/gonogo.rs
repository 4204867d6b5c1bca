//! Planning step 5: the go/no-go checklist of each wave and its GO (spec section 3), and the
//! warnings about approvals and checks that name a wave the plan does not have.

use super::approvals::ApprovalState;
use super::calendar::{in_freeze, in_peak};
use super::transfer::within_tolerance;
use super::{CheckItem, Computed, Concern, Status, Tier, Wave};
use crate::diagnostics::Diagnostic;
use crate::model::{Method, Plan, ResultStatus, Scope, SkillStatus, TestResult, TransferPath};

/// An item that passes when no workload fails it.
fn item(
    plan: &Plan,
    key: &'static str,
    title: &str,
    failing: Vec<Concern>,
    pass: String,
    fail: &str,
) -> CheckItem {
    let passed = failing.is_empty();
    let reason = if passed {
        pass
    } else {
        let labels: Vec<String> = failing.iter().map(|c| c.label(plan)).collect();
        format!("{fail}: {}", labels.join(", "))
    };
    CheckItem {
        key,
        title: title.to_string(),
        passed,
        reason,
        concerns: failing,
    }
}

pub fn checklist(plan: &Plan, computed: &Computed, wave: &Wave) -> Vec<CheckItem> {
    let units: Vec<_> = wave.units.iter().map(|&u| &computed.units[u]).collect();
    let prod: Vec<_> = units
        .iter()
        .copied()
        .filter(|u| u.tier == Tier::Prod)
        .collect();
    let ids_where = |list: &[&super::Unit], bad: &dyn Fn(&super::Unit) -> bool| -> Vec<Concern> {
        let mut ids: Vec<Concern> = list
            .iter()
            .filter(|u| bad(u))
            .map(|u| Concern::Workload(u.workload))
            .collect();
        ids.dedup();
        ids
    };
    let no_prod = prod.is_empty();
    let prod_pass = |what: &str| {
        if no_prod {
            "no production unit in this wave".to_string()
        } else {
            what.to_string()
        }
    };
    let mut items = Vec::new();

    items.push(item(
        plan,
        "criticality-validated",
        "Criticality validated with the owners",
        ids_where(&units, &|u| {
            plan.workloads[u.workload].criticality_validated.is_none()
        }),
        "every workload's criticality is confirmed by its owner".into(),
        "not validated",
    ));
    items.push(item(
        plan,
        "downtime-tolerance",
        "Downtime tolerance agreed (not defaulted)",
        ids_where(&prod, &|u| {
            computed.workloads[u.workload].tolerance_defaulted
        }),
        prod_pass("every production unit has an agreed `max_downtime_hours`"),
        "using the criticality default",
    ));
    items.push(item(
        plan,
        "method-meets-tolerance",
        "Migration method meets the downtime tolerance",
        ids_where(&prod, &|u| {
            !within_tolerance(
                u.downtime_hours,
                computed.workloads[u.workload].tolerance_hours,
            )
        }),
        prod_pass("every production cutover fits its tolerance"),
        "downtime over tolerance",
    ));
    items.push(item(
        plan,
        "replication-keeps-up",
        "Replication keeps up with the change rate",
        ids_where(&prod, &|u| {
            u.method == Method::NearZero
                && computed.workloads[u.workload].method.replication_keeps_up == Some(false)
        }),
        prod_pass("every near-zero unit's sync path carries its daily change"),
        "replication cannot keep up",
    ));
    let mut crowded: Vec<usize> = wave
        .links
        .findings
        .iter()
        .flat_map(|f| f.units())
        .map(|&u| computed.units[u].workload)
        .collect();
    crowded.sort_unstable_by_key(|&w| &plan.workloads[w].id);
    crowded.dedup();
    items.push(item(
        plan,
        "links-fit",
        "The wave's transfers fit its links",
        crowded.into_iter().map(Concern::Workload).collect(),
        "every path's load fits the wave, every cutover day keeps its tolerances, and replication fits its sync paths".into(),
        "link, Data Box or replication capacity exceeded",
    ));
    items.push(item(
        plan,
        "secure-path",
        "Sensitive data on a secure path",
        ids_where(&units, &|u| {
            plan.workloads[u.workload].sensitivity.is_sensitive()
                && u.path == TransferPath::Internet
        }),
        "confidential data moves over VPN, ExpressRoute or Data Box".into(),
        "sensitive data over the internet",
    ));
    items.push(item(
        plan,
        "rollback-complete",
        "Rollback plan complete (authority, triggers, steps)",
        ids_where(&prod, &|u| {
            plan.workloads[u.workload]
                .rollback
                .as_ref()
                .is_none_or(|r| !r.missing_parts().is_empty())
        }),
        prod_pass("every production unit has authority, triggers and steps"),
        "incomplete or missing",
    ));
    items.push(item(
        plan,
        "rollback-rehearsed",
        "Rollback rehearsed and passed",
        ids_where(&prod, &|u| {
            plan.workloads[u.workload]
                .rollback
                .as_ref()
                .and_then(|r| r.test_result)
                != Some(TestResult::Passed)
        }),
        prod_pass("every production rollback passed its rehearsal"),
        "not rehearsed or failed",
    ));
    let split: Vec<Concern> = {
        let mut ids: Vec<Concern> = computed
            .hybrid_links
            .iter()
            .filter(|l| !l.bridged && (l.from_wave == wave.number || l.to_wave == wave.number))
            .map(|l| Concern::Link {
                from: l.from,
                to: l.to,
            })
            .collect();
        ids.dedup();
        ids
    };
    items.push(item(
        plan,
        "dependencies-together",
        "Direct dependencies in the wave or bridged",
        split,
        "every direct dependency moves in this wave or has a hybrid plan".into(),
        "split without a hybrid plan",
    ));
    items.push(item(
        plan,
        "cutovers-clear",
        "Cutovers clear of freezes and peaks",
        ids_where(&units, &|u| {
            let w = &plan.workloads[u.workload];
            u.cutover.is_none_or(|d| {
                in_freeze(&plan.freezes, d)
                    || plan.peaks.iter().any(|p| p.applies_to(w) && in_peak(p, d))
            })
        }),
        "no cutover falls in a change freeze or a business peak".into(),
        "cutover in a freeze or peak",
    ));
    let last_nonprod = units
        .iter()
        .filter(|u| u.tier == Tier::Nonprod)
        .filter_map(|u| u.cutover)
        .max();
    items.push(item(
        plan,
        "nonprod-first",
        "Non-production before production",
        ids_where(&prod, &|u| {
            let earlier_wave = computed.workloads[u.workload]
                .nonprod_unit
                .is_none_or(|np| computed.units[np].wave < wave.number);
            !earlier_wave || last_nonprod.is_some_and(|last| u.cutover.is_none_or(|c| c <= last))
        }),
        "every production unit follows its non-production environments".into(),
        "production not after non-production",
    ));
    // Spec section 9: CAF holds a post-incident review after each rollback.
    let mut unreviewed: Vec<Concern> = plan
        .results
        .iter()
        .filter(|r| r.status == ResultStatus::RolledBack && r.review.is_none())
        .filter(|r| r.date < wave.window.start)
        .filter_map(|r| plan.workload_index(&r.workload).map(Concern::Workload))
        .collect();
    unreviewed.dedup();
    items.push(item(
        plan,
        "reviews-recorded",
        "Post-incident review recorded for every rollback",
        unreviewed,
        "every rollback before this wave has its review".into(),
        "rollback without a review",
    ));
    // A stale approval counts as unsigned (spec section 11).
    let pending: Vec<String> = plan
        .approvals
        .iter()
        .zip(&computed.approvals)
        .filter(|(a, _)| a.covers_wave(wave.number))
        .filter_map(|(a, state)| match state {
            ApprovalState::Signed => None,
            ApprovalState::Pending => Some(format!("{} ({})", a.name, a.role)),
            ApprovalState::Stale { revision, reason } => Some(format!(
                "{} ({}), signed for {revision}, stale: {reason}",
                a.name, a.role
            )),
        })
        .collect();
    let approvals_passed = pending.is_empty() && computed.status == Status::Approved;
    items.push(CheckItem {
        key: "approvals-signed",
        title: "Approvals for the plan and the wave signed".into(),
        passed: approvals_passed,
        reason: if approvals_passed {
            "the plan and this wave are signed off".into()
        } else if pending.is_empty() {
            "the plan has no plan-scoped approval".into()
        } else {
            format!("pending: {}", pending.join(", "))
        },
        concerns: Vec::new(),
    });
    let gaps: Vec<String> = plan
        .skills
        .iter()
        .filter(|s| s.status == SkillStatus::Gap)
        .map(|s| s.area.clone())
        .collect();
    items.push(CheckItem {
        key: "no-skill-gap",
        title: "No skill at gap".into(),
        passed: gaps.is_empty(),
        reason: if gaps.is_empty() {
            "no skill area is at `gap`".into()
        } else {
            format!("gap: {}", gaps.join(", "))
        },
        concerns: Vec::new(),
    });
    for check in plan
        .checks
        .iter()
        .filter(|c| c.wave.is_none_or(|n| n == wave.number))
    {
        items.push(CheckItem {
            key: "check",
            title: check.item.clone(),
            passed: check.done,
            reason: if check.done {
                "done".into()
            } else {
                "not done".into()
            },
            concerns: Vec::new(),
        });
    }
    items
}

/// Fills every wave's checklist, and its `go` when every item passes.
pub fn checklists(plan: &Plan, computed: &mut Computed) {
    let checklists: Vec<Vec<CheckItem>> = computed
        .waves
        .iter()
        .map(|w| checklist(plan, computed, w))
        .collect();
    for (wave, checklist) in computed.waves.iter_mut().zip(checklists) {
        wave.go = checklist.iter().all(|c| c.passed);
        wave.checklist = checklist;
    }
}

/// Approvals and checks that name a wave the plan does not have.
pub fn wave_references(plan: &Plan, waves: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in &plan.approvals {
        if let Scope::Wave(n) = a.scope
            && n > waves
        {
            let d = Diagnostic::warning(
                "W-wave-ref",
                format!(
                    "approval by {} is for wave {n}, but the plan has {waves} waves",
                    a.name
                ),
            )
            .help("check the wave number in `scope`")
            .in_wave(n);
            out.push(plan.point(d, &a.loc));
        }
    }
    for c in &plan.checks {
        if let Some(n) = c.wave.filter(|n| *n > waves) {
            let d = Diagnostic::warning(
                "W-wave-ref",
                format!(
                    "check \"{}\" is for wave {n}, but the plan has {waves} waves",
                    c.item
                ),
            )
            .help("check the `wave` number of this [[check]]")
            .in_wave(n);
            out.push(plan.point(d, &c.loc));
        }
    }
    out
}
