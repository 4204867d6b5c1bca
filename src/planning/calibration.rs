//! Calibration (spec section 9): measured transfers correct the share of a network path that
//! migration traffic gets.
//!
//! Every result with `transfer_hours` measures the path it ran on (its `path`, else the path its
//! workload takes when planned with the planned `utilization`, so calibration never feeds back
//! into a sample's own path). The results of one day on one path ran side by side and make one
//! sample: their data summed x 8000 / (the longest of their hours x 3600) is the effective Mbps,
//! over the link's Mbps the measured utilization. Data Box results measure no link. With
//! `calibrate = true` and at least [`MIN_SAMPLES`] samples, the median replaces `utilization`
//! for that path in the estimates of open units and the path rules of workloads with one.

use super::transfer::{PathDecision, Utilization};
use crate::model::{Plan, Tier, TransferPath};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Samples a path needs before its measured utilization is applied.
pub const MIN_SAMPLES: usize = 3;

/// The transfers of one day on one path: they ran side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub date: Date,
    /// Indices into `plan.results`, in plan order.
    pub results: Vec<usize>,
    /// Their data summed (each result's `data_gb`, else its unit's).
    pub data_gb: f64,
    /// The longest of their `transfer_hours`.
    pub hours: f64,
    /// data_gb x 8000 / (hours x 3600).
    pub effective_mbps: f64,
    /// effective_mbps / the link's Mbps.
    pub utilization: f64,
}

/// What the measured transfers say about one network path.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub path: TransferPath,
    pub link_mbps: f64,
    /// `utilization` as planned.
    pub planned_utilization: f64,
    /// The median of the samples' utilization (the mean of the middle two for an even count).
    pub measured_utilization: f64,
    /// By date.
    pub samples: Vec<Sample>,
    /// Whether the measured figure replaces the planned one: `calibrate = true` and at least
    /// [`MIN_SAMPLES`] samples.
    pub applied: bool,
}

impl Calibration {
    /// Why the figure is or is not applied, for the pages.
    pub fn not_applied_because(&self, plan: &Plan) -> Option<String> {
        if self.applied {
            None
        } else if !plan.network.calibrate {
            Some("not applied: `calibrate = false`".into())
        } else {
            Some(format!(
                "not applied: {} of the {MIN_SAMPLES} samples it needs",
                self.samples.len()
            ))
        }
    }
}

/// The plan's calibrations (one per network path with measured transfers, in path order) and
/// the utilization open units are estimated with.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibrated {
    pub calibrations: Vec<Calibration>,
    pub utilization: Utilization,
}

/// Calibrates every network path from the results, given each workload's path as planned with
/// the planned utilization (`planned`, parallel to `plan.workloads`).
pub fn calibrate(plan: &Plan, planned: &[PathDecision]) -> Calibrated {
    let mut by_day: BTreeMap<(TransferPath, Date), Vec<usize>> = BTreeMap::new();
    for (i, r) in plan.results.iter().enumerate() {
        let Some(w) = plan.workload_index(&r.workload) else {
            continue;
        };
        let path = r.path.unwrap_or(planned[w].path);
        if r.transfer_hours.is_some() && path.is_network() && plan.network.mbps(path) > 0.0 {
            by_day.entry((path, r.date)).or_default().push(i);
        }
    }
    let mut samples: BTreeMap<TransferPath, Vec<Sample>> = BTreeMap::new();
    for ((path, date), results) in by_day {
        let data_gb: f64 = results.iter().map(|&i| data_of(plan, i)).sum();
        let hours = results
            .iter()
            .filter_map(|&i| plan.results[i].transfer_hours)
            .fold(0.0, f64::max);
        let effective_mbps = data_gb * 8000.0 / (hours * 3600.0);
        samples.entry(path).or_default().push(Sample {
            date,
            results,
            data_gb,
            hours,
            effective_mbps,
            utilization: effective_mbps / plan.network.mbps(path),
        });
    }
    let planned_utilization = plan.network.utilization;
    let mut utilization = Utilization::planned(&plan.network);
    let calibrations = samples
        .into_iter()
        .map(|(path, samples)| {
            let measured = median(samples.iter().map(|s| s.utilization).collect());
            let applied = plan.network.calibrate && samples.len() >= MIN_SAMPLES;
            if applied {
                utilization = utilization.with(path, measured);
            }
            Calibration {
                path,
                link_mbps: plan.network.mbps(path),
                planned_utilization,
                measured_utilization: measured,
                samples,
                applied,
            }
        })
        .collect();
    Calibrated {
        calibrations,
        utilization,
    }
}

/// The data a result moved: its `data_gb`, else its unit's.
fn data_of(plan: &Plan, result: usize) -> f64 {
    let r = &plan.results[result];
    r.data_gb.unwrap_or_else(|| {
        plan.workload(&r.workload).map_or(0.0, |w| match r.tier {
            Tier::Prod => w.data_gb,
            Tier::Nonprod => w.nonprod_data_gb,
        })
    })
}

/// The median; the mean of the middle two for an even count. `values` is not empty.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![0.7, 0.5, 0.6]), 0.6);
        assert!((median(vec![0.8, 0.5, 0.6, 0.7]) - 0.65).abs() < 1e-12);
        assert_eq!(median(vec![0.4]), 0.4);
    }
}
