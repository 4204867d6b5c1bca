//! The accuracy of the estimates: every measured result against what was planned for its
//! unit, and the summary in words.

use crate::model::{Plan, UnitResult};
use crate::planning::Computed;
use crate::site::format;
use crate::site::view::common::workload_href;
use serde::Serialize;

/// A measured figure against the planned one.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    pub planned: String,
    pub measured: String,
    /// measured / planned, "1.05x"; empty when the plan had 0.
    pub ratio: String,
    pub over: bool,
}

/// One result with measured figures, against what the reference planned for its unit.
#[derive(Debug, Clone, Serialize)]
pub struct AccuracyRow {
    pub workload: String,
    pub href: String,
    pub tier_label: &'static str,
    pub date: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub path: &'static str,
    pub transfer: Option<Measured>,
    pub downtime: Option<Measured>,
}

fn measured(planned: f64, measured: f64) -> Measured {
    Measured {
        planned: format::hours(planned),
        measured: format::hours(measured),
        ratio: if planned > 0.0 {
            format!("{:.2}x", measured / planned)
        } else {
            String::new()
        },
        over: measured > planned,
    }
}

/// The median of ratios, for the summary.
fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// Every result with a measured figure, in date order, against the reference's estimate of
/// its unit (the plan's own estimate for a unit the reference does not have).
pub(super) fn accuracy(plan: &Plan, computed: &Computed) -> (Vec<AccuracyRow>, Vec<String>) {
    let mut rows = Vec::new();
    let (mut transfer_ratios, mut downtime_ratios) = (Vec::new(), Vec::new());
    let mut results: Vec<&UnitResult> = plan
        .results
        .iter()
        .filter(|r| r.transfer_hours.is_some() || r.downtime_hours.is_some())
        .collect();
    results.sort_by(|a, b| (a.date, &a.workload, a.tier).cmp(&(b.date, &b.workload, b.tier)));
    for r in results {
        let Some(unit) = computed
            .units
            .iter()
            .find(|u| plan.workloads[u.workload].id == r.workload && u.tier == r.tier)
        else {
            continue;
        };
        let planned = computed
            .progress_reference
            .as_ref()
            .and_then(|reference| reference.unit(&r.workload, r.tier));
        let planned_transfer = planned.map_or(unit.transfer_hours, |p| p.transfer_hours);
        let planned_downtime = planned.map_or(unit.downtime_hours, |p| p.downtime_hours);
        if let Some(h) = r.transfer_hours.filter(|_| planned_transfer > 0.0) {
            transfer_ratios.push(h / planned_transfer);
        }
        if let Some(h) = r.downtime_hours.filter(|_| planned_downtime > 0.0) {
            downtime_ratios.push(h / planned_downtime);
        }
        rows.push(AccuracyRow {
            workload: r.workload.clone(),
            href: workload_href(&r.workload),
            tier_label: r.tier.label(),
            date: format::date(r.date),
            state: r.status.as_str(),
            state_label: r.status.label(),
            path: r.path.unwrap_or(unit.path).label(),
            transfer: r.transfer_hours.map(|h| measured(planned_transfer, h)),
            downtime: r.downtime_hours.map(|h| measured(planned_downtime, h)),
        });
    }
    let mut summary = Vec::new();
    for (what, ratios) in [
        ("Transfers", transfer_ratios),
        ("Downtimes", downtime_ratios),
    ] {
        let n = ratios.len();
        let over = ratios.iter().filter(|&&x| x > 1.0).count();
        if let Some(m) = median(ratios) {
            summary.push(format!(
                "{what}: median {m:.2}x the estimate over {n} result{}, {over} over it",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    (rows, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ratios() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(Vec::new()), None);
        let m = measured(2.0, 2.5);
        assert_eq!(m.ratio, "1.25x");
        assert!(m.over);
        assert_eq!(measured(0.0, 1.0).ratio, "");
    }
}
