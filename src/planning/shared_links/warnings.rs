//! The warnings of the shared-link rules, each pointing at the plan.toml line that drives it
//! and naming its wave.

use super::{Finding, day_limit};
use crate::diagnostics::Diagnostic;
use crate::model::{Method, Plan, Workload};
use crate::planning::{Unit, WorkloadPlan, transfer};

fn unit_label(plan: &Plan, unit: &Unit) -> String {
    format!(
        "`{}` ({})",
        plan.workloads[unit.workload].id,
        unit.tier.as_str()
    )
}

fn labels(plan: &Plan, units: &[Unit], members: &[usize]) -> String {
    let names: Vec<String> = members
        .iter()
        .map(|&u| unit_label(plan, &units[u]))
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The warning of a finding in wave `wave`, pointing at the plan.toml line that drives it.
pub fn diagnostic(plan: &Plan, units: &[Unit], wave: u32, finding: &Finding) -> Diagnostic {
    let biggest = |members: &[usize], key: fn(&Unit) -> f64| {
        members
            .iter()
            .copied()
            .max_by(|&a, &b| key(&units[a]).total_cmp(&key(&units[b])))
            .map(|u| units[u].workload)
    };
    let (d, workload, key) = match finding {
        Finding::LinkWave {
            path,
            units: members,
            hours,
            capacity_hours,
        } => (
            Diagnostic::warning(
                finding.code(),
                format!(
                    "wave {wave}: {} need {hours:.1} h on {}, more than the wave's {capacity_hours} h ({} days x {} h): the data cannot cross in one wave, so the group is placed alone on that path",
                    labels(plan, units, members),
                    path.label(),
                    capacity_hours / plan.network.transfer_hours_per_day,
                    plan.network.transfer_hours_per_day,
                ),
            )
            .help("a longer wave (`wave_weeks`), Data Box (`path = \"databox\"`), more bandwidth or more `transfer_hours_per_day` would let the data cross in one wave"),
            biggest(members, |u| u.transfer_hours),
            "data_gb",
        ),
        Finding::DataboxWave {
            units: members,
            devices,
            capacity,
        } => (
            Diagnostic::warning(
                finding.code(),
                format!(
                    "wave {wave}: {} need {devices} Data Box devices, more than the {capacity} the wave can use (`databox_devices` x trips): the group is placed alone",
                    labels(plan, units, members),
                ),
            )
            .help("order more devices (`databox_devices`), or lengthen the wave so each device makes more trips"),
            biggest(members, |u| f64::from(u.devices)),
            "data_gb",
        ),
        Finding::LinkDay {
            day,
            path,
            units: members,
            downtime_hours,
            over,
        } => {
            let tightest = over.iter().copied().min_by(|&a, &b| {
                day_limit(plan, &units[a]).total_cmp(&day_limit(plan, &units[b]))
            });
            let tolerance = tightest.map_or(0.0, |u| {
                plan.workloads[units[u].workload].downtime_tolerance_hours()
            });
            (
                Diagnostic::warning(
                    finding.code(),
                    format!(
                        "wave {wave}: {} cut over on {day} over {} together: {downtime_hours:.2} h of shared downtime, over the {tolerance} h tolerance of {}; no day of the wave keeps it within",
                        labels(plan, units, members),
                        path.label(),
                        labels(plan, units, over),
                    ),
                )
                .help("allow more `cutover_weekdays`, add bandwidth, move one of them to near-zero (`replication = true`), or renegotiate the tolerance"),
                tightest.map(|u| units[u].workload),
                "max_downtime_hours",
            )
        }
        Finding::ReplicationWave {
            path,
            units: members,
            mbps,
            capacity_mbps,
        } => {
            let parts: Vec<String> = members
                .iter()
                .map(|&u| {
                    let w = &plan.workloads[units[u].workload];
                    format!("`{}` {:.1}", w.id, transfer::change_mbps(w))
                })
                .collect();
            (
                Diagnostic::warning(
                    finding.code(),
                    format!(
                        "wave {wave}: the near-zero units replicating over {} together need {mbps:.1} Mbps ({} Mbps), not below its {capacity_mbps:.0} Mbps effective",
                        path.label(),
                        parts.join(" + "),
                    ),
                )
                .help("spread these workloads over waves, add bandwidth, or reduce `change_gb_per_day` before the wave"),
                biggest(members, |u| u.data_gb),
                "change_gb_per_day",
            )
        }
    };
    let mut d = d.in_wave(wave);
    for &u in finding.units() {
        let id = &plan.workloads[units[u].workload].id;
        if !d.workloads.contains(id) {
            d = d.concerning(id);
        }
    }
    match workload {
        Some(w) => plan.point(d, plan.workloads[w].loc_of(key)),
        None => d.in_file(crate::inputs::PLAN_FILE),
    }
}

/// `W-tolerance`: the production unit's downtime, shared with its cutover day's transfers,
/// exceeds the tolerance.
pub fn tolerance(
    plan: &Plan,
    w: &Workload,
    wp: &WorkloadPlan,
    units: &[Unit],
) -> Option<Diagnostic> {
    if wp.meets_tolerance() {
        return None;
    }
    let shared = wp
        .prod_unit
        .map(|u| &units[u].shared_with)
        .filter(|s| !s.is_empty())
        .map(|s| {
            // Written into one string: a busy day lists hundreds of workloads.
            let mut text = String::from(", sharing its cutover day's link with ");
            for (i, &o) in s.iter().enumerate() {
                if i > 0 {
                    text.push_str(", ");
                }
                text.push('`');
                text.push_str(&plan.workloads[units[o].workload].id);
                text.push('`');
            }
            text
        })
        .unwrap_or_default();
    let d = Diagnostic::warning(
        "W-tolerance",
        format!(
            "`{}` needs {:.1} h of downtime ({}{shared}), over its {} h tolerance",
            w.id, wp.downtime_hours, wp.method.method, wp.tolerance_hours
        ),
    )
    .help(if w.replication || wp.method.method == Method::NearZero {
        "even near-zero migration needs `cutover_overhead_hours`; renegotiate the tolerance or shorten the cutover"
    } else {
        "enable replication (`replication = true`) if the workload supports it, use a faster path, or renegotiate the tolerance"
    });
    Some(plan.point(d.concerning(&w.id), w.loc_of("max_downtime_hours")))
}
