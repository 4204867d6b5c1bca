//! Large plans: the site and the terminal stay readable with thousands of workloads and
//! warnings. The plans come from the synthetic generator the benchmarks use
//! (`examples/common`), so the tests and the figures in docs/performance.md share a plan.

mod common;
#[path = "../examples/common/mod.rs"]
#[allow(dead_code)]
mod synth;

use common::waveplan;
use std::cmp::Reverse;
use std::collections::BTreeMap;
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

/// The warnings pages of a site, in order: `warnings/index.html`, `warnings/page_2/`...
fn warning_pages(site: &Path) -> Vec<String> {
    let mut pages = vec![read(&site.join("warnings/index.html"))];
    for n in 2.. {
        let path = site.join(format!("warnings/page_{n}/index.html"));
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
    assert!(
        !stderr.contains('\r'),
        "no progress line when stderr is a pipe"
    );

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
    assert!(pages[0].contains("href=\"../warnings/page_2/index.html\""));
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

/// The largest page any site may have, in bytes.
const MAX_PAGE: usize = 1_000_000;

/// A synthetic plan of 10,000 workloads, each with its note, built in memory (as `check`
/// and `serve` do): no page is over 1 MB, and the long lists are paginated, every workload
/// and every cutover on exactly one of their pages. About 20 s of CPU in a debug build.
#[test]
fn no_page_is_over_a_megabyte_at_10000_workloads() {
    let n = 10_000;
    let mut inputs = waveplan::inputs::Inputs::default();
    inputs.insert("plan.toml", synth::plan_toml(n));
    for i in 0..n {
        inputs.insert(format!("workloads/w{i:06}.md"), synth::note(i));
    }
    let built = match waveplan::build::build(&inputs) {
        Ok(built) => built,
        Err(errors) => panic!("the synthetic plan builds: {errors:?}"),
    };
    let files = &built.site.files;
    let mut sizes: Vec<(usize, &str)> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (bytes.len(), path.as_str()))
        .collect();
    sizes.sort_by_key(|&(len, path)| (Reverse(len), path));
    assert!(sizes.len() > 2 * n, "a page per workload and rollback");
    assert!(
        sizes[0].0 <= MAX_PAGE,
        "pages over {MAX_PAGE} bytes; the biggest: {:?}",
        &sizes[..5]
    );

    let text = |path: &str| -> &str {
        std::str::from_utf8(files.get(path).unwrap_or_else(|| panic!("{path} built")))
            .expect("utf-8")
    };
    // The pages of a list: the section's own page, then `page_2/`... as long as they exist.
    let list = |section: &str| -> Vec<&str> {
        let mut pages = vec![text(&format!("{section}/index.html"))];
        for k in 2.. {
            match files.get(&format!("{section}/page_{k}/index.html")) {
                Some(bytes) => pages.push(std::str::from_utf8(bytes).expect("utf-8")),
                None => break,
            }
        }
        pages
    };
    // How often the pages link each workload's page (`workloads/<id>/index.html"`).
    let linked = |pages: &[&str]| -> BTreeMap<String, usize> {
        let mut seen = BTreeMap::new();
        for page in pages {
            for part in page.split("workloads/").skip(1) {
                if let Some((id, rest)) = part.split_once('/')
                    && rest.starts_with("index.html\"")
                    && id.starts_with('w')
                {
                    *seen.entry(id.to_string()).or_insert(0) += 1;
                }
            }
        }
        seen
    };

    // Workloads: every workload on exactly one page.
    let workloads = list("workloads");
    assert_eq!(workloads.len(), n.div_ceil(200), "200 workloads a page");
    assert!(workloads[0].contains("href=\"../workloads/page_2/index.html\""));
    assert!(workloads[1].contains("href=\"../../workloads/index.html\""));
    assert!(workloads[1].contains("Workloads <span class=\"sub page-range\">page 2 of 50</span>"));
    let ids = linked(&workloads);
    assert_eq!(ids.len(), n, "every workload listed");
    assert!(ids.values().all(|&k| k == 1), "and listed once");

    // Transfers: the chosen path of every workload, once.
    let transfers = list("transfers");
    assert_eq!(transfers.len(), workloads.len());
    let per_workload: Vec<&str> = transfers
        .iter()
        .map(|p| {
            let from = p
                .find("id=\"per-workload\"")
                .expect("the per-workload table");
            let to = from + p[from..].find("</section>").expect("its end");
            &p[from..to]
        })
        .collect();
    let chosen = linked(&per_workload);
    assert_eq!(chosen.len(), n, "every workload's path");
    assert!(chosen.values().all(|&k| k == 1), "once");
    assert!(transfers[0].contains("id=\"path-rules\""));
    assert!(
        !transfers[1].contains("id=\"path-rules\""),
        "the tables once"
    );

    // Schedule: every cutover once, by date across the pages.
    let schedule = list("schedule");
    let cutovers: usize = schedule
        .iter()
        .map(|p| p.matches("<time datetime=").count())
        .sum();
    assert_eq!(cutovers, built.computed.units.len());
    let dates: Vec<&str> = schedule
        .iter()
        .flat_map(|p| p.split("<time datetime=\"").skip(1))
        .map(|part| &part[..10])
        .collect();
    assert!(dates.is_sorted(), "by date across the pages");
    assert!(schedule[0].contains("id=\"timeline\""));
    assert!(!schedule[1].contains("id=\"timeline\""), "the chart once");
}
