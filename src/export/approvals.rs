//! plan.json v2: `approvals`, each with its state (signed, pending, stale).

use crate::model::Plan;
use crate::planning::{ApprovalState, Computed};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ApprovalJson<'a> {
    role: &'a str,
    name: &'a str,
    scope: String,
    /// The revision signed for: as written, else the current one.
    revision: &'a str,
    signed_on: Option<String>,
    state: &'static str,
    /// Why it is stale.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

pub(super) fn approvals<'a>(plan: &'a Plan, computed: &'a Computed) -> Vec<ApprovalJson<'a>> {
    plan.approvals
        .iter()
        .zip(&computed.approvals)
        .map(|(a, state)| ApprovalJson {
            role: &a.role,
            name: &a.name,
            scope: a.scope.to_string(),
            revision: a.revision.as_deref().unwrap_or(&plan.meta.revision),
            signed_on: a.signed_on.map(|d| d.to_string()),
            state: state.as_str(),
            reason: match state {
                ApprovalState::Stale { reason, .. } => Some(reason),
                _ => None,
            },
        })
        .collect()
}
