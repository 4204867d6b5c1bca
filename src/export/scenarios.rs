//! plan.json v2: `scenarios`, one entry per `[[scenario]]` (spec section 10).

use super::hours;
use crate::model::Plan;
use crate::planning::Computed;
use crate::planning::scenarios::ScenarioChange;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ScenarioJson<'a> {
    name: &'a str,
    slug: &'a str,
    description: Option<&'a str>,
    end: Option<String>,
    waves: usize,
    warnings: usize,
    downtime_hours: f64,
    units_over_tolerance: usize,
    databox_devices: u32,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    workload: &'a str,
    #[serde(flatten)]
    change: &'a ScenarioChange,
}

pub(super) fn scenarios<'a>(plan: &'a Plan, computed: &'a Computed) -> Vec<ScenarioJson<'a>> {
    computed
        .scenarios
        .iter()
        .map(|sp| {
            let scenario = &plan.scenarios[sp.index];
            ScenarioJson {
                name: &scenario.name,
                slug: &scenario.slug,
                description: scenario.description.as_deref(),
                end: sp.summary.end.map(|d| d.to_string()),
                waves: sp.summary.waves,
                warnings: sp.summary.warnings,
                downtime_hours: hours(sp.summary.downtime_hours),
                units_over_tolerance: sp.summary.units_over_tolerance,
                databox_devices: sp.summary.databox_devices,
                changes: sp
                    .changes
                    .iter()
                    .map(|change| ChangeJson {
                        workload: &plan.workloads[change.workload].id,
                        change,
                    })
                    .collect(),
            }
        })
        .collect()
}
