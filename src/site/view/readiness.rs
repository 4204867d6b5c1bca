//! The readiness page: skills, approvals and the plan's checks.

use super::common::{ApprovalView, approval_view};
use crate::model::{Plan, SkillStatus};
use crate::planning::{ApprovalState, approvals};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SkillView {
    pub area: String,
    pub status: SkillStatus,
    pub ok: bool,
    pub owner: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckItemView {
    pub item: String,
    pub scope: String,
    pub done: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadinessView {
    pub skills: Vec<SkillView>,
    pub skill_gaps: usize,
    pub approvals: Vec<ApprovalView>,
    pub plan_approvals: usize,
    pub plan_approvals_signed: usize,
    pub checks: Vec<CheckItemView>,
}

pub fn readiness_view(plan: &Plan, states: &[ApprovalState]) -> ReadinessView {
    let plan_scoped: Vec<_> = approvals::plan_scoped(plan, states).collect();
    ReadinessView {
        skills: plan
            .skills
            .iter()
            .map(|s| SkillView {
                area: s.area.clone(),
                status: s.status,
                ok: s.status != SkillStatus::Gap,
                owner: s.owner.clone(),
                note: s.note.clone(),
            })
            .collect(),
        skill_gaps: plan
            .skills
            .iter()
            .filter(|s| s.status == SkillStatus::Gap)
            .count(),
        approvals: plan
            .approvals
            .iter()
            .zip(states)
            .map(|(a, state)| approval_view(a, state))
            .collect(),
        plan_approvals: plan_scoped.len(),
        plan_approvals_signed: plan_scoped.iter().filter(|(_, s)| s.is_signed()).count(),
        checks: plan
            .checks
            .iter()
            .map(|c| CheckItemView {
                item: c.item.clone(),
                scope: c
                    .wave
                    .map_or_else(|| "every wave".into(), |n| format!("wave {n}")),
                done: c.done,
            })
            .collect(),
    }
}
