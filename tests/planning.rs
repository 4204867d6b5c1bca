//! Property tests of the planning invariants (spec section 3) over random plans, and tests of
//! the exports.

use jiff::civil::{Date, Weekday, date};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use waveplan::inputs::Inputs;
use waveplan::model::{Criticality, Plan, TransferPath};
use waveplan::planning::calendar::{add_days, in_freeze, in_peak};
use waveplan::planning::shared_links::{self as links, Finding};
use waveplan::planning::{self, Computed, Tier};

#[derive(Debug, Clone)]
struct GenWorkload {
    criticality: usize,
    sensitivity: usize,
    envs: usize,
    data_gb: u32,
    replication: bool,
    change: u32,
    downtime: Option<u32>,
    deps: Vec<usize>,
    tolerant_mask: u8,
    unit: usize,
}

#[derive(Debug, Clone)]
struct GenPlan {
    wave_weeks: u32,
    gap: u32,
    max_units: Option<u32>,
    max_tb: Option<u32>,
    pilot: u32,
    weekdays: Vec<usize>,
    net: (u32, u32, u32),
    freezes: Vec<(u32, u32)>,
    peaks: Vec<(bool, u32, u32, usize)>,
    /// `transfer_hours_per_day` and `databox_devices`.
    links: (Option<u32>, Option<u32>),
    workloads: Vec<GenWorkload>,
}

const CRIT: [&str; 5] = ["low", "medium", "high", "unit-critical", "mission-critical"];
const SENS: [&str; 5] = [
    "public",
    "non-business",
    "general",
    "confidential",
    "highly-confidential",
];
const ENVS: [&str; 4] = [
    "[\"prod\"]",
    "[\"dev\", \"test\", \"prod\"]",
    "[\"test\"]",
    "[\"test\", \"production\"]",
];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const UNITS: [&str; 3] = ["Finance", "Sales", "IT"];

fn workload_strategy(n: usize) -> impl Strategy<Value = GenWorkload> {
    (
        (
            0..5usize,
            0..5usize,
            0..4usize,
            prop_oneof![0..2000u32, 0..90_000u32],
            any::<bool>(),
        ),
        (
            0..3000u32,
            proptest::option::of(0..80u32),
            proptest::collection::vec(0..n, 0..3),
            any::<u8>(),
            0..3usize,
        ),
    )
        .prop_map(
            |(
                (criticality, sensitivity, envs, data_gb, replication),
                (change, downtime, deps, tolerant_mask, unit),
            )| {
                GenWorkload {
                    criticality,
                    sensitivity,
                    envs,
                    data_gb,
                    replication,
                    change,
                    downtime,
                    deps,
                    tolerant_mask,
                    unit,
                }
            },
        )
}

fn plan_strategy() -> impl Strategy<Value = GenPlan> {
    (1usize..25).prop_flat_map(|n| {
        (
            (
                1..7u32,
                0..15u32,
                proptest::option::of(1..10u32),
                proptest::option::of(1..120u32),
                1..10u32,
            ),
            proptest::collection::btree_set(0..7usize, 1..5),
            (
                prop_oneof![Just(0u32), 50..2000u32],
                prop_oneof![Just(0u32), 100..1000u32],
                prop_oneof![Just(0u32), 100..1000u32],
            ),
            proptest::collection::vec((0..700u32, 0..40u32), 0..3),
            proptest::collection::vec((any::<bool>(), 0..700u32, 1..20u32, 0..4usize), 0..3),
            proptest::collection::vec(workload_strategy(n), n),
            (
                proptest::option::of(1..25u32),
                proptest::option::of(1..4u32),
            ),
        )
            .prop_map(
                |(
                    (wave_weeks, gap, max_units, max_tb, pilot),
                    weekdays,
                    net,
                    freezes,
                    peaks,
                    workloads,
                    links,
                )| {
                    GenPlan {
                        wave_weeks,
                        gap,
                        max_units,
                        max_tb,
                        pilot,
                        weekdays: weekdays.into_iter().collect(),
                        net,
                        freezes,
                        peaks,
                        links,
                        workloads,
                    }
                },
            )
    })
}

fn day(offset: u32) -> Date {
    add_days(date(2027, 2, 1), offset as i64)
}

fn to_toml(g: &GenPlan) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "[plan]\ntitle = \"Random\"\nstart = 2027-02-03\nwave_weeks = {}\nwave_gap_days = {}",
        g.wave_weeks, g.gap
    );
    if let Some(m) = g.max_units {
        let _ = writeln!(t, "max_units_per_wave = {m}");
    }
    if let Some(m) = g.max_tb {
        let _ = writeln!(t, "max_data_tb_per_wave = {m}");
    }
    let days: Vec<String> = g
        .weekdays
        .iter()
        .map(|d| format!("\"{}\"", DAYS[*d]))
        .collect();
    let _ = writeln!(
        t,
        "pilot_max_units = {}\ncutover_weekdays = [{}]",
        g.pilot,
        days.join(", ")
    );
    let _ = writeln!(
        t,
        "[network]\nexpressroute_mbps = {}\nvpn_mbps = {}\ninternet_mbps = {}",
        g.net.0, g.net.1, g.net.2
    );
    if let Some(h) = g.links.0 {
        let _ = writeln!(t, "transfer_hours_per_day = {h}");
    }
    if let Some(d) = g.links.1 {
        let _ = writeln!(t, "databox_devices = {d}");
    }
    for (i, (start, len)) in g.freezes.iter().enumerate() {
        let _ = writeln!(
            t,
            "[[freeze]]\nname = \"F{i}\"\nstart = {}\nend = {}",
            day(*start),
            day(start + len)
        );
    }
    for (i, (month_end, start, len, target)) in g.peaks.iter().enumerate() {
        let _ = writeln!(t, "[[peak]]\nname = \"P{i}\"");
        if *month_end {
            let _ = writeln!(t, "month_end_days = {}", 1 + len % 5);
        } else {
            let _ = writeln!(t, "start = {}\nend = {}", day(*start), day(start + len));
        }
        match target {
            0 => {}
            1 => {
                let _ = writeln!(t, "business_units = [\"Finance\"]");
            }
            _ => {
                let _ = writeln!(t, "workloads = [\"w{}\"]", target % g.workloads.len());
            }
        }
    }
    for (i, w) in g.workloads.iter().enumerate() {
        let _ = writeln!(
            t,
            "[[workload]]\nid = \"w{i}\"\nname = \"W{i}\"\nowner = \"O\"\nbusiness_unit = \"{}\"\ncriticality = \"{}\"\nsensitivity = \"{}\"\nenvironments = {}\ndata_gb = {}\nreplication = {}\nchange_gb_per_day = {}",
            UNITS[w.unit],
            CRIT[w.criticality],
            SENS[w.sensitivity],
            ENVS[w.envs],
            w.data_gb,
            w.replication,
            w.change
        );
        if let Some(h) = w.downtime {
            let _ = writeln!(t, "max_downtime_hours = {h}");
        }
        let deps: BTreeSet<usize> = w.deps.iter().copied().filter(|d| *d != i).collect();
        if !deps.is_empty() {
            let list: Vec<String> = deps.iter().map(|d| format!("\"w{d}\"")).collect();
            let _ = writeln!(t, "depends_on = [{}]", list.join(", "));
            let tolerant: Vec<String> = deps
                .iter()
                .enumerate()
                .filter(|(k, _)| w.tolerant_mask & (1 << k) != 0)
                .map(|(_, d)| format!("\"w{d}\""))
                .collect();
            if !tolerant.is_empty() {
                let _ = writeln!(t, "latency_tolerant = [{}]", tolerant.join(", "));
            }
        }
    }
    t
}

fn load(text: &str) -> Plan {
    let mut inputs = Inputs::default();
    inputs.insert("plan.toml", text.as_bytes().to_vec());
    match waveplan::load::load(&inputs) {
        Ok((plan, _)) => plan,
        Err(d) => panic!("generated plan does not load: {d:#?}\n{text}"),
    }
}

fn weekday_index(w: Weekday) -> usize {
    w.to_monday_zero_offset() as usize
}

/// Components of workloads joined by direct dependencies.
fn components(plan: &Plan) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..plan.workloads.len()).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut x = x;
        while p[x] != x {
            x = p[x];
        }
        x
    }
    for (i, w) in plan.workloads.iter().enumerate() {
        for d in w.direct_dependencies() {
            let j = plan.workloads.iter().position(|o| o.id == d).unwrap();
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    (0..plan.workloads.len())
        .map(|i| find(&mut parent, i))
        .collect()
}

/// Whether workload `to` can be reached from `from` over direct dependencies (a cycle when
/// `to` depends on `from`).
fn reaches(plan: &Plan, from: usize, to: usize) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(x) = stack.pop() {
        if x == to {
            return true;
        }
        if seen.insert(x) {
            for d in plan.workloads[x].direct_dependencies() {
                stack.push(plan.workloads.iter().position(|o| o.id == d).unwrap());
            }
        }
    }
    false
}

fn check_invariants(plan: &Plan, c: &Computed) -> Result<(), TestCaseError> {
    let meta = &plan.meta;
    // Each unit in exactly one wave.
    let mut seen = vec![0; c.units.len()];
    for wave in &c.waves {
        for &u in &wave.units {
            seen[u] += 1;
            prop_assert_eq!(c.units[u].wave, wave.number);
        }
    }
    prop_assert!(
        seen.iter().all(|n| *n == 1),
        "unit not in exactly one wave: {seen:?}"
    );

    // Windows: exactly wave_weeks, gaps of at least wave_gap_days, no freeze touched.
    for (i, wave) in c.waves.iter().enumerate() {
        prop_assert_eq!(
            (wave.window.end - wave.window.start).get_days() + 1,
            meta.wave_weeks as i32 * 7
        );
        prop_assert!(wave.window.start >= meta.start);
        if i > 0 {
            let prev = c.waves[i - 1].window;
            prop_assert!((wave.window.start - prev.end).get_days() >= meta.wave_gap_days as i32);
        }
        for f in &plan.freezes {
            prop_assert!(
                !wave.window.overlaps(f.start, f.end),
                "wave {} touches freeze {}",
                wave.number,
                f.name
            );
        }
    }

    // Cutovers: allowed weekday, inside the wave, outside freezes and applicable peaks.
    for u in &c.units {
        let w = &plan.workloads[u.workload];
        let cut = u.cutover.expect("every placed unit has a cutover");
        let wave = c.wave(u.wave).unwrap();
        prop_assert!(wave.window.contains(cut));
        prop_assert!(
            meta.cutover_weekdays.contains(&cut.weekday()),
            "{cut} is a {:?}",
            weekday_index(cut.weekday())
        );
        prop_assert!(!in_freeze(&plan.freezes, cut));
        for p in plan.peaks.iter().filter(|p| p.applies_to(w)) {
            prop_assert!(
                !in_peak(p, cut),
                "{} cutover {cut} in peak {}",
                w.id,
                p.name
            );
        }
    }

    // Non-production before production: earlier wave, and earlier cutovers within a wave.
    for wp in &c.workloads {
        if let (Some(np), Some(pr)) = (wp.nonprod_unit, wp.prod_unit) {
            prop_assert!(c.units[np].wave < c.units[pr].wave);
        }
    }
    for wave in &c.waves {
        let last_np = wave
            .units
            .iter()
            .filter(|&&u| c.units[u].tier == Tier::Nonprod)
            .filter_map(|&u| c.units[u].cutover)
            .max();
        let first_pr = wave
            .units
            .iter()
            .filter(|&&u| c.units[u].tier == Tier::Prod)
            .filter_map(|&u| c.units[u].cutover)
            .min();
        if let (Some(a), Some(b)) = (last_np, first_pr) {
            prop_assert!(
                a < b,
                "wave {}: nonprod {a} not before prod {b}",
                wave.number
            );
        }
    }

    // Capacity, unless a lone unit is larger than a wave (reported as W-capacity).
    let oversized: BTreeSet<&str> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "W-capacity")
        .map(|d| d.message.as_str())
        .collect();
    for wave in &c.waves {
        if let Some(cap) = meta.max_units_per_wave {
            prop_assert!(wave.units.len() <= cap as usize);
        }
        if let Some(cap) = meta.max_data_tb_per_wave {
            let tb: f64 = wave
                .units
                .iter()
                .map(|&u| c.units[u].data_gb / 1000.0)
                .sum();
            prop_assert!(
                tb <= cap + 1e-6 || (wave.units.len() == 1 && !oversized.is_empty()),
                "wave {} holds {tb} TB",
                wave.number
            );
        }
    }

    // Pilot: at most pilot_max_units, no critical production unless nothing else exists.
    let comp = components(plan);
    let group_crit = |u: &planning::Unit| {
        plan.workloads
            .iter()
            .enumerate()
            .filter(|(j, _)| comp[*j] == comp[u.workload])
            .map(|(_, w)| w.criticality)
            .max()
            .unwrap()
    };
    if let Some(pilot) = c.waves.first() {
        prop_assert!(pilot.units.len() <= meta.pilot_max_units as usize);
        let critical_in_pilot = pilot.units.iter().any(|&u| {
            c.units[u].tier == Tier::Prod
                && plan.workloads[c.units[u].workload].criticality >= Criticality::High
        });
        if critical_in_pilot {
            prop_assert!(
                c.units
                    .iter()
                    .all(|u| u.tier == Tier::Prod && group_crit(u) >= Criticality::High)
            );
        }
    }

    shared_links(plan, c)?;

    // Direct dependencies together, or split only when the group is too large, the
    // dependency first, each split edge a hybrid link.
    let unit_of = |w: usize, tier: Tier| match tier {
        Tier::Nonprod => c.workloads[w].nonprod_unit,
        Tier::Prod => c.workloads[w].prod_unit,
    };
    for (i, w) in plan.workloads.iter().enumerate() {
        for d in w.direct_dependencies() {
            let j = plan.workloads.iter().position(|o| o.id == d).unwrap();
            for tier in [Tier::Nonprod, Tier::Prod] {
                let (Some(a), Some(b)) = (unit_of(i, tier), unit_of(j, tier)) else {
                    continue;
                };
                let (wa, wb) = (c.units[a].wave, c.units[b].wave);
                if wa == wb {
                    continue;
                }
                let members: Vec<&planning::Unit> = c
                    .units
                    .iter()
                    .filter(|u| u.tier == tier && comp[u.workload] == comp[i])
                    .collect();
                let too_many = meta
                    .max_units_per_wave
                    .is_some_and(|cap| members.len() > cap as usize);
                let too_big = meta.max_data_tb_per_wave.is_some_and(|cap| {
                    members.iter().map(|u| u.data_gb / 1000.0).sum::<f64>() > cap
                });
                prop_assert!(
                    too_many || too_big,
                    "{} and {d} split ({wa}/{wb}) though the group fits a wave",
                    w.id
                );
                let in_cycle = reaches(plan, j, i);
                prop_assert!(
                    wb <= wa || in_cycle,
                    "dependency {d} (wave {wb}) after dependent {} (wave {wa})",
                    w.id
                );
                prop_assert!(
                    c.hybrid_links
                        .iter()
                        .any(|l| l.from == i && l.to == j && l.tier == tier),
                    "no hybrid link for {} -> {d}",
                    w.id
                );
            }
        }
    }
    Ok(())
}

/// Shared links (spec section 3, v2): load per path within capacity unless the wave holds a
/// single group flagged `W-link-wave`; devices likewise with `W-databox-wave`; every offline
/// network transfer's downtime the sum of its day and path plus the overhead; a day over a
/// tolerance only with `W-link-day`.
fn shared_links(plan: &Plan, c: &Computed) -> Result<(), TestCaseError> {
    let overhead = plan.meta.cutover_overhead_hours;
    for wave in &c.waves {
        let capacity = links::capacity_hours(plan, wave.window);
        for &path in TransferPath::ALL.iter().filter(|p| p.is_network()) {
            let mut on_path: Vec<usize> = wave
                .units
                .iter()
                .copied()
                .filter(|&u| c.units[u].path == path)
                .collect();
            let hours: f64 = on_path.iter().map(|&u| c.units[u].transfer_hours).sum();
            let reported = wave.links.load.iter().find(|l| l.path == path);
            prop_assert_eq!(reported.map_or(0.0, |l| l.hours), hours);
            if hours > capacity + 1e-6 {
                // Alone: the flagged group's units are all that carry load on the path (a
                // unit of no data carries none).
                let loaded = |u: &usize| c.units[*u].transfer_hours > 0.0;
                on_path.retain(loaded);
                on_path.sort_unstable();
                let alone = wave.links.findings.iter().any(|f| match f {
                    Finding::LinkWave { path: p, units, .. } => {
                        let mut units = units.clone();
                        units.retain(loaded);
                        units.sort_unstable();
                        *p == path && units == on_path
                    }
                    _ => false,
                });
                prop_assert!(
                    alone,
                    "wave {} carries {hours} h on {path} of {capacity} h",
                    wave.number
                );
            }
        }
        let boxes: Vec<usize> = wave
            .units
            .iter()
            .copied()
            .filter(|&u| c.units[u].path == TransferPath::DataBox)
            .collect();
        let devices: u32 = boxes.iter().map(|&u| c.units[u].devices).sum();
        prop_assert_eq!(wave.links.databox_devices, devices);
        if let Some(cap) = links::device_capacity(plan, wave.window)
            && devices > cap
        {
            let alone = wave.links.findings.iter().any(
                |f| matches!(f, Finding::DataboxWave { units, .. } if units.len() == boxes.len()),
            );
            prop_assert!(
                alone,
                "wave {} uses {devices} devices of {cap}",
                wave.number
            );
        }
    }
    for (i, u) in c.units.iter().enumerate() {
        if !links::shares_day(u) {
            continue;
        }
        let sharing: Vec<usize> = (0..c.units.len())
            .filter(|&o| {
                let x = &c.units[o];
                links::shares_day(x) && x.cutover == u.cutover && x.path == u.path
            })
            .collect();
        let sum: f64 = sharing.iter().map(|&o| c.units[o].transfer_hours).sum();
        prop_assert!(
            (u.downtime_hours - (sum + overhead)).abs() < 1e-6,
            "unit {i}: downtime {} != {sum} + {overhead}",
            u.downtime_hours
        );
        prop_assert_eq!(u.shared_with.len(), sharing.len() - 1);
        if u.downtime_hours > links::day_limit(plan, u) + 1e-6 {
            prop_assert!(
                c.waves
                    .iter()
                    .flat_map(|w| &w.links.findings)
                    .any(|f| matches!(f, Finding::LinkDay { units, .. } if units.contains(&i))),
                "unit {i} over its tolerance on a shared day without W-link-day"
            );
        }
    }
    Ok(())
}

proptest! {
    // 200 cases by default; PROPTEST_CASES=N for a longer hunt.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
    ))]

    #[test]
    fn planning_invariants_hold(g in plan_strategy()) {
        let text = to_toml(&g);
        let plan = load(&text);
        match planning::compute(&plan) {
            Ok(computed) => {
                check_invariants(&plan, &computed)?;
                // Deterministic: the same plan gives the same exports.
                let again = planning::compute(&plan).unwrap();
                prop_assert_eq!(
                    waveplan::export::plan_json(&plan, &computed),
                    waveplan::export::plan_json(&plan, &again)
                );
            }
            Err(errors) => {
                for e in &errors {
                    prop_assert!(
                        ["E-no-path", "E-no-secure-path", "E-unschedulable"].contains(&e.code),
                        "unexpected planning error {e:?}"
                    );
                    prop_assert!(e.line > 0);
                }
            }
        }
    }
}

const BASE: &str = r#"
[plan]
title = "Base"
start = 2027-02-01
cutover_weekdays = ["sat"]

[network]
vpn_mbps = 650
"#;

fn base_with(extra: &str) -> Plan {
    load(&format!("{BASE}{extra}"))
}

#[test]
fn an_unschedulable_unit_is_an_error_naming_it() {
    // A peak on every day for ten years: no wave can take `stuck`.
    let plan = base_with(
        "[[peak]]\nname = \"Always\"\nstart = 2027-01-01\nend = 2040-01-01\nworkloads = [\"stuck\"]\n\
         [[workload]]\nid = \"stuck\"\nname = \"S\"\nowner = \"O\"\ndata_gb = 1\n",
    );
    let started = std::time::Instant::now();
    let errors = planning::compute(&plan).expect_err("cannot be scheduled");
    assert_eq!(errors[0].code, "E-unschedulable");
    assert!(
        errors[0].message.contains("`stuck`"),
        "{}",
        errors[0].message
    );
    assert!(
        started.elapsed().as_secs() < 30,
        "planning must end quickly"
    );
}

#[test]
fn a_freeze_pushes_the_wave_after_it() {
    let plan = base_with(
        "[[freeze]]\nname = \"F\"\nstart = 2027-02-10\nend = 2027-02-20\n\
         [[workload]]\nid = \"a\"\nname = \"A\"\nowner = \"O\"\ndata_gb = 1\n",
    );
    let c = planning::compute(&plan).unwrap();
    // The first wave would run 1-28 February and touch the freeze: it starts Mon 22 Feb.
    assert_eq!(c.waves[0].window.start, date(2027, 2, 22));
    assert_eq!(c.units[0].cutover, Some(date(2027, 3, 20)));
}

#[test]
fn groups_follow_priority_and_nonprod_comes_first() {
    let plan = base_with(
        "[[workload]]\nid = \"big\"\nname = \"B\"\nowner = \"O\"\ncriticality = \"high\"\nenvironments = [\"test\", \"prod\"]\ndata_gb = 10\n\
         [[workload]]\nid = \"small\"\nname = \"S\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 10\n",
    );
    let c = planning::compute(&plan).unwrap();
    let wave_of = |id: &str, tier: Tier| {
        c.units
            .iter()
            .find(|u| plan.workloads[u.workload].id == id && u.tier == tier)
            .unwrap()
            .wave
    };
    assert_eq!(wave_of("small", Tier::Prod), 1);
    assert_eq!(wave_of("big", Tier::Nonprod), 1);
    // High criticality production stays out of the pilot.
    assert_eq!(wave_of("big", Tier::Prod), 2);
}

#[test]
fn a_group_too_large_splits_dependencies_first_with_hybrid_links() {
    let plan = load(
        "[plan]\ntitle = \"S\"\nstart = 2027-02-01\nmax_units_per_wave = 2\npilot_max_units = 2\n\
         [network]\ninternet_mbps = 500\n\
         [[workload]]\nid = \"db\"\nname = \"D\"\nowner = \"O\"\ndata_gb = 1\n\
         [[workload]]\nid = \"api\"\nname = \"A\"\nowner = \"O\"\ndata_gb = 1\ndepends_on = [\"db\"]\n\
         [[workload]]\nid = \"web\"\nname = \"W\"\nowner = \"O\"\ndata_gb = 1\ndepends_on = [\"api\"]\nhybrid_plan = \"proxy\"\n",
    );
    let c = planning::compute(&plan).unwrap();
    let waves: Vec<u32> = c.units.iter().map(|u| u.wave).collect();
    assert_eq!(waves, vec![1, 1, 2]);
    assert_eq!(c.hybrid_links.len(), 1);
    assert!(c.hybrid_links[0].bridged);
    assert!(!c.diagnostics.iter().any(|d| d.code == "W-hybrid"));
}

#[test]
fn example_plan_spot_checks() {
    let inputs = waveplan::inputs::read_dir(std::path::Path::new("content")).unwrap();
    let (plan, computed, _) = waveplan::build::plan(&inputs).unwrap();
    let by_id: BTreeMap<&str, usize> = plan
        .workloads
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    let wp = |id: &str| &computed.workloads[by_id[id]];
    // media-archive: 72 TB, low, not time-sensitive: Data Box by rule 4 (240 h against 385 h over VPN).
    assert_eq!(
        (
            wp("media-archive").path.path.as_str(),
            wp("media-archive").path.rule.number()
        ),
        ("databox", 4)
    );
    // crm: confidential, no ExpressRoute: VPN by rule 3; 1200 GB is 6.41 h, + 1 h > 4 h: near-zero.
    assert_eq!(
        (wp("crm").path.path.as_str(), wp("crm").path.rule.number()),
        ("vpn", 3)
    );
    assert_eq!(
        (
            wp("crm").method.method.as_str(),
            wp("crm").method.rule.number()
        ),
        ("near-zero", 3)
    );
    // monitoring: non-business data: internet by rule 5, offline within tolerance.
    assert_eq!(
        (
            wp("monitoring").path.path.as_str(),
            wp("monitoring").path.rule.number()
        ),
        ("internet", 5)
    );
    assert_eq!(wp("monitoring").method.method.as_str(), "offline");
    // itsm: explicit path.
    assert_eq!(wp("itsm").path.rule.number(), 1);
}

#[test]
fn schedule_ics_parses_back() {
    let inputs = waveplan::inputs::read_dir(std::path::Path::new("content")).unwrap();
    let (plan, computed, _) = waveplan::build::plan(&inputs).unwrap();
    let ics = waveplan::export::schedule_ics(&plan, &computed);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line:?}");
        assert!(!line.contains('\n'), "bare LF in {line:?}");
    }
    // Unfold, then read events back.
    let unfolded = ics.replace("\r\n ", "");
    let mut events = Vec::new();
    let mut current: Option<BTreeMap<String, String>> = None;
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        match line {
            "BEGIN:VEVENT" => current = Some(BTreeMap::new()),
            "END:VEVENT" => events.push(current.take().expect("event open")),
            _ => {
                if let Some(event) = current.as_mut() {
                    let (name, value) = line.split_once(':').expect("name:value");
                    event.insert(name.to_string(), value.to_string());
                }
            }
        }
    }
    assert_eq!(events.len(), computed.waves.len() + computed.units.len());
    let uids: BTreeSet<&String> = events.iter().map(|e| &e["UID"]).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    let wave1 = events
        .iter()
        .find(|e| e["UID"].starts_with("wave-1@"))
        .unwrap();
    let w = &computed.waves[0].window;
    assert_eq!(
        wave1["DTSTART;VALUE=DATE"],
        format!(
            "{:04}{:02}{:02}",
            w.start.year(),
            w.start.month(),
            w.start.day()
        )
    );
    let end = add_days(w.end, 1);
    assert_eq!(
        wave1["DTEND;VALUE=DATE"],
        format!("{:04}{:02}{:02}", end.year(), end.month(), end.day())
    );
    for e in &events {
        assert!(e["DTSTAMP"].ends_with("T000000Z"));
        assert!(e.contains_key("SUMMARY"));
    }
}

#[test]
fn plan_json_has_the_contract_keys() {
    let inputs = waveplan::inputs::read_dir(std::path::Path::new("content")).unwrap();
    let built = waveplan::build::build(&inputs).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&built.site.files["plan.json"]).unwrap();
    assert_eq!(json["schema_version"], 2);
    for key in ["title", "revision", "status"] {
        assert!(json["plan"][key].is_string(), "plan.{key}");
    }
    let wave = &json["waves"][0];
    for key in [
        "number",
        "start",
        "end",
        "go",
        "units",
        "link_load",
        "databox_devices",
    ] {
        assert!(!wave[key].is_null(), "waves[].{key}");
    }
    let unit = &wave["units"][0];
    for key in [
        "workload",
        "tier",
        "environments",
        "cutover",
        "path",
        "method",
        "data_gb",
        "transfer_hours",
        "downtime_hours",
        "shared_with",
    ] {
        assert!(!unit[key].is_null(), "units[].{key}");
    }
    // Wave 2's VPN: 250.8 h of the 280 h of a four-week wave at 10 h a day.
    let load = &json["waves"][1]["link_load"][0];
    assert_eq!(load["path"], "vpn");
    assert_eq!(load["hours"], 250.8);
    assert_eq!(load["capacity_hours"], 280.0);
    assert_eq!(load["percent"], 89.6);
    assert_eq!(json["waves"][0]["databox_devices"], 1);
    let crm = json["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "crm")
        .unwrap();
    for key in [
        "id",
        "criticality",
        "path",
        "method",
        "nonprod_wave",
        "prod_wave",
        "transfer_hours",
    ] {
        assert!(crm.get(key).is_some(), "workloads[].{key}");
    }
    assert_eq!(crm["transfer_hours"]["vpn"], 6.41);
    assert_eq!(crm["transfer_hours"]["databox"], 240.0);
    let lms = json["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "lms-training")
        .unwrap();
    assert!(lms["prod_wave"].is_null());
    assert!(json["hybrid_links"].is_array());
    let d = &json["diagnostics"][0];
    for key in ["severity", "code", "message", "file", "line", "column"] {
        assert!(!d[key].is_null(), "diagnostics[].{key}");
    }
}

#[test]
fn waves_csv_has_a_row_per_unit() {
    let inputs = waveplan::inputs::read_dir(std::path::Path::new("content")).unwrap();
    let built = waveplan::build::build(&inputs).unwrap();
    let text = String::from_utf8(built.site.files["waves.csv"].clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        waveplan::export::CSV_HEADER.join(",")
    );
    assert_eq!(lines.count(), built.computed.units.len());
}

#[test]
fn a_latency_tolerant_dependency_goes_before_its_peers() {
    // `app` has less data and would go first; `ad` is what it tolerates latency to, and the
    // spec prefers that dependency placed first.
    let plan = load(
        "[plan]\ntitle = \"L\"\nstart = 2027-02-01\nmax_units_per_wave = 1\npilot_max_units = 1\n\
         [network]\ninternet_mbps = 500\n\
         [[workload]]\nid = \"app\"\nname = \"A\"\nowner = \"O\"\ndata_gb = 1\ndepends_on = [\"ad\"]\nlatency_tolerant = [\"ad\"]\n\
         [[workload]]\nid = \"ad\"\nname = \"D\"\nowner = \"O\"\ndata_gb = 500\n",
    );
    let c = planning::compute(&plan).unwrap();
    let waves: Vec<(&str, u32)> = c
        .units
        .iter()
        .map(|u| (plan.workloads[u.workload].id.as_str(), u.wave))
        .collect();
    assert_eq!(waves, [("app", 2), ("ad", 1)]);
    assert!(
        c.hybrid_links.is_empty(),
        "latency-tolerant links are not hybrid links"
    );
}

#[test]
fn production_cutovers_spread_over_the_later_half_of_the_wave() {
    // Saturdays of wave 1 (1-28 February 2027): 6, 13, 20, 27. Production groups take the
    // later half from the end back, wrapping around: 27, 20, 27.
    let plan = base_with(
        "[[workload]]\nid = \"a\"\nname = \"A\"\nowner = \"O\"\ndata_gb = 1\n\
         [[workload]]\nid = \"b\"\nname = \"B\"\nowner = \"O\"\ndata_gb = 2\n\
         [[workload]]\nid = \"c\"\nname = \"C\"\nowner = \"O\"\ndata_gb = 3\n",
    );
    let c = planning::compute(&plan).unwrap();
    let days: Vec<Option<Date>> = c.units.iter().map(|u| u.cutover).collect();
    assert_eq!(
        days,
        [
            Some(date(2027, 2, 27)),
            Some(date(2027, 2, 20)),
            Some(date(2027, 2, 27))
        ]
    );
}

/// A plan with a 650 Mbps VPN (520 Mbps effective), Saturday cutovers and the given keys.
fn vpn_plan(plan_keys: &str, network_keys: &str, workloads: &str) -> Plan {
    load(&format!(
        "[plan]\ntitle = \"L\"\nstart = 2027-02-01\ncutover_weekdays = [\"sat\"]\n{plan_keys}\n\
         [network]\nvpn_mbps = 650\n{network_keys}\n{workloads}"
    ))
}

fn unit_of<'c>(plan: &Plan, c: &'c Computed, id: &str) -> &'c planning::Unit {
    c.units
        .iter()
        .find(|u| plan.workloads[u.workload].id == id)
        .unwrap()
}

#[test]
fn offline_transfers_of_one_day_share_the_link() {
    // `a` depends on `b`: one group, both on the group's day (Saturday 27 February) unless
    // that breaks a tolerance. a: 800 GB x 8000 / 520 / 3600 x 1.25 = 4.27 h; b: 400 GB =
    // 2.14 h; together 4.27 + 2.14 + 2 h overhead = 8.41 h.
    let workloads = |b_tolerance: u32| {
        format!(
            "[[workload]]\nid = \"a\"\nname = \"A\"\nowner = \"O\"\ndata_gb = 800\nmax_downtime_hours = 12\ndepends_on = [\"b\"]\n\
             [[workload]]\nid = \"b\"\nname = \"B\"\nowner = \"O\"\ndata_gb = 400\nmax_downtime_hours = {b_tolerance}\n"
        )
    };
    // b tolerates 9 h: they share the day, each down for 8.41 h.
    let plan = vpn_plan("", "", &workloads(9));
    let c = planning::compute(&plan).unwrap();
    let (a, b) = (unit_of(&plan, &c, "a"), unit_of(&plan, &c, "b"));
    assert_eq!(a.cutover, Some(date(2027, 2, 27)));
    assert_eq!(b.cutover, a.cutover);
    assert!(
        (a.downtime_hours - 8.41).abs() < 0.01,
        "{}",
        a.downtime_hours
    );
    assert_eq!(a.downtime_hours, b.downtime_hours);
    assert_eq!(a.shared_with.len(), 1);
    // b tolerates 6 h: 8.41 h would break it, so b takes the Saturday before, alone: 4.14 h.
    let plan = vpn_plan("", "", &workloads(6));
    let c = planning::compute(&plan).unwrap();
    let (a, b) = (unit_of(&plan, &c, "a"), unit_of(&plan, &c, "b"));
    assert_eq!(a.cutover, Some(date(2027, 2, 27)));
    assert_eq!(b.cutover, Some(date(2027, 2, 20)));
    assert!(
        (b.downtime_hours - 4.14).abs() < 0.01,
        "{}",
        b.downtime_hours
    );
    assert!(b.shared_with.is_empty());
    assert!(c.diagnostics.iter().all(|d| d.code != "W-link-day"));
    // A one-week wave has a single Saturday: no day keeps b within 6 h. They share it,
    // with W-link-day naming both and the shared downtime, and W-tolerance for b.
    let plan = vpn_plan("wave_weeks = 1", "", &workloads(6));
    let c = planning::compute(&plan).unwrap();
    let day = c
        .diagnostics
        .iter()
        .find(|d| d.code == "W-link-day")
        .expect("W-link-day");
    assert!(
        day.message.contains("`a` (prod) and `b` (prod)"),
        "{}",
        day.message
    );
    assert!(day.message.contains("8.41 h"), "{}", day.message);
    assert_eq!(day.wave, Some(1));
    assert!(c.diagnostics.iter().any(|d| d.code == "W-tolerance"));
    let fit = c.waves[0]
        .checklist
        .iter()
        .find(|i| i.key == "links-fit")
        .unwrap();
    assert!(!fit.passed);
    let labels: Vec<String> = fit.concerns.iter().map(|c| c.label(&plan)).collect();
    assert_eq!(labels, ["a", "b"]);
}

#[test]
fn a_path_at_capacity_pushes_a_group_to_the_next_wave() {
    // One-week waves at 10 h a day: 70 h of VPN per wave. a: 6,000 GB = 32.05 h;
    // b: 8,000 GB = 42.74 h; together 74.79 h > 70 h, so b goes to wave 2.
    let workloads = "[[workload]]\nid = \"a\"\nname = \"A\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 6000\nmax_downtime_hours = 72\n\
         [[workload]]\nid = \"b\"\nname = \"B\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 8000\nmax_downtime_hours = 72\n";
    let plan = vpn_plan("wave_weeks = 1", "transfer_hours_per_day = 10", workloads);
    let c = planning::compute(&plan).unwrap();
    assert_eq!(unit_of(&plan, &c, "a").wave, 1);
    assert_eq!(unit_of(&plan, &c, "b").wave, 2);
    let load = &c.waves[0].links.load[0];
    assert_eq!((load.path, load.capacity_hours), (TransferPath::Vpn, 70.0));
    assert!((load.percent() - 45.79).abs() < 0.01, "{}", load.percent());
    // At 24 h a day (168 h) both fit wave 1.
    let plan = vpn_plan("wave_weeks = 1", "", workloads);
    let c = planning::compute(&plan).unwrap();
    assert_eq!(unit_of(&plan, &c, "b").wave, 1);
}

#[test]
fn a_group_larger_than_a_wave_goes_alone_with_w_link_wave() {
    // big: 15,000 GB = 80.13 h > 70 h. It waits for a wave with nothing else on the VPN.
    let plan = vpn_plan(
        "wave_weeks = 1",
        "transfer_hours_per_day = 10",
        "[[workload]]\nid = \"small\"\nname = \"S\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 100\n\
         [[workload]]\nid = \"big\"\nname = \"B\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 15000\nmax_downtime_hours = 100\n",
    );
    let c = planning::compute(&plan).unwrap();
    assert_eq!(unit_of(&plan, &c, "small").wave, 1);
    assert_eq!(unit_of(&plan, &c, "big").wave, 2);
    let w = c
        .diagnostics
        .iter()
        .find(|d| d.code == "W-link-wave")
        .expect("W-link-wave");
    assert!(
        w.message.contains("`big` (prod) need 80.1 h on VPN"),
        "{}",
        w.message
    );
    assert!(w.message.contains("70 h (7 days x 10 h)"), "{}", w.message);
    assert_eq!(w.wave, Some(2));
}

#[test]
fn replication_of_a_wave_adds_up_per_sync_path() {
    // 3,000 GB/day = 277.8 Mbps and 2,800 GB/day = 259.3 Mbps: each below 520 Mbps, together
    // 537.0 Mbps, not below it.
    let plan = vpn_plan(
        "",
        "",
        "[[workload]]\nid = \"a\"\nname = \"A\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 10\nreplication = true\nmethod = \"near-zero\"\nchange_gb_per_day = 3000\n\
         [[workload]]\nid = \"b\"\nname = \"B\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 20\nreplication = true\nmethod = \"near-zero\"\nchange_gb_per_day = 2800\n",
    );
    let c = planning::compute(&plan).unwrap();
    let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code).collect();
    assert!(!codes.contains(&"W-replication"), "{codes:?}");
    let r = c
        .diagnostics
        .iter()
        .find(|d| d.code == "W-replication-wave")
        .expect("W-replication-wave");
    assert!(r.message.contains("537.0 Mbps"), "{}", r.message);
    assert!(r.message.contains("`a` 277.8 + `b` 259.3"), "{}", r.message);
}

#[test]
fn databox_devices_cap_a_wave() {
    // Four-week waves, 10-day turnaround: 2 trips, so 1 device gives 2 devices' worth.
    // small needs 1 device, large (150 TB / 120 TB) 2: together 3 > 2, large goes to wave 2.
    // huge (300 TB) needs 3: alone in a wave with no other Data Box unit, W-databox-wave.
    let plan = vpn_plan(
        "",
        "databox_devices = 1",
        "[[workload]]\nid = \"small\"\nname = \"S\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 100\npath = \"databox\"\nmax_downtime_hours = 300\n\
         [[workload]]\nid = \"large\"\nname = \"L\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 150000\npath = \"databox\"\nmax_downtime_hours = 300\n\
         [[workload]]\nid = \"huge\"\nname = \"H\"\nowner = \"O\"\ncriticality = \"low\"\ndata_gb = 300000\npath = \"databox\"\nmax_downtime_hours = 300\n",
    );
    let c = planning::compute(&plan).unwrap();
    let waves: Vec<u32> = ["small", "large", "huge"]
        .iter()
        .map(|id| unit_of(&plan, &c, id).wave)
        .collect();
    assert_eq!(waves, [1, 2, 3]);
    assert_eq!(c.waves[0].links.databox_devices, 1);
    assert_eq!(c.waves[0].links.databox_capacity, Some(2));
    assert_eq!(c.waves[2].links.databox_devices, 3);
    assert!(c.diagnostics.iter().any(|d| d.code == "W-databox-wave"));
}

#[test]
fn example_plan_shows_the_three_shared_link_effects() {
    let inputs = waveplan::inputs::read_dir(std::path::Path::new("content")).unwrap();
    let (plan, c, _) = waveplan::build::plan(&inputs).unwrap();
    let prod = |id: &str| {
        c.units
            .iter()
            .find(|u| plan.workloads[u.workload].id == id && u.tier == Tier::Prod)
            .unwrap()
    };
    // 1. Wave load: the file shares' 240.38 h seed fills wave 2's VPN (250.80 of 280 h);
    //    the warehouse and the clickstream go to wave 3.
    assert_eq!(prod("file-shares").wave, 2);
    assert!((prod("file-shares").transfer_hours - 240.38).abs() < 0.01);
    let vpn = &c.waves[1].links.load[0];
    assert_eq!((vpn.path, vpn.capacity_hours), (TransferPath::Vpn, 280.0));
    assert!((vpn.hours - 250.80).abs() < 0.01, "{}", vpn.hours);
    assert_eq!(
        (prod("fin-reporting").wave, prod("clickstream").wave),
        (3, 3)
    );
    // 2. Cutover day: workforce and HR/payroll would need 3.47 + 2.40 + 1 = 6.87 h together,
    //    over workforce's 4 h: different nights. The ERP application tier and the EDI
    //    gateway share one: 0.96 + 0.80 + 1 = 2.76 h.
    assert_eq!(prod("workforce").wave, prod("hr-payroll").wave);
    assert_ne!(prod("workforce").cutover, prod("hr-payroll").cutover);
    assert!((prod("workforce").downtime_hours - 3.40).abs() < 0.01);
    assert_eq!(prod("erp-app").cutover, prod("edi-gateway").cutover);
    assert!((prod("erp-app").downtime_hours - 2.76).abs() < 0.01);
    assert!((prod("edi-gateway").downtime_hours - 2.76).abs() < 0.01);
    // 3. Replication: 444.4 + 83.3 + 1.4 = 529.2 Mbps against 520 Mbps in wave 3.
    let r = c
        .diagnostics
        .iter()
        .find(|d| d.code == "W-replication-wave")
        .expect("W-replication-wave");
    assert_eq!(r.wave, Some(3));
    assert!(r.message.contains("529.2 Mbps"), "{}", r.message);
}

#[test]
fn planning_warnings_record_the_workloads_and_wave_they_concern() {
    let inputs = waveplan::inputs::read_dir(std::path::Path::new("content")).unwrap();
    let (_, computed, _) = waveplan::build::plan(&inputs).unwrap();
    let find = |code: &str| {
        computed
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("the example has a {code} warning"))
    };
    assert_eq!(find("W-downtime").workloads, ["expenses"]);
    let replication = find("W-replication-wave");
    assert!(replication.workloads.contains(&"clickstream".to_string()));
    assert_eq!(replication.wave, Some(3));
    // Every warning that names a workload in backticks records it: no page has to parse.
    for d in &computed.diagnostics {
        assert!(
            !d.workloads.is_empty() || d.wave.is_some(),
            "{} records what it concerns: {}",
            d.code,
            d.message
        );
    }
}

/// `[[result]]` tables for units of a computed plan: each pick is (unit, status), dated on the
/// unit's planned cutover.
fn results_toml(plan: &Plan, c: &Computed, picks: &[(usize, usize)]) -> String {
    const STATUSES: [&str; 4] = ["done", "in-progress", "rolled-back", "postponed"];
    let mut t = String::new();
    let mut seen = BTreeSet::new();
    for &(pick, status) in picks {
        let u = &c.units[pick % c.units.len()];
        if !seen.insert((u.workload, u.tier)) {
            continue;
        }
        let _ = writeln!(
            t,
            "\n[[result]]\nworkload = \"{}\"\ntier = \"{}\"\nstatus = \"{}\"\ndate = {}",
            plan.workloads[u.workload].id,
            u.tier.as_str(),
            STATUSES[status % 4],
            u.cutover.expect("placed"),
        );
    }
    t
}

/// Pinned units (latest result done or in progress) sit on their result's date.
fn pinned_stay(plan: &Plan, c: &Computed) -> Result<(), TestCaseError> {
    for u in &c.units {
        if let Some(r) = planning::progress::latest(plan, u)
            && r.status.pins()
        {
            prop_assert_eq!(u.cutover, Some(r.date), "pinned unit moved");
        } else if let Some(as_of) = plan.as_of() {
            prop_assert!(
                u.cutover.is_some_and(|d| d > as_of),
                "open unit of {} cuts over on {:?}, not after as_of {as_of}",
                plan.workloads[u.workload].id,
                u.cutover
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100)
    ))]

    /// Re-planning (spec section 9): a pinned unit never moves; no open unit cuts over on or
    /// before `as_of`; adding a result for a unit never moves another pinned unit.
    #[test]
    fn replanning_invariants_hold(
        g in plan_strategy(),
        picks in prop::collection::vec((0usize..64, 0usize..4), 1..6),
        extra in (0usize..64, 0usize..4),
    ) {
        let text = to_toml(&g);
        let plan = load(&text);
        let Ok(before) = planning::compute(&plan) else { return Ok(()) };
        let with_results = format!("{text}{}", results_toml(&plan, &before, &picks));
        let plan1 = load(&with_results);
        let Ok(first) = planning::compute(&plan1) else {
            // Only "no allowed day within the horizon" may fail.
            return Ok(());
        };
        pinned_stay(&plan1, &first)?;
        // One more result, for a unit of the re-planned plan without one, dated on or after
        // its new cutover (so it stays within the plan).
        let u = &first.units[extra.0 % first.units.len()];
        if planning::progress::latest(&plan1, u).is_some() {
            return Ok(());
        }
        let more = format!(
            "{with_results}\n[[result]]\nworkload = \"{}\"\ntier = \"{}\"\nstatus = \"{}\"\ndate = {}\n",
            plan1.workloads[u.workload].id,
            u.tier.as_str(),
            ["done", "in-progress", "rolled-back", "postponed"][extra.1],
            u.cutover.expect("placed"),
        );
        let plan2 = load(&more);
        let Ok(second) = planning::compute(&plan2) else { return Ok(()) };
        pinned_stay(&plan2, &second)?;
        for (a, b) in first.units.iter().zip(&second.units) {
            if planning::progress::latest(&plan1, a).is_some_and(|r| r.status.pins()) {
                prop_assert_eq!(a.cutover, b.cutover, "another pinned unit moved");
                prop_assert_eq!(a.wave, b.wave, "another pinned unit changed wave");
            }
        }
    }
}
