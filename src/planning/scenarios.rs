//! Scenarios (spec section 10): each `[[scenario]]` planned in full beside the baseline, its
//! figures, and what it moves.

use super::transfer::within_tolerance;
use super::{Computed, Tier, compute};
use crate::diagnostics::{Diagnostic, sort};
use crate::model::{Method, Plan, Scenario, TransferPath};
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

/// The figures compared across the baseline and its scenarios.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The last cutover date.
    pub end: Option<Date>,
    pub waves: usize,
    pub downtime_hours: f64,
    pub units_over_tolerance: usize,
    pub databox_devices: u32,
    pub warnings: usize,
}

impl Summary {
    /// `warnings`: every warning of the plan (loading and planning).
    pub fn of(computed: &Computed, warnings: usize) -> Summary {
        let units = &computed.units;
        Summary {
            end: units.iter().filter_map(|u| u.cutover).max(),
            waves: computed.waves.len(),
            downtime_hours: units.iter().map(|u| u.downtime_hours).sum(),
            // The tolerance is production's: non-production units move offline by rule 0.
            units_over_tolerance: units
                .iter()
                .filter(|u| u.tier == Tier::Prod)
                .filter(|u| {
                    !within_tolerance(
                        u.downtime_hours,
                        computed.workloads[u.workload].tolerance_hours,
                    )
                })
                .count(),
            // The devices every unit moved by Data Box ships (the waves' sum).
            databox_devices: units.iter().map(|u| u.devices).sum(),
            warnings,
        }
    }
}

/// What a scenario changes for a workload, keyed as plan.json writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKey {
    NonprodWave,
    ProdWave,
    NonprodCutover,
    ProdCutover,
    Path,
    Method,
}

impl ChangeKey {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKey::NonprodWave => "nonprod_wave",
            ChangeKey::ProdWave => "prod_wave",
            ChangeKey::NonprodCutover => "nonprod_cutover",
            ChangeKey::ProdCutover => "prod_cutover",
            ChangeKey::Path => "path",
            ChangeKey::Method => "method",
        }
    }
}

/// A planned value, as compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannedValue {
    Wave(Option<u32>),
    Date(Option<Date>),
    Path(TransferPath),
    Method(Method),
}

impl PlannedValue {
    /// As the pages show it (`—` for none).
    pub fn text(self) -> String {
        match self {
            PlannedValue::Wave(Some(n)) => n.to_string(),
            PlannedValue::Date(Some(d)) => d.to_string(),
            PlannedValue::Wave(None) | PlannedValue::Date(None) => "—".into(),
            PlannedValue::Path(p) => p.as_str().into(),
            PlannedValue::Method(m) => m.as_str().into(),
        }
    }
}

/// In plan.json: a wave number, a `YYYY-MM-DD` date, a path or a method; null for none.
impl Serialize for PlannedValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PlannedValue::Wave(n) => n.serialize(s),
            PlannedValue::Date(d) => d.map(|d| d.to_string()).serialize(s),
            PlannedValue::Path(p) => p.serialize(s),
            PlannedValue::Method(m) => m.serialize(s),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioChange {
    /// Index into the plan's workloads (the same in baseline and scenario).
    #[serde(skip)]
    pub workload: usize,
    pub key: ChangeKey,
    pub baseline: PlannedValue,
    pub scenario: PlannedValue,
}

/// A scenario planned.
#[derive(Debug, Clone)]
pub struct ScenarioPlan {
    /// Index into `plan.scenarios`.
    pub index: usize,
    pub computed: Computed,
    pub summary: Summary,
    pub changes: Vec<ScenarioChange>,
    /// Its own warnings: of loading (those the baseline lacks) and of planning.
    pub warnings: Vec<Diagnostic>,
}

/// Every workload's planned wave, cutover, path and method that differ, in plan order.
pub fn changes(baseline: &Computed, scenario: &Computed) -> Vec<ScenarioChange> {
    let mut out = Vec::new();
    for (w, (b, s)) in baseline
        .workloads
        .iter()
        .zip(&scenario.workloads)
        .enumerate()
    {
        fn unit(c: &Computed, i: Option<usize>) -> Option<&super::Unit> {
            i.map(|i| &c.units[i])
        }
        let mut push = |key, baseline: PlannedValue, scenario: PlannedValue| {
            if baseline != scenario {
                out.push(ScenarioChange {
                    workload: w,
                    key,
                    baseline,
                    scenario,
                });
            }
        };
        for (tier, (wave_key, cutover_key)) in [
            (
                Tier::Nonprod,
                (ChangeKey::NonprodWave, ChangeKey::NonprodCutover),
            ),
            (Tier::Prod, (ChangeKey::ProdWave, ChangeKey::ProdCutover)),
        ] {
            let pick = |wp: &super::WorkloadPlan| match tier {
                Tier::Nonprod => wp.nonprod_unit,
                Tier::Prod => wp.prod_unit,
            };
            let bu = unit(baseline, pick(b));
            let su = unit(scenario, pick(s));
            push(
                wave_key,
                PlannedValue::Wave(bu.map(|u| u.wave)),
                PlannedValue::Wave(su.map(|u| u.wave)),
            );
            push(
                cutover_key,
                PlannedValue::Date(bu.and_then(|u| u.cutover)),
                PlannedValue::Date(su.and_then(|u| u.cutover)),
            );
        }
        push(
            ChangeKey::Path,
            PlannedValue::Path(b.path.path),
            PlannedValue::Path(s.path.path),
        );
        push(
            ChangeKey::Method,
            PlannedValue::Method(b.method.method),
            PlannedValue::Method(s.method.method),
        );
    }
    out
}

/// Plans the baseline (`baseline`, the plan's own computation) and every scenario of `plan`
/// in parallel; the scenarios land in
/// `scenarios` of the baseline's [`Computed`]. `load_warnings`: the baseline's warnings of
/// loading, which its scenarios share. A scenario that cannot be planned is an error naming
/// it, pointing at its `[[scenario]]`.
pub fn compute_all(
    plan: &Plan,
    load_warnings: &[Diagnostic],
    baseline: impl FnOnce() -> Result<Computed, Vec<Diagnostic>> + Send,
) -> Result<Computed, Vec<Diagnostic>> {
    let (baseline, scenarios) = rayon::join(baseline, || {
        plan.scenarios
            .par_iter()
            .map(|s| compute(&s.plan).map_err(|errors| unplannable(plan, s, errors)))
            .collect::<Vec<_>>()
    });
    let mut errors = Vec::new();
    let baseline = baseline.map_err(|e| errors.extend(e)).ok();
    let mut planned = Vec::new();
    for (index, (scenario, result)) in plan.scenarios.iter().zip(scenarios).enumerate() {
        match (result, &baseline) {
            (Ok(computed), Some(base)) => {
                let mut warnings: Vec<Diagnostic> = load_warnings.to_vec();
                warnings.extend(scenario.warnings.iter().cloned());
                warnings.extend(computed.diagnostics.iter().cloned());
                sort(&mut warnings);
                planned.push(ScenarioPlan {
                    index,
                    summary: Summary::of(&computed, warnings.len()),
                    changes: changes(base, &computed),
                    computed,
                    warnings,
                });
            }
            (Err(e), _) => errors.extend(e),
            (Ok(_), None) => {}
        }
    }
    let Some(mut baseline) = baseline.filter(|_| errors.is_empty()) else {
        sort(&mut errors);
        return Err(errors);
    };
    baseline.scenarios = planned;
    Ok(baseline)
}

fn unplannable(plan: &Plan, scenario: &Scenario, errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errors
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| {
            let mut e = plan.point(
                Diagnostic::error(
                    "E-scenario-unplannable",
                    format!(
                        "scenario `{}` cannot be planned: {}",
                        scenario.name, d.message
                    ),
                ),
                &scenario.loc,
            );
            e.notes
                .push(format!("in the scenario's plan: {}", d.location()));
            e.help = d.help;
            e
        })
        .collect()
}
