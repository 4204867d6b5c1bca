//! Large plans: the site and the terminal stay readable with thousands of workloads and
//! warnings. The plans come from the synthetic generator the benchmarks use
//! (`examples/common`), so the tests and the figures in docs/performance.md share a plan.

mod common;
#[path = "../examples/common/mod.rs"]
#[allow(dead_code)]
mod synth;

use common::waveplan;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// A synthetic plan folder of `n` workloads (plan.toml only: notes do not change warnings).
fn synthetic(n: usize) -> TempDir {
    let tmp = TempDir::new().expect("temp dir");
    fs::write(tmp.path().join("plan.toml"), synth::plan_toml(n)).expect("write plan.toml");
    tmp
}

/// A synthetic plan of `n` workloads each tolerating an hour of downtime: a W-tolerance
/// warning for nearly every one.
fn warning_heavy(n: usize) -> TempDir {
    let tmp = synthetic(n);
    let path = tmp.path().join("plan.toml");
    let text: String = read(&path)
        .lines()
        .map(|line| {
            if line.starts_with("max_downtime_hours = ") {
                "max_downtime_hours = 1\n".to_string()
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    fs::write(&path, text).expect("write plan.toml");
    tmp
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The warnings pages of a site, in order: `warnings/index.html`, `warnings/page-2/`...
fn warning_pages(site: &Path) -> Vec<String> {
    let mut pages = vec![read(&site.join("warnings/index.html"))];
    for n in 2.. {
        let path = site.join(format!("warnings/page-{n}/index.html"));
        if !path.exists() {
            break;
        }
        pages.push(read(&path));
    }
    pages
}

#[test]
fn many_warnings_are_summarized_by_code_in_the_terminal_and_on_the_dashboard() {
    let plan = warning_heavy(500);
    let check = waveplan()
        .arg("check")
        .arg(plan.path())
        .output()
        .expect("runs");
    let all = String::from_utf8_lossy(&check.stdout).to_string()
        + &String::from_utf8_lossy(&check.stderr);
    let total = all.matches("warning[").count();
    assert!(total > 100, "the plan has many warnings: {total}");

    let out = plan.path().join("site");
    let build = waveplan()
        .arg("build")
        .arg(plan.path())
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(build.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&build.stderr);
    let shown = stderr.matches("warning[").count();
    assert!(shown <= 3 * 4, "a few of each code, not {shown} of {total}");
    assert!(stderr.contains(" more W-tolerance warnings"), "{stderr}");
    assert!(
        stderr.contains(&format!("{total} warnings by code: ")),
        "{stderr}"
    );
    assert!(stderr.contains("`waveplan check "), "{stderr}");
    assert!(stderr.contains("built "), "{stderr}");

    // The dashboard: counts per code, the first few, a link to the warnings pages.
    let index = read(&out.join("index.html"));
    assert!(index.contains("href=\"warnings/index.html\""));
    assert!(index.contains("href=\"warnings/index.html#code-W-tolerance\""));
    assert!(index.contains(&format!("Warnings ({total})")));
    let on_dashboard = index.matches("<li class=\"warning\">").count();
    assert!(
        (1..=3 * 4).contains(&on_dashboard),
        "{on_dashboard} on the dashboard"
    );

    // The warnings pages: every warning once, grouped by code, paginated with plain links.
    let pages = warning_pages(&out);
    assert!(pages.len() > 1, "paginated");
    let listed: usize = pages
        .iter()
        .map(|p| p.matches("<li class=\"warning\">").count())
        .sum();
    assert_eq!(listed, total, "every warning on exactly one page");
    assert!(pages[0].contains("id=\"code-W-tolerance\""));
    assert!(pages[0].contains("href=\"../warnings/page-2/index.html\""));
    assert!(pages[1].contains("href=\"../../warnings/index.html\""));
    assert!(pages[1].contains("continued"));

    // --quiet prints only errors: nothing here.
    let quiet_out = plan.path().join("quiet");
    let quiet = waveplan()
        .args(["build", "--quiet"])
        .arg(plan.path())
        .arg("-o")
        .arg(&quiet_out)
        .output()
        .expect("runs");
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    assert_eq!(
        read(&quiet_out.join("warnings/index.html")),
        pages[0],
        "quiet builds the same site"
    );
}

#[test]
fn quiet_still_prints_errors() {
    let plan = synthetic(3);
    let toml = plan.path().join("plan.toml");
    let text = read(&toml).replacen("[[workload]]", "[[workloadz]]", 1);
    fs::write(&toml, text).expect("write");
    let build = waveplan()
        .args(["build", "--quiet"])
        .arg(plan.path())
        .output()
        .expect("runs");
    assert_eq!(build.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(stderr.contains("error"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
}

/// The synthetic plan with its `wave_weeks` and `max_units_per_wave` replaced, planned.
fn plan_synthetic(n: usize, wave_weeks: u32, max_units: Option<u32>) -> Result<usize, String> {
    let mut text = synth::plan_toml(n).replacen(
        "wave_weeks = 2\n",
        &format!("wave_weeks = {wave_weeks}\n"),
        1,
    );
    if let Some(cap) = max_units {
        let line = text
            .lines()
            .find(|l| l.starts_with("max_units_per_wave = "))
            .expect("the synthetic plan caps units per wave")
            .to_string();
        text = text.replacen(&line, &format!("max_units_per_wave = {cap}"), 1);
    }
    let mut inputs = ::waveplan::inputs::Inputs::default();
    inputs.insert("plan.toml", text.into_bytes());
    let (plan, _) = ::waveplan::load::load(&inputs).map_err(|e| format!("{e:?}"))?;
    match ::waveplan::planning::compute(&plan) {
        Ok(computed) => Ok(computed.waves.len()),
        Err(errors) => Err(format!("{}: {}", errors[0].code, errors[0].message)),
    }
}

/// The "wave_weeks = 6" case: the synthetic plan of 1,000 workloads holds 14 units a wave and
/// needs about a hundred waves; ten years hold 119 four-week waves but only 82 six-week ones
/// (the synthetic plan's 3-day gaps and freezes),
/// so six-week waves cannot take every unit. That is the ten-year rule, not a lost cutover
/// day, and the error says so; with room for 20 units a wave, six-week waves plan.
#[test]
fn six_week_waves_fail_on_unit_capacity_within_ten_years_and_say_so() {
    let four = plan_synthetic(1000, 4, None).expect("four-week waves plan");
    assert!(four > 82, "{four} waves");
    let six = plan_synthetic(1000, 6, None).expect_err("82 six-week waves of 14 units are too few");
    assert!(
        six.starts_with("E-unschedulable")
            && six.contains(
                "every wave it could go to until then is full (`max_units_per_wave` = 14)"
            ),
        "{six}"
    );
    assert!(!six.contains("no allowed cutover day fits"), "{six}");
    let roomier = plan_synthetic(1000, 6, Some(20)).expect("20 units a wave fit");
    assert!(roomier <= 82, "{roomier} waves");
}
