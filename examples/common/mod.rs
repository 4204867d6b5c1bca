//! A synthetic plan generator shared by the `synth` and `plan_bench` examples.
//!
//! Deterministic (a fixed-seed xorshift), so every run measures the same plan: dependency
//! clusters of about three workloads (a chain: two direct dependencies per three
//! workloads), a third with non-production environments, freezes and peaks. Sizes are
//! realistic: most workloads hold 1 GB to 2 TB (log-uniform), one in 200 is an archive of
//! 10-60 TB. Cutovers may fall on any day, and the ExpressRoute capacity grows with the plan
//! (1 Gbps per 1,000 workloads): the offline transfers that share a cutover day (spec
//! section 3, "Shared links") then mostly fit their tolerances, and the plan fits in about a
//! hundred waves, as the unit capacity asks.

use std::fmt::Write as _;

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const CRIT: [&str; 5] = ["low", "medium", "high", "unit-critical", "mission-critical"];
const SENS: [&str; 5] = [
    "public",
    "non-business",
    "general",
    "confidential",
    "highly-confidential",
];
const UNITS: [&str; 6] = [
    "Finance",
    "Sales",
    "Retail Operations",
    "Supply Chain",
    "HR",
    "IT",
];

/// plan.toml for `n` workloads.
pub fn plan_toml(n: usize) -> String {
    let mut rng = Rng::new(0x5eed);
    let units = n + n / 3;
    // Enough capacity that the plan fits in about a hundred waves.
    let per_wave = (units / 90).max(12);
    let mut t = String::with_capacity(n * 260);
    let _ = writeln!(
        t,
        "[plan]\ntitle = \"Synthetic plan of {n} workloads\"\norganization = \"Synthetic\"\nrevision = \"1.0\"\nstart = 2027-02-01\nwave_weeks = 2\nwave_gap_days = 3\nmax_units_per_wave = {per_wave}\npilot_max_units = 9\ncutover_weekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n"
    );
    let expressroute_mbps = n.div_ceil(1_000).max(1) * 1000;
    let _ = writeln!(
        t,
        "[network]\nexpressroute_mbps = {expressroute_mbps}\nvpn_mbps = 1000\ninternet_mbps = 2000\n"
    );
    t.push_str("[[freeze]]\nname = \"Year-end\"\nstart = 2027-12-15\nend = 2028-01-05\n\n");
    t.push_str("[[freeze]]\nname = \"Spring release\"\nstart = 2028-04-10\nend = 2028-04-16\n\n");
    t.push_str("[[peak]]\nname = \"Month-end close\"\nmonth_end_days = 3\nbusiness_units = [\"Finance\"]\n\n");
    t.push_str("[[peak]]\nname = \"Summer sale\"\nstart = 2027-06-01\nend = 2027-06-13\nbusiness_units = [\"Sales\"]\n\n");
    for i in 0..n {
        let crit = CRIT[rng.below(5) as usize];
        let sens = SENS[rng.below(5) as usize];
        let bu = UNITS[rng.below(6) as usize];
        // 1 GB to 2 TB, log-uniform; one in 200 an archive of 10 to 60 TB.
        let data_gb = if rng.below(200) == 0 {
            (10_000.0 + 50_000.0 * rng.unit()).round()
        } else {
            (2_000f64.ln() * rng.unit()).exp().round()
        };
        let envs = if i % 3 == 0 {
            "[\"dev\", \"test\", \"prod\"]"
        } else {
            "[\"prod\"]"
        };
        let _ = writeln!(
            t,
            "[[workload]]\nid = \"w{i:06}\"\nname = \"Workload {i}\"\nowner = \"Owner {}\"\nbusiness_unit = \"{bu}\"\ncriticality = \"{crit}\"\nsensitivity = \"{sens}\"\nenvironments = {envs}\ndata_gb = {data_gb}\nmax_downtime_hours = {}\nreplication = {}\nchange_gb_per_day = {}",
            i % 97,
            [4, 8, 24, 72][rng.below(4) as usize],
            rng.below(2) == 0,
            rng.below(200),
        );
        // Clusters of three: the second and third depend on the one before them.
        if i % 3 != 0 {
            let _ = writeln!(t, "depends_on = [\"w{:06}\"]", i - 1);
        }
        t.push('\n');
    }
    t
}

/// A note of about 2.5 KB: headings, paragraphs, a list, a 6-row table and a code block.
#[allow(dead_code)] // used by `synth`, not by `plan_bench`
pub fn note(i: usize) -> String {
    let mut s = String::with_capacity(2600);
    let _ = writeln!(s, "+++\ntitle = \"Workload {i} notes\"\n+++\n");
    let _ = writeln!(
        s,
        "## Context\n\nWorkload {i} serves a business process that the migration must keep running. The owner confirmed the dependencies during discovery, and the runbook below was rehearsed in the test environment.\n"
    );
    let _ = writeln!(
        s,
        "## Steps\n\n- Freeze changes on the source two days before cutover\n- Take a final backup and verify it restores\n- Replicate, then switch DNS to the Azure endpoint\n- Run the smoke tests and the reconciliation report\n"
    );
    s.push_str("| Check | Owner | When | Result |\n|---|---|---|---|\n");
    for row in 1..=6 {
        let _ = writeln!(
            s,
            "| Check {row} for workload {i} | Team {row} | T-{row}d | pending |"
        );
    }
    let _ = writeln!(
        s,
        "\n## Commands\n\n```powershell\nGet-Service -Name app{i} | Stop-Service\nInvoke-Sqlcmd -Query \"BACKUP DATABASE app{i} TO URL = 'https://backup/app{i}.bak'\"\n```\n"
    );
    let _ = writeln!(
        s,
        "## Risks\n\nThe main risk is a longer than planned final sync; the fallback is the rollback plan, which restores the on-premises service within the agreed window. Latency to shared services was measured at under 20 ms from the landing zone, within the tolerance agreed with the owner. Reporting consumers are told a week ahead.\n"
    );
    s
}
