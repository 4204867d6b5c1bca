//! [`Changes`] for people: plain text for a terminal and markdown for a change request or a
//! pull request. Both list the same items: plan-level keys first (they are causes), then wave
//! by wave the most consequential changes first (GO/NO-GO flips, units that moved wave,
//! cutover dates, method and path, estimates, inputs), then warnings, approvals and files.

use crate::changes::*;
use serde_json::Value;

/// One section of the report: a title and its items, each with optional sub-items.
pub struct ReportSection {
    pub title: String,
    /// The wave the section is about, if any.
    pub wave: Option<u32>,
    pub items: Vec<ReportItem>,
}

pub struct ReportItem {
    pub text: String,
    pub details: Vec<String>,
}

fn item(text: impl Into<String>) -> ReportItem {
    ReportItem {
        text: text.into(),
        details: Vec::new(),
    }
}

/// A value as a person reads it: strings bare, lists joined, absent keys named so.
pub fn value(v: &Value) -> String {
    match v {
        Value::Null => "(absent)".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(value).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

fn go(flag: bool) -> &'static str {
    if flag { "GO" } else { "NO-GO" }
}

fn window(w: &Option<WaveWindow>) -> String {
    w.as_ref()
        .map_or_else(|| "none".into(), |w| format!("{} to {}", w.start, w.end))
}

/// The order in which a result key is shown: cutovers, then path and method, then hours.
fn rank(key: &str) -> u8 {
    if key.ends_with("_cutover") {
        0
    } else if key == "path" || key == "method" {
        1
    } else {
        2
    }
}

/// The tier a result key concerns, if it concerns one unit only.
fn tier_of(key: &str) -> Option<&'static str> {
    if key.starts_with("nonprod_") {
        Some("nonprod")
    } else if key.starts_with("prod_") {
        Some("prod")
    } else {
        None
    }
}

/// One line per change of a key: `id: key old -> new`.
fn key_line(prefix: &str, c: &KeyChange) -> String {
    format!("{prefix}{}: {} -> {}", c.key, value(&c.old), value(&c.new))
}

/// A one-line summary: how many changes, then the ones a reviewer looks at first.
pub fn summary(changes: &Changes) -> String {
    if changes.is_empty() {
        return "no changes".into();
    }
    let mut parts = vec![crate::diagnostics::plural(changes.count(), "change")];
    parts.extend(highlights(changes));
    parts.join("; ")
}

/// The changes a reviewer looks at first: GO/NO-GO flips, units that moved wave, cutovers
/// that moved, approvals made stale.
pub fn highlights(changes: &Changes) -> Vec<String> {
    let mut parts = Vec::new();
    let flips: Vec<String> = changes
        .waves
        .iter()
        .filter_map(|w| {
            w.go.map(|f| format!("wave {} {} -> {}", w.number, go(f.old), go(f.new)))
        })
        .collect();
    parts.extend(flips);
    let moved: usize = changes.waves.iter().map(|w| w.entered.len()).sum();
    parts.extend(counted(moved, "unit", "entered another wave"));
    let cutovers = changes
        .workloads
        .iter()
        .flat_map(|w| &w.results)
        .filter(|c| c.key.ends_with("_cutover"))
        .count();
    parts.extend(counted(cutovers, "cutover", "moved"));
    let stale = changes
        .approvals
        .iter()
        .filter(|a| a.change == "stale")
        .count();
    parts.extend(counted(stale, "approval", "made stale"));
    parts
}

/// `3 units entered another wave`: `n` of `noun` and `what` befell them, when there are any.
fn counted(n: usize, noun: &str, what: &str) -> Option<String> {
    (n > 0).then(|| format!("{} {what}", crate::diagnostics::plural(n, noun)))
}

/// The report as sections, in the order they are shown.
pub fn sections(changes: &Changes) -> Vec<ReportSection> {
    let mut out = Vec::new();
    if !changes.plan.is_empty() {
        out.push(ReportSection {
            wave: None,
            title: "Plan".into(),
            items: changes.plan.iter().map(|c| item(key_line("", c))).collect(),
        });
    }
    let mut numbers: Vec<u32> = changes.waves.iter().map(|w| w.number).collect();
    numbers.extend(
        changes
            .workloads
            .iter()
            .flat_map(|w| [w.nonprod_wave, w.prod_wave])
            .flatten(),
    );
    numbers.sort_unstable();
    numbers.dedup();
    for number in numbers {
        let items = wave_items(changes, number);
        if items.is_empty() {
            continue;
        }
        let title = match changes.wave(number) {
            Some(w) => match (&w.change, &w.window) {
                (Presence::Added, _) => format!("Wave {number} (new)"),
                (Presence::Removed, _) => format!("Wave {number} (gone)"),
                (_, Some(c)) => {
                    format!("Wave {number}: {} (was {})", window(&c.new), window(&c.old))
                }
                _ => format!("Wave {number}"),
            },
            None => format!("Wave {number}"),
        };
        out.push(ReportSection {
            title,
            wave: Some(number),
            items,
        });
    }
    let w = &changes.warnings;
    if !w.added.is_empty() || !w.resolved.is_empty() {
        let line = |sign: &str, r: &WarningRef| item(format!("{sign} {}: {}", r.code, r.message));
        let mut items: Vec<ReportItem> = w.added.iter().map(|r| line("new", r)).collect();
        items.extend(w.resolved.iter().map(|r| line("resolved", r)));
        out.push(ReportSection {
            wave: None,
            title: "Warnings".into(),
            items,
        });
    }
    if !changes.approvals.is_empty() {
        out.push(ReportSection {
            wave: None,
            title: "Approvals".into(),
            items: changes.approvals.iter().map(approval_item).collect(),
        });
    }
    let f = &changes.files;
    if !f.is_empty() {
        let mut items: Vec<ReportItem> =
            f.added.iter().map(|p| item(format!("added {p}"))).collect();
        items.extend(f.removed.iter().map(|p| item(format!("removed {p}"))));
        items.extend(f.changed.iter().map(|p| item(format!("changed {p}"))));
        out.push(ReportSection {
            wave: None,
            title: "Files".into(),
            items,
        });
    }
    out
}

/// The items of one wave, most consequential first.
fn wave_items(changes: &Changes, number: u32) -> Vec<ReportItem> {
    let mut items = Vec::new();
    let wave = changes.wave(number);
    if let Some(w) = wave {
        let flips = w.checklist.iter().map(|c| {
            let now = match c.new {
                Some(true) => "passes now",
                Some(false) => "fails",
                None => "gone",
            };
            if c.reason.is_empty() || c.new == Some(true) {
                format!("{now}: {}", c.title)
            } else {
                format!("{now}: {} ({})", c.title, c.reason)
            }
        });
        match w.go {
            Some(f) => items.push(ReportItem {
                text: format!("{} -> {}", go(f.old), go(f.new)),
                details: flips.collect(),
            }),
            None => items.extend(flips.map(|t| item(format!("checklist {t}")))),
        }
    }
    // Workloads added and removed, then units that moved wave.
    for wc in &changes.workloads {
        let here = wc.wave() == Some(number);
        match wc.change {
            Presence::Added if here => items.push(item(format!("workload {} added", wc.id))),
            Presence::Removed if here => items.push(item(format!("workload {} removed", wc.id))),
            _ => {}
        }
    }
    let exists = |id: &str| {
        changes
            .workload(id)
            .is_none_or(|w| w.change == Presence::Changed)
    };
    if let Some(w) = wave {
        for m in w.entered.iter().filter(|m| exists(&m.workload)) {
            let from = m
                .wave
                .map_or("new unit".into(), |n| format!("from wave {n}"));
            items.push(item(format!("{} ({}) entered, {from}", m.workload, m.tier)));
        }
        for m in w.left.iter().filter(|m| exists(&m.workload)) {
            let to = m
                .wave
                .map_or("unit gone".into(), |n| format!("to wave {n}"));
            items.push(item(format!("{} ({}) left, {to}", m.workload, m.tier)));
        }
    }
    // Result changes by rank across workloads, then inputs.
    let changed: Vec<&WorkloadChange> = changes
        .workloads
        .iter()
        .filter(|w| w.change == Presence::Changed)
        .collect();
    for r in 0..=2 {
        for wc in &changed {
            for c in wc.results.iter().filter(|c| rank(&c.key) == r) {
                if c.key.ends_with("_wave") {
                    continue; // shown as units that entered or left
                }
                let wave = match tier_of(&c.key) {
                    Some("nonprod") => wc.nonprod_wave.or(wc.prod_wave),
                    _ => wc.wave(),
                };
                if wave == Some(number) {
                    items.push(item(key_line(&format!("{}: ", wc.id), c)));
                }
            }
        }
    }
    for wc in changed.iter().filter(|w| w.wave() == Some(number)) {
        items.extend(
            wc.inputs
                .iter()
                .map(|c| item(key_line(&format!("{}: ", wc.id), c))),
        );
    }
    items
}

fn approval_item(a: &ApprovalChange) -> ReportItem {
    let who = format!("{} ({}, {})", a.name, a.role, a.scope);
    // "pending", "signed for 2.0 on 2027-01-15", "signed for 2.0 on 2027-01-15, stale: ...".
    let describe = |s: &ApprovalSide| {
        let mut text = match (&s.signed_on, &s.revision) {
            (None, _) => s.state.to_string(),
            (Some(date), Some(rev)) => format!("signed for {rev} on {date}"),
            (Some(date), None) => format!("signed on {date}"),
        };
        if let Some(reason) = &s.reason {
            text = format!("{text}, stale: {reason}");
        }
        text
    };
    let text = match (&a.old, &a.new) {
        (None, Some(n)) => format!("{who}: added, {}", describe(n)),
        (Some(o), None) => format!("{who}: removed (was {})", describe(o)),
        (Some(o), Some(n)) => format!("{who}: {} (was {})", describe(n), describe(o)),
        (None, None) => who,
    };
    item(text)
}

fn header(changes: &Changes) -> String {
    let side = |s: &Side| {
        let name = s.source.as_deref().unwrap_or("");
        format!("{name} (revision {}, {})", s.revision, s.status.as_str())
            .trim_start()
            .to_string()
    };
    format!("{} -> {}", side(&changes.old), side(&changes.new))
}

/// The changes of one wave, one line each (a GO/NO-GO flip followed by its items), for the
/// wave's page.
pub fn wave_lines(changes: &Changes, number: u32) -> Vec<String> {
    wave_items(changes, number)
        .into_iter()
        .flat_map(|i| std::iter::once(i.text).chain(i.details))
        .collect()
}

/// The changes of one workload, one line each, for the workload's page.
pub fn workload_lines(changes: &Changes, id: &str) -> Vec<String> {
    let Some(w) = changes.workload(id) else {
        return Vec::new();
    };
    match w.change {
        Presence::Added => vec!["added since the baseline".into()],
        Presence::Removed => vec!["removed since the baseline".into()],
        Presence::Changed => {
            let mut results: Vec<&KeyChange> = w.results.iter().collect();
            results.sort_by_key(|c| rank(&c.key));
            results
                .into_iter()
                .chain(&w.inputs)
                .map(|c| key_line("", c))
                .collect()
        }
    }
}

/// Plain text for a terminal.
pub fn text(changes: &Changes) -> String {
    let mut out = format!("waveplan diff: {}\n{}\n", header(changes), summary(changes));
    for section in sections(changes) {
        out.push_str(&format!("\n{}\n", section.title));
        for i in section.items {
            out.push_str(&format!("  {}\n", i.text));
            for d in i.details {
                out.push_str(&format!("      {d}\n"));
            }
        }
    }
    out
}

/// Markdown for a change request or a pull request.
pub fn markdown(changes: &Changes) -> String {
    let mut out = format!(
        "## Plan changes: {}\n\n{}\n",
        header(changes).replace('`', "'"),
        summary(changes)
    );
    for section in sections(changes) {
        out.push_str(&format!("\n### {}\n\n", section.title));
        for i in section.items {
            out.push_str(&format!("- {}\n", escape(&i.text)));
            for d in i.details {
                out.push_str(&format!("  - {}\n", escape(&d)));
            }
        }
    }
    out
}

/// Keeps markdown from reading a change's text as markup. Backticks stay: messages quote ids
/// and keys in them, which markdown shows as code.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '[' | ']' | '<' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The JSON document of spec section 11.
pub fn json(changes: &Changes) -> String {
    let mut text = serde_json::to_string_pretty(changes).unwrap_or_default();
    text.push('\n');
    text
}
