//! A workload's history of results, and the review page a rollback names.

use crate::model::{Plan, ResultStatus, Tier};
use crate::site::urls::Page;
use crate::site::view::common::{RefView, result_line};
use jiff::civil::Date;
use serde::Serialize;

/// One result of a unit's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub tier_label: &'static str,
    pub state: &'static str,
    pub line: String,
    /// The latest result of its unit: the unit's state.
    pub latest: bool,
    pub review: Option<RefView>,
    /// A rollback with no review (`W-review`).
    pub review_missing: bool,
}

/// Every result of a workload's units, oldest first (non-production before production on a
/// day).
pub fn history(plan: &Plan, id: &str) -> Vec<HistoryEntry> {
    let mut out: Vec<(Date, Tier, HistoryEntry)> = Vec::new();
    for tier in [Tier::Nonprod, Tier::Prod] {
        let results = plan.results_of(id, tier);
        let last = results.len().saturating_sub(1);
        for (i, r) in results.into_iter().enumerate() {
            let rolled_back = r.status == ResultStatus::RolledBack;
            out.push((
                r.date,
                tier,
                HistoryEntry {
                    tier_label: tier.label(),
                    state: r.status.as_str(),
                    line: result_line(r),
                    latest: i == last,
                    review: r.review.as_deref().map(|file| review_ref(plan, file)),
                    review_missing: rolled_back && r.review.is_none(),
                },
            ));
        }
    }
    out.sort_by_key(|(date, tier, _)| (*date, *tier));
    out.into_iter().map(|(_, _, e)| e).collect()
}

/// The review page a result names (the loader checked that it is a free page).
pub(super) fn review_ref(plan: &Plan, file: &str) -> RefView {
    let file = file.trim_start_matches("./");
    match plan.notes.pages.iter().find(|p| p.note.file == file) {
        Some(p) => RefView {
            label: p
                .note
                .title
                .clone()
                .unwrap_or_else(|| p.slug.replace('-', " ")),
            href: Some(Page::Free(&p.slug).path()),
        },
        None => RefView {
            label: file.to_string(),
            href: None,
        },
    }
}
