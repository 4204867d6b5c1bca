//! The computed plan for other tools: `plan.json` (spec section 5), `waves.csv` and
//! `schedule.ics` (RFC 5545).

use crate::diagnostics::Diagnostic;
use crate::model::{Plan, ResultStatus};
use crate::planning::progress::{self, WaveState};
use crate::planning::{Computed, Tier};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Hours in plan.json: two decimals (schema version 2).
fn hours(h: f64) -> f64 {
    (h * 100.0).round() / 100.0
}

/// Percentages in plan.json: one decimal.
fn percent(p: f64) -> f64 {
    (p * 10.0).round() / 10.0
}

fn gb(g: f64) -> f64 {
    (g * 100.0).round() / 100.0
}

#[derive(Serialize)]
struct PlanJson<'a> {
    schema_version: u32,
    plan: PlanHeader<'a>,
    waves: Vec<WaveJson<'a>>,
    workloads: Vec<WorkloadJson<'a>>,
    hybrid_links: Vec<LinkJson<'a>>,
    progress: ProgressJson,
    diagnostics: &'a [Diagnostic],
    approvals: Vec<ApprovalJson<'a>>,
    /// When the plan has a `baseline`: what changed since (spec section 11).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a crate::changes::Changes>,
}

#[derive(Serialize)]
struct ApprovalJson<'a> {
    role: &'a str,
    name: &'a str,
    scope: String,
    /// The revision signed for: as written, else the current one.
    revision: &'a str,
    signed_on: Option<String>,
    state: &'static str,
    /// Why it is stale.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct ProgressJson {
    as_of: Option<String>,
    units: BTreeMap<&'static str, usize>,
    data_gb_done: f64,
    data_gb_total: f64,
}

/// A unit's latest result, as measured.
#[derive(Serialize)]
struct ActualJson<'a> {
    date: String,
    transfer_hours: Option<f64>,
    downtime_hours: Option<f64>,
    path: Option<&'static str>,
    data_gb: Option<f64>,
    review: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct PlanHeader<'a> {
    title: &'a str,
    revision: &'a str,
    status: &'static str,
    organization: Option<&'a str>,
    start: String,
}

#[derive(Serialize)]
struct WaveJson<'a> {
    number: u32,
    start: String,
    end: String,
    go: bool,
    state: &'static str,
    link_load: Vec<LinkLoadJson>,
    databox_devices: u32,
    units: Vec<UnitJson<'a>>,
    checklist: Vec<CheckJson<'a>>,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    key: &'static str,
    title: &'a str,
    passed: bool,
    reason: &'a str,
    /// Workload ids, and split dependencies as `dependent -> dependency`.
    workloads: Vec<String>,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    workload: &'a str,
    tier: &'static str,
    environments: &'a [String],
    cutover: Option<String>,
    path: &'static str,
    method: &'static str,
    data_gb: f64,
    transfer_hours: f64,
    downtime_hours: f64,
    status: &'static str,
    actual: Option<ActualJson<'a>>,
    shared_with: Vec<UnitRefJson<'a>>,
}

/// A network path's load in a wave against its capacity.
#[derive(Serialize)]
struct LinkLoadJson {
    path: &'static str,
    hours: f64,
    capacity_hours: f64,
    percent: f64,
}

#[derive(Serialize)]
struct UnitRefJson<'a> {
    workload: &'a str,
    tier: &'static str,
}

#[derive(Serialize)]
struct WorkloadJson<'a> {
    id: &'a str,
    name: &'a str,
    owner: &'a str,
    criticality: &'static str,
    sensitivity: &'static str,
    path: &'static str,
    path_rule: u8,
    path_reason: &'a str,
    method: &'static str,
    method_rule: u8,
    method_reason: &'a str,
    downtime_hours: f64,
    max_downtime_hours: f64,
    max_downtime_defaulted: bool,
    nonprod_wave: Option<u32>,
    prod_wave: Option<u32>,
    transfer_hours: BTreeMap<&'static str, f64>,
    databox_devices: Option<u32>,
    depends_on: &'a [String],
    latency_tolerant: &'a [String],
}

#[derive(Serialize)]
struct LinkJson<'a> {
    from: &'a str,
    to: &'a str,
    from_wave: u32,
    to_wave: u32,
    tier: &'static str,
    bridged: bool,
}

/// `plan.json`: pretty-printed, keys in a fixed order.
pub fn plan_json(plan: &Plan, computed: &Computed) -> String {
    let doc = PlanJson {
        schema_version: 2,
        plan: PlanHeader {
            title: &plan.meta.title,
            revision: &plan.meta.revision,
            status: computed.status.as_str(),
            organization: plan.meta.organization.as_deref(),
            start: plan.meta.start.to_string(),
        },
        waves: computed
            .waves
            .iter()
            .map(|wave| WaveJson {
                number: wave.number,
                start: wave.window.start.to_string(),
                end: wave.window.end.to_string(),
                go: wave.go,
                state: progress::wave_state(plan, computed, wave).as_str(),
                link_load: wave
                    .links
                    .load
                    .iter()
                    .map(|l| LinkLoadJson {
                        path: l.path.as_str(),
                        hours: hours(l.hours),
                        capacity_hours: hours(l.capacity_hours),
                        percent: percent(l.percent()),
                    })
                    .collect(),
                databox_devices: wave.links.databox_devices,
                units: wave
                    .units
                    .iter()
                    .map(|&u| {
                        let unit = &computed.units[u];
                        UnitJson {
                            workload: &plan.workloads[unit.workload].id,
                            tier: unit.tier.as_str(),
                            environments: &unit.environments,
                            cutover: unit.cutover.map(|d| d.to_string()),
                            path: unit.path.as_str(),
                            method: unit.method.as_str(),
                            data_gb: gb(unit.data_gb),
                            transfer_hours: hours(unit.transfer_hours),
                            downtime_hours: hours(unit.downtime_hours),
                            status: progress::unit_state(plan, unit),
                            actual: progress::latest(plan, unit).map(|r| ActualJson {
                                date: r.date.to_string(),
                                transfer_hours: r.transfer_hours.map(hours),
                                downtime_hours: r.downtime_hours.map(hours),
                                path: r.path.map(|p| p.as_str()),
                                data_gb: r.data_gb.map(gb),
                                review: r.review.as_deref(),
                                note: r.note.as_deref(),
                            }),
                            shared_with: unit
                                .shared_with
                                .iter()
                                .map(|&o| UnitRefJson {
                                    workload: &plan.workloads[computed.units[o].workload].id,
                                    tier: computed.units[o].tier.as_str(),
                                })
                                .collect(),
                        }
                    })
                    .collect(),
                checklist: wave
                    .checklist
                    .iter()
                    .map(|c| CheckJson {
                        key: c.key,
                        title: &c.title,
                        passed: c.passed,
                        reason: &c.reason,
                        workloads: c.concerns.iter().map(|x| x.label(plan)).collect(),
                    })
                    .collect(),
            })
            .collect(),
        workloads: plan
            .workloads
            .iter()
            .zip(&computed.workloads)
            .map(|(w, wp)| WorkloadJson {
                id: &w.id,
                name: &w.name,
                owner: &w.owner,
                criticality: w.criticality.as_str(),
                sensitivity: w.sensitivity.as_str(),
                path: wp.path.path.as_str(),
                path_rule: wp.path.rule.number(),
                path_reason: &wp.path.reason,
                method: wp.method.method.as_str(),
                method_rule: wp.method.rule.number(),
                method_reason: &wp.method.reason,
                downtime_hours: hours(wp.downtime_hours),
                max_downtime_hours: wp.tolerance_hours,
                max_downtime_defaulted: wp.tolerance_defaulted,
                nonprod_wave: wp.nonprod_unit.map(|u| computed.units[u].wave),
                prod_wave: wp.prod_unit.map(|u| computed.units[u].wave),
                transfer_hours: wp
                    .estimates
                    .iter()
                    .map(|e| (e.path.as_str(), hours(e.hours)))
                    .collect(),
                databox_devices: wp.estimates.iter().find_map(|e| e.devices),
                depends_on: &w.depends_on,
                latency_tolerant: &w.latency_tolerant,
            })
            .collect(),
        hybrid_links: computed
            .hybrid_links
            .iter()
            .map(|l| LinkJson {
                from: &plan.workloads[l.from].id,
                to: &plan.workloads[l.to].id,
                from_wave: l.from_wave,
                to_wave: l.to_wave,
                tier: l.tier.as_str(),
                bridged: l.bridged,
            })
            .collect(),
        progress: progress_json(plan, computed),
        diagnostics: &computed.diagnostics,
        approvals: plan
            .approvals
            .iter()
            .zip(&computed.approvals)
            .map(|(a, state)| ApprovalJson {
                role: &a.role,
                name: &a.name,
                scope: a.scope.to_string(),
                revision: a.revision.as_deref().unwrap_or(&plan.meta.revision),
                signed_on: a.signed_on.map(|d| d.to_string()),
                state: state.as_str(),
                reason: match state {
                    crate::planning::ApprovalState::Stale { reason, .. } => Some(reason),
                    _ => None,
                },
            })
            .collect(),
        changes: computed.changes.as_ref(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn progress_json(plan: &Plan, computed: &Computed) -> ProgressJson {
    let p = progress::progress(plan, computed);
    ProgressJson {
        as_of: p.as_of.map(|d| d.to_string()),
        units: BTreeMap::from([
            (ResultStatus::Done.as_str(), p.done),
            (ResultStatus::InProgress.as_str(), p.in_progress),
            (ResultStatus::RolledBack.as_str(), p.rolled_back),
            (ResultStatus::Postponed.as_str(), p.postponed),
            (progress::PLANNED, p.planned),
        ]),
        data_gb_done: gb(p.data_gb_done),
        data_gb_total: gb(p.data_gb_total),
    }
}

pub const CSV_HEADER: [&str; 17] = [
    "wave",
    "wave_start",
    "wave_end",
    "workload",
    "name",
    "tier",
    "environments",
    "cutover",
    "method",
    "path",
    "data_gb",
    "transfer_hours",
    "downtime_hours",
    "owner",
    "criticality",
    "go",
    "status",
];

/// `waves.csv`: one row per unit, in wave and cutover order.
pub fn waves_csv(plan: &Plan, computed: &Computed) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    for wave in &computed.waves {
        for &u in &wave.units {
            let unit = &computed.units[u];
            let w = &plan.workloads[unit.workload];
            let _ = writer.write_record([
                wave.number.to_string(),
                wave.window.start.to_string(),
                wave.window.end.to_string(),
                w.id.clone(),
                w.name.clone(),
                unit.tier.as_str().to_string(),
                unit.environments.join(" "),
                unit.cutover.map(|d| d.to_string()).unwrap_or_default(),
                unit.method.as_str().to_string(),
                unit.path.as_str().to_string(),
                format!("{:.2}", unit.data_gb),
                format!("{:.2}", unit.transfer_hours),
                format!("{:.2}", unit.downtime_hours),
                w.owner.clone(),
                w.criticality.as_str().to_string(),
                if wave.go { "GO" } else { "NO-GO" }.to_string(),
                progress::unit_state(plan, unit).to_string(),
            ]);
        }
    }
    writer.into_inner().unwrap_or_default()
}

/// A name for ids: lowercase letters, digits and dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "plan".into()
    } else {
        trimmed.into()
    }
}

/// RFC 5545 TEXT escaping.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets (continuations start with a space), with CRLF.
fn ics_line(out: &mut String, line: &str) {
    let mut budget = 75;
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > budget {
            out.push_str("\r\n ");
            used = 0;
            budget = 74;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

fn ics_date(d: jiff::civil::Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `schedule.ics`: an all-day event per wave window and per cutover.
pub fn schedule_ics(plan: &Plan, computed: &Computed) -> String {
    let domain = format!("{}.waveplan", slug(&plan.meta.title));
    // No clock: the stamp is the plan's latest signature, or its start.
    let stamp = plan
        .approvals
        .iter()
        .filter_map(|a| a.signed_on)
        .max()
        .unwrap_or(plan.meta.start);
    let dtstamp = format!("DTSTAMP:{}T000000Z", ics_date(stamp));
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!("PRODID:-//waveplan//waveplan {}//EN", crate::VERSION),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        &format!("X-WR-CALNAME:{}", ics_text(&plan.meta.title)),
    ] {
        ics_line(&mut out, line);
    }
    let event = |out: &mut String,
                 uid: String,
                 start: jiff::civil::Date,
                 end: jiff::civil::Date,
                 summary: String,
                 description: String,
                 category: &str| {
        ics_line(out, "BEGIN:VEVENT");
        ics_line(out, &format!("UID:{uid}@{domain}"));
        ics_line(out, &dtstamp);
        ics_line(out, &format!("DTSTART;VALUE=DATE:{}", ics_date(start)));
        // DTEND of an all-day event is exclusive.
        ics_line(
            out,
            &format!(
                "DTEND;VALUE=DATE:{}",
                ics_date(crate::planning::calendar::add_days(end, 1))
            ),
        );
        ics_line(out, &format!("SUMMARY:{}", ics_text(&summary)));
        ics_line(out, &format!("DESCRIPTION:{}", ics_text(&description)));
        ics_line(out, &format!("CATEGORIES:{}", ics_text(category)));
        ics_line(out, "TRANSP:TRANSPARENT");
        ics_line(out, "END:VEVENT");
    };
    for wave in &computed.waves {
        let verdict = if wave.go { "GO" } else { "NO-GO" };
        let state = progress::wave_state(plan, computed, wave);
        let mut description = format!(
            "{} units. Go/no-go: {verdict}. State: {}.",
            wave.units.len(),
            state.label()
        );
        for &u in &wave.units {
            let unit = &computed.units[u];
            let _ = write!(
                description,
                "\n{} ({})",
                plan.workloads[unit.workload].id,
                unit.tier.as_str()
            );
        }
        event(
            &mut out,
            format!("wave-{}", wave.number),
            wave.window.start,
            wave.window.end,
            match state {
                WaveState::Planned => format!("{}: wave {}", plan.meta.title, wave.number),
                _ => format!(
                    "{}: wave {} ({})",
                    plan.meta.title,
                    wave.number,
                    state.label()
                ),
            },
            description,
            "Migration wave",
        );
        for &u in &wave.units {
            let unit = &computed.units[u];
            let w = &plan.workloads[unit.workload];
            let Some(day) = unit.cutover else { continue };
            let latest = progress::latest(plan, unit);
            let status = latest.map(|r| r.status);
            let description = format!(
                "Wave {}. State: {}. {} migration over {}, {:.1} h of downtime. Owner: {}.{}",
                wave.number,
                status.map_or(progress::PLANNED, |s| s.label()),
                unit.method.as_str(),
                unit.path.label(),
                unit.downtime_hours,
                w.owner,
                match (&w.rollback, unit.tier) {
                    (Some(r), Tier::Prod) => r
                        .authority
                        .as_ref()
                        .map(|a| format!(" Rollback authority: {a}."))
                        .unwrap_or_default(),
                    _ => String::new(),
                }
            );
            event(
                &mut out,
                format!("cutover-{}-{}", w.id, unit.tier.as_str()),
                day,
                day,
                match status {
                    Some(ResultStatus::Done) => {
                        format!("Cutover done: {} ({})", w.name, unit.tier.label())
                    }
                    Some(ResultStatus::InProgress) => {
                        format!("Cutover in progress: {} ({})", w.name, unit.tier.label())
                    }
                    _ => format!("Cutover: {} ({})", w.name, unit.tier.label()),
                },
                description,
                "Cutover",
            );
        }
    }
    ics_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        ics_line(&mut out, &long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }

    #[test]
    fn ics_text_is_escaped() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Contoso datacenter exit!"), "contoso-datacenter-exit");
        assert_eq!(slug("***"), "plan");
    }
}
