//! The criticality mix per wave (dashboard table and chart).

use crate::model::Plan;
use crate::planning::Computed;
use crate::site::charts::{self, Chart, ChartResult, Panel, Series};
use plotters::style::RGBColor;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct MixRow {
    pub wave: u32,
    pub href: String,
    pub counts: Vec<usize>,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MixView {
    pub levels: Vec<&'static str>,
    pub rows: Vec<MixRow>,
}

pub fn mix_view(plan: &Plan, computed: &Computed) -> MixView {
    use crate::model::Criticality;
    let rows = computed
        .waves
        .iter()
        .map(|w| {
            let counts: Vec<usize> = Criticality::ALL
                .iter()
                .map(|c| {
                    w.units
                        .iter()
                        .filter(|&&u| plan.workloads[computed.units[u].workload].criticality == *c)
                        .count()
                })
                .collect();
            MixRow {
                wave: w.number,
                href: super::common::wave_href(w.number),
                total: counts.iter().sum(),
                counts,
            }
        })
        .collect();
    MixView {
        levels: Criticality::ALL.iter().map(|c| c.as_str()).collect(),
        rows,
    }
}

fn criticality_color(i: usize) -> RGBColor {
    const COLORS: [RGBColor; 5] = [
        RGBColor(0x8f, 0xc9, 0x8a),
        RGBColor(0xf2, 0xd3, 0x5b),
        RGBColor(0xf2, 0x9b, 0x38),
        RGBColor(0xd9, 0x4b, 0x3a),
        RGBColor(0x8e, 0x1b, 0x2c),
    ];
    COLORS.get(i).copied().unwrap_or(RGBColor(0x88, 0x88, 0x88))
}

pub fn mix_chart(mix: &MixView) -> ChartResult<Chart> {
    let panel = Panel {
        y_desc: "units".into(),
        categories: mix.rows.iter().map(|r| format!("W{}", r.wave)).collect(),
        series: mix
            .levels
            .iter()
            .enumerate()
            .map(|(i, level)| Series {
                label: (*level).into(),
                color: criticality_color(i),
                values: mix
                    .rows
                    .iter()
                    .map(|r| r.counts.get(i).copied().unwrap_or(0) as f64)
                    .collect(),
            })
            .collect(),
    };
    let desc = "Stacked bars per wave: the number of units (production and non-production) at each criticality level, low to mission-critical. The table beside the chart gives the same counts.";
    charts::stacked_bars(
        "chart-criticality",
        "Criticality mix per wave",
        desc,
        &[panel],
    )
}
