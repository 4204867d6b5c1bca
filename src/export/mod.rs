//! The computed plan for other tools: `plan.json` (spec section 5), `waves.csv` and
//! `schedule.ics` (RFC 5545).
//!
//! A file per document: `plan_json` (the v1 shape, and the document assembled), with
//! plan.json's v2 parts apart: `load` (link load per wave, the units sharing a cutover day and
//! path), `progress` (results: the progress counts and each unit's actual), `scenarios`,
//! `approvals` (approval states; the changes since the baseline are `crate::changes`'s own
//! document); `waves_csv` and `ics` (`schedule.ics`). Here the rounding plan.json applies and
//! the slug of export names.

mod approvals;
mod ics;
mod load;
mod plan_json;
mod progress;
mod scenarios;
mod waves_csv;

pub use ics::schedule_ics;
pub use plan_json::plan_json;
pub use waves_csv::{CSV_HEADER, waves_csv};

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

/// A name for ids: the schema's slug rule, `plan` when nothing is left.
pub fn slug(text: &str) -> String {
    let slug = crate::schema::slug(text);
    if slug.is_empty() { "plan".into() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Contoso datacenter exit!"), "contoso-datacenter-exit");
        assert_eq!(slug("***"), "plan");
    }
}
