//! `waves.csv`: one row per unit, for spreadsheets.

use crate::model::Plan;
use crate::planning::Computed;
use crate::planning::progress;

pub const CSV_HEADER: [&str; 17] = [
    "wave",
    "wave_start",
    "wave_end",
    "workload",
    "name",
    "tier",
    "environments",
    "cutover",
    "method",
    "path",
    "data_gb",
    "transfer_hours",
    "downtime_hours",
    "owner",
    "criticality",
    "go",
    "status",
];

/// `waves.csv`: one row per unit, in wave and cutover order.
pub fn waves_csv(plan: &Plan, computed: &Computed) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    for wave in &computed.waves {
        for &u in &wave.units {
            let unit = &computed.units[u];
            let w = &plan.workloads[unit.workload];
            let _ = writer.write_record([
                wave.number.to_string(),
                wave.window.start.to_string(),
                wave.window.end.to_string(),
                w.id.clone(),
                w.name.clone(),
                unit.tier.as_str().to_string(),
                unit.environments.join(" "),
                unit.cutover.map(|d| d.to_string()).unwrap_or_default(),
                unit.method.as_str().to_string(),
                unit.path.as_str().to_string(),
                format!("{:.2}", unit.data_gb),
                format!("{:.2}", unit.transfer_hours),
                format!("{:.2}", unit.downtime_hours),
                w.owner.clone(),
                w.criticality.as_str().to_string(),
                if wave.go { "GO" } else { "NO-GO" }.to_string(),
                progress::unit_state(plan, unit).to_string(),
            ]);
        }
    }
    writer.into_inner().unwrap_or_default()
}
