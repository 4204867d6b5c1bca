//! Markdown notes and free pages.

use std::collections::BTreeMap;

/// A markdown note with its optional `+++` front matter.
#[derive(Debug, Clone)]
pub struct Note {
    /// Path relative to the plan folder (`workloads/crm.md`).
    pub file: String,
    pub title: Option<String>,
    pub weight: i64,
    pub body: String,
}

/// A free page from `pages/<slug>.md`.
#[derive(Debug, Clone)]
pub struct FreePage {
    pub slug: String,
    pub note: Note,
}

#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub workloads: BTreeMap<String, Note>,
    pub rollback: BTreeMap<String, Note>,
    /// Sorted by weight, then slug.
    pub pages: Vec<FreePage>,
}
