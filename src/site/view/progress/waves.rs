//! Each wave's progress: its state, its units done and the data they moved.

use crate::model::{Plan, ResultStatus, UnitResult};
use crate::planning::{Computed, Unit, progress};
use crate::site::format;
use crate::site::urls::Page;
use serde::Serialize;

/// A wave's progress.
#[derive(Debug, Clone, Serialize)]
pub struct WaveProgress {
    pub number: u32,
    pub href: String,
    pub window: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub done: usize,
    pub units: usize,
    pub data_done: String,
    pub data_total: String,
    pub go: bool,
}

pub(super) fn wave_rows(plan: &Plan, computed: &Computed) -> Vec<WaveProgress> {
    computed
        .waves
        .iter()
        .map(|w| {
            let state = progress::wave_state(plan, computed, w);
            let units: Vec<&Unit> = w.units.iter().map(|&u| &computed.units[u]).collect();
            let done: Vec<(&Unit, &UnitResult)> = units
                .iter()
                .filter_map(|u| progress::latest(plan, u).map(|r| (*u, r)))
                .filter(|(_, r)| r.status == ResultStatus::Done)
                .collect();
            WaveProgress {
                number: w.number,
                href: Page::Wave(w.number).path(),
                window: format!(
                    "{} – {}",
                    format::short_date(w.window.start),
                    format::short_date(w.window.end)
                ),
                state: state.as_str(),
                state_label: state.label(),
                done: done.len(),
                units: units.len(),
                // Folded from 0.0: an empty f64 sum is -0.0.
                data_done: format::data(
                    done.iter()
                        .fold(0.0, |sum, (u, r)| sum + r.data_gb.unwrap_or(u.data_gb)),
                ),
                data_total: format::data(units.iter().fold(0.0, |sum, u| sum + u.data_gb)),
                go: w.go,
            }
        })
        .collect()
}
