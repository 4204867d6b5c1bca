//! Approval states (spec section 11) and the plan's status.
//!
//! An approval is `signed`, `pending`, or `stale`: signed for another revision than the
//! current one, and not covered by a baseline of that revision whose changes since leave its
//! scope untouched. A stale approval counts as pending for the status and for go/no-go. Which
//! changes touch a scope is decided where the baseline is compared ([`crate::baseline`]);
//! here, without a baseline, every approval signed for another revision is stale.

use super::Status;
use crate::diagnostics::Diagnostic;
use crate::model::{Approval, Plan, Scope};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalState {
    Signed,
    Pending,
    /// Signed for `revision`, which the plan has moved on from: `reason` says what changed
    /// (or that there is no baseline of that revision).
    Stale {
        revision: String,
        reason: String,
    },
}

impl ApprovalState {
    pub fn as_str(&self) -> &'static str {
        match self {
            ApprovalState::Signed => "signed",
            ApprovalState::Pending => "pending",
            ApprovalState::Stale { .. } => "stale",
        }
    }

    pub fn is_signed(&self) -> bool {
        *self == ApprovalState::Signed
    }
}

/// The revision an approval was signed for, when it is not the plan's current one (a pending
/// approval was given for nothing yet, so it has none).
pub fn other_revision<'a>(plan: &Plan, a: &'a Approval) -> Option<&'a str> {
    a.signed_on?;
    a.revision
        .as_deref()
        .filter(|r| *r != plan.meta.revision.as_str())
}

/// The state of an approval that no baseline covers.
pub fn plain_state(plan: &Plan, a: &Approval) -> ApprovalState {
    match (a.signed_on, other_revision(plan, a)) {
        (None, _) => ApprovalState::Pending,
        (Some(_), None) => ApprovalState::Signed,
        (Some(_), Some(revision)) => ApprovalState::Stale {
            revision: revision.to_string(),
            reason: format!("no baseline of revision {revision}"),
        },
    }
}

/// `W-approval-revision`: an approval signed for a revision that no baseline covers.
pub fn revision_warning(plan: &Plan, a: &Approval, revision: &str) -> Diagnostic {
    let baseline = match &plan.meta.baseline {
        Some(b) => format!("the baseline ({}) is of another revision", b.path),
        None => "the plan has no `baseline`".to_string(),
    };
    let d = Diagnostic::warning(
        "W-approval-revision",
        format!(
            "approval by {} ({}) was signed for revision {revision}, but the plan is at revision {} and {baseline}: it counts as pending",
            a.name, a.role, plan.meta.revision
        ),
    )
    .help(format!(
        "ask {} to sign revision {} (set `revision` and `signed_on` again), or set `[plan] baseline` to an archive of revision {revision}",
        a.name, plan.meta.revision
    ));
    let d = match a.scope {
        Scope::Wave(n) => d.in_wave(n),
        Scope::Plan => d,
    };
    plan.point(d, &a.loc)
}

/// Every approval's state when no baseline covers any, and a warning per stale one.
pub fn without_baseline(plan: &Plan) -> (Vec<ApprovalState>, Vec<Diagnostic>) {
    let states: Vec<ApprovalState> = plan
        .approvals
        .iter()
        .map(|a| plain_state(plan, a))
        .collect();
    let warnings = plan
        .approvals
        .iter()
        .filter_map(|a| other_revision(plan, a).map(|r| revision_warning(plan, a, r)))
        .collect();
    (states, warnings)
}

/// The plan-scoped approvals with their states (`states` holds one per approval), in plan
/// order.
pub fn plan_scoped<'a>(
    plan: &'a Plan,
    states: &'a [ApprovalState],
) -> impl Iterator<Item = (&'a Approval, &'a ApprovalState)> {
    plan.approvals
        .iter()
        .zip(states)
        .filter(|(a, _)| a.scope == Scope::Plan)
}

/// The plan is approved when it has a plan-scoped approval and every plan-scoped approval is
/// signed (and not stale); wave-scoped approvals count for their wave's go/no-go only.
pub fn status(plan: &Plan, states: &[ApprovalState]) -> Status {
    let mut plan_scoped = plan_scoped(plan, states).peekable();
    if plan_scoped.peek().is_some() && plan_scoped.all(|(_, s)| s.is_signed()) {
        Status::Approved
    } else {
        Status::Draft
    }
}
