//! The search index: every workload in a compact script file (`search-index.js`, see
//! [`urls::Script`]) that the search box on every page and the workloads list's filters read
//! (`static/search.js`). It is a script assigning a global, not JSON fetched by the page, so
//! search works from `file://`, where browsers refuse to fetch files.
//!
//! Compact for large plans (about 55 bytes a workload): columns rather than an object per
//! workload, owners, business units, tags and data sizes as indices into sorted
//! dictionaries (so a sort by the index is a sort by the value), and the small codes of each
//! workload packed into one string. The layout is documented in `docs/site.md` ("Search and
//! filters"); [`FORMAT`] names its version.

use super::urls::{self, Page};
use super::view::workloads::{RollbackState, WorkloadView};
use crate::model::{Criticality, Method, Plan, ResultStatus, Sensitivity, TransferPath};
use crate::planning::Computed;
use crate::planning::progress::{self, PLANNED};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The version of the index's layout (`v`).
pub const FORMAT: u32 = 1;

/// The global the index assigns.
pub const GLOBAL: &str = "waveplanIndex";

/// What stands for a workload's id in its page's address when it is split into a pattern.
const HOLE: &str = "\0";

/// How many characters of [`Columns::codes`] each workload takes.
pub const CODE_WIDTH: usize = 10;

/// The index's dictionaries and columns, serialized with short keys: one entry per workload in
/// every column, in plan order.
#[derive(Serialize)]
struct Columns<'a> {
    v: u32,
    /// A workload's page: `page[0] + id + page[1]`; its rollback page and a wave's page alike.
    page: (String, String),
    rollback: (String, String),
    wave: (String, String),
    /// The waves, for the wave filter.
    waves: Vec<u32>,
    /// Criticality names, lowest first; sensitivity names, least sensitive first.
    crit: &'static [&'static str],
    sens: &'static [&'static str],
    /// Paths and methods as `[value, label]`.
    path: Vec<(&'static str, &'static str)>,
    method: Vec<(&'static str, &'static str)>,
    /// Unit states as `[value, label]`; code 0 in `codes` means "no such unit".
    state: Vec<(&'static str, &'static str)>,
    /// Rollback states as `[label, bad]`, worst first.
    rb: Vec<(&'static str, bool)>,
    /// Dictionaries, sorted.
    owners: Vec<&'a str>,
    units: Vec<&'a str>,
    tags: Vec<&'a str>,
    /// Data sizes as the pages print them, smallest first.
    sizes: Vec<&'a str>,
    /// The columns.
    id: Vec<&'a str>,
    name: Vec<&'a str>,
    owner: Vec<usize>,
    /// Index into `units`; 0 is the empty string (no business unit).
    unit: Vec<usize>,
    tag: Vec<Vec<usize>>,
    data: Vec<usize>,
    nw: Vec<u32>,
    pw: Vec<u32>,
    warn: Vec<usize>,
    /// [`CODE_WIDTH`] base-36 digits per workload: criticality, criticality validated (0/1),
    /// sensitivity, path, path rule, method, method rule, rollback state, non-production
    /// unit state, production unit state.
    codes: String,
}

/// Each value's place in the sorted set of values.
fn dictionary(values: BTreeSet<&str>) -> BTreeMap<&str, usize> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| (v, i))
        .collect()
}

/// The bytes of `search-index.js`. Deterministic: plan order and sorted dictionaries.
pub fn index(plan: &Plan, computed: &Computed, workloads: &[WorkloadView]) -> Vec<u8> {
    let owners = dictionary(workloads.iter().map(|w| w.owner.as_str()).collect());
    let units = dictionary(
        std::iter::once("")
            .chain(workloads.iter().filter_map(|w| w.business_unit.as_deref()))
            .collect(),
    );
    let tags = dictionary(
        workloads
            .iter()
            .flat_map(|w| w.tags.iter().map(String::as_str))
            .collect(),
    );
    // Sizes as printed, ordered by the smallest amount each stands for.
    let mut by_size: Vec<(f64, &str)> = plan
        .workloads
        .iter()
        .zip(workloads)
        .map(|(w, v)| (w.data_gb, v.data.as_str()))
        .collect();
    by_size.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    let mut sizes: Vec<&str> = Vec::new();
    let mut size_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, text) in by_size {
        size_of.entry(text).or_insert_with(|| {
            sizes.push(text);
            sizes.len() - 1
        });
    }

    let states: Vec<&'static str> = std::iter::once(PLANNED)
        .chain(ResultStatus::NAMES.iter().copied())
        .collect();
    let state_code = |unit: Option<usize>| -> u32 {
        unit.map_or(0, |u| {
            let state = progress::unit_state(plan, &computed.units[u]);
            1 + states.iter().position(|s| *s == state).unwrap_or(0) as u32
        })
    };
    let position = |names: &[&str], name: &str| names.iter().position(|n| *n == name).unwrap_or(0);
    let mut codes = String::with_capacity(workloads.len() * CODE_WIDTH);
    for (v, wp) in workloads.iter().zip(&computed.workloads) {
        let digits = [
            position(Criticality::NAMES, v.criticality) as u32,
            u32::from(v.criticality_validated.is_some()),
            position(Sensitivity::NAMES, v.sensitivity) as u32,
            position(TransferPath::NAMES, v.path.value) as u32,
            u32::from(v.path.rule),
            position(Method::NAMES, v.method.value) as u32,
            u32::from(v.method.rule),
            RollbackState::ALL
                .iter()
                .position(|s| *s == RollbackState::of(&v.rollback))
                .unwrap_or(0) as u32,
            state_code(wp.nonprod_unit),
            state_code(wp.prod_unit),
        ];
        codes.extend(
            digits
                .into_iter()
                .map(|d| char::from_digit(d.min(35), 36).unwrap_or('0')),
        );
    }

    let columns = Columns {
        v: FORMAT,
        page: urls::pattern(&Page::Workload(HOLE).path(), HOLE),
        rollback: urls::pattern(&Page::Rollback(HOLE).path(), HOLE),
        wave: urls::pattern(&Page::Wave(u32::MAX).path(), &u32::MAX.to_string()),
        waves: computed.waves.iter().map(|w| w.number).collect(),
        crit: Criticality::NAMES,
        sens: Sensitivity::NAMES,
        path: TransferPath::ALL
            .iter()
            .map(|p| (p.as_str(), p.label()))
            .collect(),
        method: Method::ALL
            .iter()
            .map(|m| (m.as_str(), m.as_str()))
            .collect(),
        state: std::iter::once((PLANNED, PLANNED))
            .chain(ResultStatus::ALL.iter().map(|s| (s.as_str(), s.label())))
            .collect(),
        rb: RollbackState::ALL
            .iter()
            .map(|s| (s.label(), s.bad()))
            .collect(),
        owners: owners.keys().copied().collect(),
        units: units.keys().copied().collect(),
        tags: tags.keys().copied().collect(),
        sizes,
        id: workloads.iter().map(|w| w.id.as_str()).collect(),
        name: workloads.iter().map(|w| w.name.as_str()).collect(),
        owner: workloads.iter().map(|w| owners[w.owner.as_str()]).collect(),
        unit: workloads
            .iter()
            .map(|w| units[w.business_unit.as_deref().unwrap_or("")])
            .collect(),
        tag: workloads
            .iter()
            .map(|w| w.tags.iter().map(|t| tags[t.as_str()]).collect())
            .collect(),
        data: workloads.iter().map(|w| size_of[w.data.as_str()]).collect(),
        nw: workloads
            .iter()
            .map(|w| w.nonprod_wave.unwrap_or(0))
            .collect(),
        pw: workloads.iter().map(|w| w.prod_wave.unwrap_or(0)).collect(),
        warn: workloads.iter().map(|w| w.warnings.len()).collect(),
        codes,
    };
    // serde_json escapes what a JavaScript string needs; the object is a JavaScript literal.
    let json = serde_json::to_string(&columns).unwrap_or_else(|_| "{}".into());
    format!(
        "// waveplan's search index (layout {FORMAT}): see docs/site.md, \"Search and filters\".\nwindow.{GLOBAL}={json};\n"
    )
    .into_bytes()
}
