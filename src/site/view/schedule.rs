//! The schedule page: every cutover by date, the freezes and peaks, and the timeline chart.

use super::common::UnitView;
use super::shared::SharedView;
use crate::model::{PeakWhen, Plan};
use crate::planning::calendar::month_end_peak_start;
use crate::planning::{Computed, Tier};
use crate::schema::defaults::weekday_name;
use crate::site::charts::{self, Chart, ChartResult, Shade, ShadeKind, TimelineWave};
use crate::site::format;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    pub name: String,
    pub kind: ShadeKind,
    pub when: String,
    pub applies_to: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    /// Every unit, by cutover date.
    pub cutovers: Vec<SharedView<UnitView>>,
    pub periods: Vec<PeriodView>,
    pub cutover_weekdays: String,
}

/// `units`: every unit's view, by unit index.
pub fn schedule_view(
    plan: &Plan,
    computed: &Computed,
    units: &[SharedView<UnitView>],
) -> ScheduleView {
    let mut order: Vec<usize> = (0..computed.units.len()).collect();
    order.sort_by(|&a, &b| {
        let (ua, ub) = (&computed.units[a], &computed.units[b]);
        (
            ua.cutover,
            ua.wave,
            ua.tier,
            &plan.workloads[ua.workload].id,
        )
            .cmp(&(
                ub.cutover,
                ub.wave,
                ub.tier,
                &plan.workloads[ub.workload].id,
            ))
    });
    let freezes = plan.freezes.iter().map(|f| PeriodView {
        name: f.name.clone(),
        kind: ShadeKind::Freeze,
        when: format!("{} to {}", format::date(f.start), format::date(f.end)),
        applies_to: "every change".into(),
    });
    let peaks = plan.peaks.iter().map(|p| PeriodView {
        name: p.name.clone(),
        kind: ShadeKind::Peak,
        when: match p.when {
            PeakWhen::MonthEnd(n) => format!("the last {n} weekdays of every month"),
            PeakWhen::Dated { start, end } => {
                format!("{} to {}", format::date(start), format::date(end))
            }
        },
        applies_to: peak_scope(&p.business_units, &p.workloads),
    });
    ScheduleView {
        cutovers: order.into_iter().map(|u| units[u].clone()).collect(),
        periods: freezes.chain(peaks).collect(),
        cutover_weekdays: plan
            .meta
            .cutover_weekdays
            .iter()
            .map(|d| weekday_name(*d).long)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn peak_scope(units: &[String], workloads: &[String]) -> String {
    let mut parts = Vec::new();
    if !units.is_empty() {
        parts.push(format!("cutovers of business units {}", units.join(", ")));
    }
    if !workloads.is_empty() {
        parts.push(format!("cutovers of {}", workloads.join(", ")));
    }
    if parts.is_empty() {
        "cutovers of every workload".into()
    } else {
        parts.join("; ")
    }
}

/// Shaded periods for the timeline between `from` and `to`: month-end peaks become one shade
/// per month.
pub fn shades(plan: &Plan, from: jiff::civil::Date, to: jiff::civil::Date) -> Vec<Shade> {
    let mut out: Vec<Shade> = plan
        .freezes
        .iter()
        .map(|f| Shade {
            kind: ShadeKind::Freeze,
            start: f.start,
            end: f.end,
        })
        .collect();
    for p in &plan.peaks {
        match p.when {
            PeakWhen::Dated { start, end } => out.push(Shade {
                kind: ShadeKind::Peak,
                start,
                end,
            }),
            PeakWhen::MonthEnd(n) => {
                let mut month = from.first_of_month();
                while month <= to {
                    out.push(Shade {
                        kind: ShadeKind::Peak,
                        start: month_end_peak_start(month, n),
                        end: month.last_of_month(),
                    });
                    let Ok(next) = month.last_of_month().tomorrow() else {
                        break;
                    };
                    month = next;
                }
            }
        }
    }
    out
}

/// The waves and cutovers of a computed plan as the timeline chart draws them.
pub fn timeline_waves(computed: &Computed) -> Vec<TimelineWave> {
    computed
        .waves
        .iter()
        .map(|w| TimelineWave {
            label: format!("Wave {}", w.number),
            start: w.window.start,
            end: w.window.end,
            go: w.go,
            cutovers: {
                // One dot per day and tier: a day with forty cutovers draws the same dot as
                // one, and the chart stays small for large plans.
                let mut dots: Vec<(Date, bool)> = w
                    .units
                    .iter()
                    .filter_map(|&u| {
                        computed.units[u]
                            .cutover
                            .map(|d| (d, computed.units[u].tier == Tier::Prod))
                    })
                    .collect();
                dots.sort_unstable();
                dots.dedup();
                dots
            },
        })
        .collect()
}

pub fn timeline_chart(plan: &Plan, computed: &Computed) -> ChartResult<Chart> {
    let waves = timeline_waves(computed);
    let (Some(first), Some(last)) = (computed.waves.first(), computed.waves.last()) else {
        return charts::timeline("Timeline", "The plan has no waves.", &[], &[]);
    };
    let desc = format!(
        "{} waves from {} to {}; {} GO, {} NO-GO; {} cutovers; change freezes and business peaks shaded. The table beside the chart lists the same dates.",
        waves.len(),
        format::date(first.window.start),
        format::date(last.window.end),
        computed.waves.iter().filter(|w| w.go).count(),
        computed.waves.iter().filter(|w| !w.go).count(),
        computed.units.len()
    );
    let shades = shades(plan, first.window.start, last.window.end);
    charts::timeline("Timeline of waves and cutovers", &desc, &waves, &shades)
}
