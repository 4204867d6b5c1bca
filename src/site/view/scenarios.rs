//! The scenarios pages: the baseline and each scenario side by side, and per scenario what it
//! replaces, what moves and its own timeline (spec section 10).

use super::common::{Warned, WarningView, workload_href, workload_lines};
use super::schedule::{shades, timeline_waves};
use super::shared::SharedView;
use crate::diagnostics::Diagnostic;
use crate::model::Plan;
use crate::planning::Computed;
use crate::planning::scenarios::{ScenarioPlan, Summary};
use crate::site::charts::{self, Chart, ChartResult, TimelineWave};
use crate::site::format;
use crate::site::urls::Page;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ScenariosView {
    /// Relative to the site root; also whether the plan has scenarios (empty when not).
    pub href: String,
    /// The baseline, then each scenario.
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
    pub chart: Option<Chart>,
    pub pages: Vec<ScenarioView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub name: String,
    /// The scenario's page; none for the baseline.
    pub href: Option<String>,
    pub first_day: String,
    pub last_day: String,
}

/// A compared figure: one cell per column, the best ones marked.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// The plan.json key of the figure.
    pub key: &'static str,
    pub label: &'static str,
    pub cells: Vec<CellView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub text: String,
    /// The figure as plan.json writes it (`YYYY-MM-DD`, a number).
    pub value: String,
    pub best: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioView {
    pub name: String,
    pub slug: String,
    pub href: String,
    pub description: Option<String>,
    pub overrides: Vec<OverrideView>,
    /// The compared figures: label, baseline, scenario.
    pub figures: Vec<FigureView>,
    pub changes: Vec<ChangeView>,
    pub waves: Vec<WaveRowView>,
    pub chart: Chart,
    pub warnings: Vec<SharedView<WarningView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverrideView {
    pub table: String,
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub label: &'static str,
    pub baseline: String,
    pub scenario: String,
    pub differs: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub workload: String,
    pub name: String,
    /// The workload's baseline page.
    pub href: String,
    pub key: &'static str,
    pub baseline: String,
    pub scenario: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaveRowView {
    pub number: u32,
    pub start: String,
    pub end: String,
    pub units: usize,
}

/// A compared figure: its plan.json key, label, how to show it, its plan.json value, and a
/// rank (lower is better).
struct Figure {
    key: &'static str,
    label: &'static str,
    cell: fn(&Summary) -> (String, String, f64),
}

const FIGURES: [Figure; 6] = [
    Figure {
        key: "end",
        label: "Last cutover",
        cell: |s| match s.end {
            Some(d) => (format::date(d), d.to_string(), days(d)),
            None => ("—".into(), String::new(), f64::INFINITY),
        },
    },
    Figure {
        key: "waves",
        label: "Waves",
        cell: |s| (s.waves.to_string(), s.waves.to_string(), s.waves as f64),
    },
    Figure {
        key: "downtime_hours",
        label: "Total planned downtime",
        cell: |s| {
            // Two decimals, as plan.json writes hours.
            let h = (s.downtime_hours * 100.0).round() / 100.0;
            (format::hours(s.downtime_hours), h.to_string(), h)
        },
    },
    Figure {
        key: "units_over_tolerance",
        label: "Production units over their tolerance",
        cell: |s| count(s.units_over_tolerance),
    },
    Figure {
        key: "databox_devices",
        label: "Data Box devices",
        cell: |s| count(s.databox_devices as usize),
    },
    Figure {
        key: "warnings",
        label: "Warnings",
        cell: |s| count(s.warnings),
    },
];

fn count(n: usize) -> (String, String, f64) {
    (n.to_string(), n.to_string(), n as f64)
}

fn days(d: jiff::civil::Date) -> f64 {
    f64::from(d.year()) * 400.0 + f64::from(d.day_of_year())
}

/// The scenarios pages' data; empty (no `href`) when the plan has none.
pub fn scenarios_view(
    plan: &Plan,
    computed: &Computed,
    warnings: &[Diagnostic],
) -> ChartResult<ScenariosView> {
    if computed.scenarios.is_empty() {
        return Ok(ScenariosView {
            href: String::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            chart: None,
            pages: Vec::new(),
        });
    }
    let baseline = Summary::of(computed, warnings.len());
    let mut summaries = vec![&baseline];
    summaries.extend(computed.scenarios.iter().map(|s| &s.summary));
    let mut columns = vec![column("Baseline (plan of record)", None, computed)];
    for sp in &computed.scenarios {
        let s = &plan.scenarios[sp.index];
        columns.push(column(
            &s.name,
            Some(Page::Scenario(&s.slug).path()),
            &sp.computed,
        ));
    }
    let rows = FIGURES
        .iter()
        .map(|figure| {
            let cells: Vec<(String, String, f64)> =
                summaries.iter().map(|s| (figure.cell)(s)).collect();
            let best = cells.iter().map(|c| c.2).fold(f64::INFINITY, f64::min);
            // Marked only where the columns differ: a tie everywhere has no best.
            let differ = cells.iter().any(|c| c.2 != best);
            RowView {
                key: figure.key,
                label: figure.label,
                cells: cells
                    .into_iter()
                    .map(|(text, value, rank)| CellView {
                        text,
                        value,
                        best: differ && rank == best,
                    })
                    .collect(),
            }
        })
        .collect();
    let lines = workload_lines(plan);
    let pages = computed
        .scenarios
        .iter()
        .map(|sp| scenario_view(plan, &baseline, sp, &lines))
        .collect::<ChartResult<Vec<_>>>()?;
    Ok(ScenariosView {
        href: Page::Scenarios.path(),
        chart: Some(comparison_chart(plan, computed, &columns)?),
        columns,
        rows,
        pages,
    })
}

fn column(name: &str, href: Option<String>, computed: &Computed) -> ColumnView {
    let day = |d: Option<jiff::civil::Date>| d.map(format::date).unwrap_or_else(|| "—".into());
    ColumnView {
        name: name.into(),
        href,
        first_day: day(computed.waves.first().map(|w| w.window.start)),
        last_day: day(computed.waves.last().map(|w| w.window.end)),
    }
}

fn comparison_chart(
    plan: &Plan,
    computed: &Computed,
    columns: &[ColumnView],
) -> ChartResult<Chart> {
    let mut plans = vec![("Baseline".to_string(), timeline_waves(computed))];
    for (sp, column) in computed.scenarios.iter().zip(&columns[1..]) {
        plans.push((short(&column.name), timeline_waves(&sp.computed)));
    }
    let all = || plans.iter().flat_map(|(_, waves)| waves.iter());
    let (Some(from), Some(to)) = (all().map(|w| w.start).min(), all().map(|w| w.end).max()) else {
        return charts::comparison("Timelines compared", "No plan has waves.", &[], &[]);
    };
    let desc = format!(
        "The waves of the baseline and of {} scenario{}, one row each, from {} to {}; cutovers as dots, change freezes and business peaks shaded. The table beside the chart lists each plan's first and last day.",
        computed.scenarios.len(),
        if computed.scenarios.len() == 1 {
            ""
        } else {
            "s"
        },
        format::date(from),
        format::date(to),
    );
    charts::comparison("Timelines compared", &desc, &plans, &shades(plan, from, to))
}

/// A scenario's own timeline: a row per wave, without GO/NO-GO (go/no-go is the baseline's).
fn own_timeline(plan: &Plan, computed: &Computed) -> ChartResult<Chart> {
    let rows: Vec<(String, Vec<TimelineWave>)> = timeline_waves(computed)
        .into_iter()
        .map(|w| (w.label.clone(), vec![w]))
        .collect();
    let (Some(first), Some(last)) = (computed.waves.first(), computed.waves.last()) else {
        return charts::comparison("Timeline", "The scenario has no waves.", &[], &[]);
    };
    let (from, to) = (first.window.start, last.window.end);
    let desc = format!(
        "{} waves from {} to {}; {} cutovers; change freezes and business peaks shaded. The table beside the chart lists the same dates.",
        computed.waves.len(),
        format::date(from),
        format::date(to),
        computed.units.len()
    );
    charts::comparison(
        "The scenario's waves and cutovers",
        &desc,
        &rows,
        &shades(plan, from, to),
    )
}

/// A label that fits the chart's margin.
fn short(name: &str) -> String {
    const MAX: usize = 30;
    if name.chars().count() <= MAX {
        name.to_string()
    } else {
        format!(
            "{}…",
            name.chars().take(MAX - 1).collect::<String>().trim_end()
        )
    }
}

fn scenario_view(
    plan: &Plan,
    baseline: &Summary,
    sp: &ScenarioPlan,
    lines: &[Option<std::ops::RangeInclusive<usize>>],
) -> ChartResult<ScenarioView> {
    let scenario = &plan.scenarios[sp.index];
    let splan = &scenario.plan;
    Ok(ScenarioView {
        name: scenario.name.clone(),
        slug: scenario.slug.clone(),
        href: Page::Scenario(&scenario.slug).path(),
        description: scenario.description.clone(),
        overrides: scenario
            .overrides
            .iter()
            .map(|o| OverrideView {
                table: o.target.label(),
                key: o.key.clone(),
                value: o.value.clone(),
            })
            .collect(),
        figures: FIGURES
            .iter()
            .map(|figure| {
                let (b, s) = ((figure.cell)(baseline), (figure.cell)(&sp.summary));
                FigureView {
                    label: figure.label,
                    differs: b.1 != s.1,
                    baseline: b.0,
                    scenario: s.0,
                }
            })
            .collect(),
        changes: sp
            .changes
            .iter()
            .map(|c| {
                let w = &plan.workloads[c.workload];
                ChangeView {
                    workload: w.id.clone(),
                    name: w.name.clone(),
                    href: workload_href(&w.id),
                    key: c.key.as_str(),
                    baseline: c.baseline.text(),
                    scenario: c.scenario.text(),
                }
            })
            .collect(),
        waves: sp
            .computed
            .waves
            .iter()
            .map(|w| WaveRowView {
                number: w.number,
                start: format::date(w.window.start),
                end: format::date(w.window.end),
                units: w.units.len(),
            })
            .collect(),
        chart: own_timeline(splan, &sp.computed)?,
        warnings: sp
            .warnings
            .iter()
            .map(|d| Warned::new(splan, lines, d).view)
            .collect(),
    })
}
