//! `schedule.ics` (RFC 5545): an all-day event per wave window and per cutover.

use super::slug;
use crate::model::{Plan, ResultStatus};
use crate::planning::progress::{self, WaveState};
use crate::planning::{Computed, Tier};
use std::fmt::Write as _;

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
}
