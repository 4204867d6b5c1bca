//! The rollbacks: every rolled-back result, with its review and where its unit is now.

use super::history::review_ref;
use crate::model::{Plan, ResultStatus, UnitResult};
use crate::planning::{Computed, progress};
use crate::site::format;
use crate::site::view::common::{RefView, result_line, workload_href};
use serde::Serialize;

/// A rollback, with its review (or the warning that it has none) and where the unit is now.
#[derive(Debug, Clone, Serialize)]
pub struct RollbackEvent {
    pub workload: String,
    pub href: String,
    pub tier_label: &'static str,
    pub date: String,
    pub note: Option<String>,
    /// The review page, when it names one.
    pub review: Option<RefView>,
    /// Where the unit stands now: "re-planned for Thu 13 May 2027 (wave 3)", "done ...".
    pub now: String,
}

/// Every rolled-back result, oldest first, with its review and where its unit is now.
pub(super) fn rollbacks(plan: &Plan, computed: &Computed) -> Vec<RollbackEvent> {
    let mut events: Vec<&UnitResult> = plan
        .results
        .iter()
        .filter(|r| r.status == ResultStatus::RolledBack)
        .collect();
    events.sort_by(|a, b| (a.date, &a.workload, a.tier).cmp(&(b.date, &b.workload, b.tier)));
    events
        .into_iter()
        .map(|r| {
            let unit = computed
                .units
                .iter()
                .find(|u| plan.workloads[u.workload].id == r.workload && u.tier == r.tier);
            let now = match unit.and_then(|u| progress::latest(plan, u).map(|l| (u, l))) {
                Some((_, latest)) if latest.date > r.date => {
                    format!("since: {}", result_line(latest))
                }
                Some((u, _)) => match u.cutover {
                    Some(c) => format!("re-planned for {} (wave {})", format::date(c), u.wave),
                    None => "not placed".into(),
                },
                None => String::new(),
            };
            RollbackEvent {
                workload: r.workload.clone(),
                href: workload_href(&r.workload),
                tier_label: r.tier.label(),
                date: format::date(r.date),
                note: r.note.clone(),
                review: r.review.as_deref().map(|f| review_ref(plan, f)),
                now,
            }
        })
        .collect()
}
