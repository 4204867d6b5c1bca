//! Link load on the pages (spec section 3, "Shared links"): each wave's load per network path
//! against capacity with its Data Box devices, and the chart and table of load per wave and
//! path on the transfers page.

use super::transfers::path_color;
use crate::model::{Plan, TransferPath};
use crate::planning::shared_links::{self, PathLoad};
use crate::planning::{Computed, Wave};
use crate::site::charts::{Chart, ChartResult};
use crate::site::format;
use crate::site::load_chart::{self, PathBars};
use serde::Serialize;

/// One network path's load in a wave.
#[derive(Debug, Clone, Serialize)]
pub struct LoadView {
    pub wave: u32,
    pub path: &'static str,
    pub hours: String,
    pub capacity: String,
    pub percent: String,
    /// The bar's width in percent (at most 100).
    pub bar: String,
    pub over: bool,
}

/// A wave's links: load per path, Data Box devices, and what the capacity is.
#[derive(Debug, Clone, Serialize)]
pub struct WaveLinksView {
    pub loads: Vec<LoadView>,
    /// "280 h per path: 28 days x 10 h"
    pub capacity_note: String,
    pub databox_devices: u32,
    pub databox_capacity: Option<u32>,
    /// "VPN 89.6 %, Internet 0.7 %": for summaries.
    pub summary: String,
}

fn load_view(wave: u32, l: &PathLoad) -> LoadView {
    let percent = l.percent();
    LoadView {
        wave,
        path: l.path.label(),
        hours: format::hours(l.hours),
        capacity: format!("{} h", format::number(l.capacity_hours)),
        percent: format!("{percent:.1} %"),
        bar: format!("{:.1}", percent.min(100.0)),
        over: l.hours > l.capacity_hours + 1e-9,
    }
}

pub fn wave_links_view(plan: &Plan, wave: &Wave) -> WaveLinksView {
    let days = shared_links::window_days(wave.window);
    let per_day = plan.network.transfer_hours_per_day;
    WaveLinksView {
        loads: wave
            .links
            .load
            .iter()
            .map(|l| load_view(wave.number, l))
            .collect(),
        capacity_note: format!(
            "{} h per network path: {} days x {} h a day",
            format::number(days * per_day),
            format::number(days),
            format::number(per_day)
        ),
        databox_devices: wave.links.databox_devices,
        databox_capacity: wave.links.databox_capacity,
        summary: wave
            .links
            .load
            .iter()
            .map(|l| format!("{} {:.1} %", l.path.label(), l.percent()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The transfers page's link load: the table beside the chart, and a wave's capacity.
#[derive(Debug, Clone, Serialize)]
pub struct LinkLoadPage {
    pub rows: Vec<LoadView>,
    /// "280 h (28 days x 10 h a day)"
    pub capacity: String,
}

/// Every wave's load per network path, wave by wave.
pub fn link_load_page(plan: &Plan, computed: &Computed) -> LinkLoadPage {
    let days = f64::from(plan.meta.wave_weeks) * 7.0;
    let per_day = plan.network.transfer_hours_per_day;
    LinkLoadPage {
        rows: computed
            .waves
            .iter()
            .flat_map(|w| w.links.load.iter().map(|l| load_view(w.number, l)))
            .collect(),
        capacity: format!(
            "{} h ({} days x {} h a day)",
            format::number(days * per_day),
            format::number(days),
            format::number(per_day)
        ),
    }
}

/// The transfers page's chart: hours per wave and network path against each wave's capacity.
pub fn load_chart(computed: &Computed) -> ChartResult<Chart> {
    let paths: Vec<TransferPath> = TransferPath::ALL
        .iter()
        .copied()
        .filter(|p| {
            computed
                .waves
                .iter()
                .any(|w| w.links.load.iter().any(|l| l.path == *p))
        })
        .collect();
    let bars: Vec<PathBars> = paths
        .iter()
        .map(|&p| PathBars {
            label: p.label().into(),
            color: path_color(p),
            hours: computed
                .waves
                .iter()
                .map(|w| {
                    w.links
                        .load
                        .iter()
                        .find(|l| l.path == p)
                        .map_or(0.0, |l| l.hours)
                })
                .collect(),
        })
        .collect();
    let waves: Vec<String> = computed
        .waves
        .iter()
        .map(|w| format!("W{}", w.number))
        .collect();
    let capacity: Vec<f64> = computed
        .waves
        .iter()
        .map(|w| w.links.load.first().map_or(0.0, |l| l.capacity_hours))
        .collect();
    let busiest = computed
        .waves
        .iter()
        .flat_map(|w| w.links.load.iter().map(move |l| (w.number, l)))
        .max_by(|a, b| a.1.percent().total_cmp(&b.1.percent()));
    let desc = match busiest {
        Some((n, l)) => format!(
            "Bars per wave: the transfer hours on each network path ({}), against the wave's capacity drawn as a dashed line. The busiest is {} in wave {n}: {} of {} ({:.1} %). The table beside the chart gives the same numbers.",
            bars.iter()
                .map(|b| b.label.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            l.path.label(),
            format::hours(l.hours),
            format::hours(l.capacity_hours),
            l.percent()
        ),
        None => "No wave moves data over a network path.".into(),
    };
    load_chart::link_load(
        "Link load per wave and path against capacity",
        &desc,
        &waves,
        &capacity,
        &bars,
    )
}
