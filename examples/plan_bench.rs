//! Times loading and planning a synthetic plan in memory:
//! `cargo run --release --example plan_bench -- 100000`. Prints the median of 5 runs (or of
//! the number given second: `-- 20000 1` runs once, for callgrind or `perf stat`).

mod common;

use std::time::Instant;
use waveplan::inputs::Inputs;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5)
        .max(1);
    let text = common::plan_toml(n);
    let mut inputs = Inputs::default();
    inputs.insert("plan.toml", text.into_bytes());
    let (mut load_ms, mut plan_ms) = (Vec::new(), Vec::new());
    let mut summary = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (plan, _) = waveplan::load::load(&inputs).expect("the synthetic plan is valid");
        load_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let computed =
            waveplan::planning::compute(&plan).expect("the synthetic plan can be planned");
        plan_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let deps: usize = plan.workloads.iter().map(|w| w.depends_on.len()).sum();
        summary = format!(
            "{} workloads, {deps} dependencies, {} units, {} waves, {} warnings",
            plan.workloads.len(),
            computed.units.len(),
            computed.waves.len(),
            computed.diagnostics.len()
        );
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("{summary}");
    println!(
        "load (parse + validate): median {:.0} ms",
        median(&mut load_ms)
    );
    println!("planning: median {:.0} ms", median(&mut plan_ms));
}
