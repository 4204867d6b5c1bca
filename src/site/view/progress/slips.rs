//! What slipped: the units later than the reference planned them, or due by `as_of` and not
//! done.

use crate::model::{Plan, ResultStatus};
use crate::planning::progress::{self, PLANNED};
use crate::planning::{Computed, Unit};
use crate::site::format;
use crate::site::view::common::workload_href;
use jiff::civil::Date;
use serde::Serialize;

/// A unit later than the reference planned it, or due by `as_of` and not done.
#[derive(Debug, Clone, Serialize)]
pub struct SlipView {
    pub workload: String,
    pub href: String,
    pub tier_label: &'static str,
    pub planned: String,
    /// Its cutover as the plan now has it.
    pub now: String,
    pub days_late: i64,
    pub state: &'static str,
    pub state_label: &'static str,
}

/// The units that slipped (latest first), and the units the reference had cut over by
/// `as_of` with how many of them are done.
pub(super) fn slips(
    plan: &Plan,
    computed: &Computed,
    as_of: Date,
) -> (Vec<SlipView>, usize, usize) {
    let reference = computed.progress_reference.as_ref();
    let id_of = |u: &Unit| plan.workloads[u.workload].id.as_str();
    let latest = |u: &Unit| progress::latest(plan, u);
    let is_done = |u: &Unit| latest(u).is_some_and(|r| r.status == ResultStatus::Done);

    let mut slipped: Vec<SlipView> = Vec::new();
    let (mut due, mut due_done) = (0, 0);
    for u in &computed.units {
        let Some(planned) = reference.and_then(|r| r.unit(id_of(u), u.tier)) else {
            continue;
        };
        let done = is_done(u);
        if planned.cutover <= as_of {
            due += 1;
            due_done += usize::from(done);
        }
        let now = if done {
            latest(u).map(|r| r.date)
        } else {
            u.cutover
        };
        let Some(now) = now else { continue };
        let late = (now - planned.cutover).get_days() as i64;
        if late > 0 || (!done && planned.cutover <= as_of) {
            slipped.push(SlipView {
                workload: id_of(u).to_string(),
                href: workload_href(id_of(u)),
                tier_label: u.tier.label(),
                planned: format::date(planned.cutover),
                now: format::date(now),
                days_late: late,
                state: progress::unit_state(plan, u),
                state_label: latest(u).map_or(PLANNED, |r| r.status.label()),
            });
        }
    }
    slipped.sort_by(|a, b| {
        b.days_late
            .cmp(&a.days_late)
            .then(a.workload.cmp(&b.workload))
    });
    (slipped, due, due_done)
}
