//! The changes since the plan's `baseline` (spec section 11), for the changes page, the
//! dashboard line and the "changed since revision X" blocks of wave and workload pages. The
//! lines are the ones `waveplan diff` prints ([`crate::diff::render`]).

use crate::changes::Changes;
use crate::diff::render;
use crate::model::Plan;
use crate::planning::{ApprovalState, Computed};
use crate::site::urls::Page;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    /// The baseline's revision and status.
    pub since: String,
    pub since_status: String,
    pub count: usize,
    /// "wave 3 GO -> NO-GO; 5 cutovers moved", or what else changed.
    pub summary: String,
    pub sections: Vec<SectionView>,
    /// Approvals the changes made stale.
    pub stale: Vec<StaleView>,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title: String,
    /// The id the section has on the changes page (`wave-3`), for links to it.
    pub anchor: String,
    /// The wave page, for a wave's section.
    pub wave_href: Option<String>,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub text: String,
    pub details: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaleView {
    pub name: String,
    pub role: String,
    pub scope: String,
    pub reason: String,
    /// Where on the changes page the change is: the wave's section for a wave approval.
    pub anchor: String,
}

/// The anchor of a wave's section on the changes page.
pub fn wave_anchor(number: u32) -> String {
    format!("wave-{number}")
}

pub fn changes_view(plan: &Plan, computed: &Computed) -> Option<ChangesView> {
    let changes: &Changes = computed.changes.as_ref()?;
    let sections = render::sections(changes)
        .into_iter()
        .map(|s| SectionView {
            anchor: s
                .wave
                .map_or_else(|| s.title.to_lowercase().replace(' ', "-"), wave_anchor),
            wave_href: s.wave.map(|n| Page::Wave(n).path()),
            title: s.title,
            items: s
                .items
                .into_iter()
                .map(|i| ItemView {
                    text: i.text,
                    details: i.details,
                })
                .collect(),
        })
        .collect();
    let stale = plan
        .approvals
        .iter()
        .zip(&computed.approvals)
        .filter_map(|(a, state)| match state {
            ApprovalState::Stale { revision, reason } if *revision == changes.old.revision => {
                Some(StaleView {
                    name: a.name.clone(),
                    role: a.role.clone(),
                    scope: a.scope.to_string(),
                    reason: reason.clone(),
                    anchor: match a.scope {
                        crate::model::Scope::Wave(n) => wave_anchor(n),
                        crate::model::Scope::Plan => String::new(),
                    },
                })
            }
            _ => None,
        })
        .collect();
    Some(ChangesView {
        since: changes.old.revision.clone(),
        since_status: changes.old.status.as_str().to_string(),
        count: changes.count(),
        summary: match render::highlights(changes) {
            h if !h.is_empty() => h.join("; "),
            _ if changes.is_empty() => "no changes".into(),
            _ => "no wave, cutover or approval moved".into(),
        },
        sections,
        stale,
        href: Page::Changes.path(),
    })
}

/// A wave's lines, empty when it did not change (or the plan has no baseline).
pub fn wave_lines(computed: &Computed, number: u32) -> Vec<String> {
    computed
        .changes
        .as_ref()
        .map(|c| render::wave_lines(c, number))
        .unwrap_or_default()
}

/// A workload's lines, empty when it did not change (or the plan has no baseline).
pub fn workload_lines(computed: &Computed, id: &str) -> Vec<String> {
    computed
        .changes
        .as_ref()
        .map(|c| render::workload_lines(c, id))
        .unwrap_or_default()
}
